// The HTML report (`heapcast run --report FILE.html`): one self-contained page that works offline — the same charts as
// in notebooks (charts.ts), inlined as SVG; no script, no stylesheet or font to fetch, no CDN.

import type { RunResult } from "../results/result";
import type { ImportedRun } from "../results/importers/imported-run";
import { compare } from "../results/compare";
import {
  formatSeconds,
  gcChart,
  goroutinesChart,
  hasGoroutines,
  memoryChart,
  settingsLine,
  type ChartSpec,
} from "./charts";
import { toSVG } from "./render";
import { summaryRows } from "../results/summary";

/** The charts of a report, in order: memory, GC cycles, and goroutines when the run has any besides main. */
export function reportCharts(r: RunResult): { id: string; spec: ChartSpec }[] {
  const charts = [
    { id: "memory-chart", spec: memoryChart(r) },
    { id: "gc-chart", spec: gcChart(r) },
  ];
  if (hasGoroutines(r)) charts.push({ id: "goroutines-chart", spec: goroutinesChart(r) });
  return charts;
}

export async function htmlReport(r: RunResult): Promise<string> {
  const charts = reportCharts(r);
  const svgs = await Promise.all(charts.map((c) => toSVG(c.spec)));
  // What changes from one execution to the next (the kernel's wall time) is left out: the same run, the same page.
  const rows = summaryRows(r.summary, { stable: true })
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`)
    .join("\n");
  const s = r.plan.scenario;
  const events = r.events
    .objects()
    .slice(0, 200)
    .map(
      (e: any) =>
        `<tr><td>${(e.t_s as number).toFixed(3)}</td><td>${esc(String(e.kind))}</td><td>${esc(String(e.detail))}</td></tr>`,
    )
    .join("\n");
  const more =
    r.events.numRows() > 200 ? `<p>… ${r.events.numRows() - 200} more events (see <code>--csv</code>).</p>` : "";
  const figures = charts
    .map(
      (c, i) =>
        `<figure class="chart" id="${c.id}" role="img" aria-label="${esc(String(c.spec.description ?? ""))}">\n${svgs[i]}\n<figcaption>${esc(String(c.spec.description ?? ""))}</figcaption>\n</figure>`,
    )
    .join("\n");
  return `${pageHead(`heapcast: ${s.name}`)}<h1>${esc(s.name)}</h1>
<p>${esc(settingsLine(r.plan))}; simulated ${esc(formatSeconds(r.summary.simulatedSeconds))} of ${esc(formatSeconds(s.durationNs / 1e9))} with heapcast's model of the Go ${esc(s.go.version)} runtime.</p>
<table class="summary">
${rows}
</table>
${figures}
<h2>Events</h2>
<table class="events"><tr><th>t (s)</th><th>kind</th><th>detail</th></tr>
${events}
</table>
${more}
</body></html>
`;
}

/** The top of both pages, down to `<body>`: the title and the page's only stylesheet (inline; nothing to fetch). */
function pageHead(title: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font: 14px/1.45 "DejaVu Sans", Verdana, system-ui, sans-serif; margin: 2em auto; max-width: 980px; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 12px; text-align: left; vertical-align: top; }
th { font-weight: 600; }
figure.chart { margin: 2em 0; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 13px; margin-top: 0.3em; }
.events td:first-child { text-align: right; font-variant-numeric: tabular-nums; }
</style></head>
<body>
`;
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string);
}

/**
 * The page of `heapcast real --report` and `heapcast run --real DIR --report`: the simulation laid over the real runs
 * of the same plan — the fidelity table (each rep's value and the simulation's error), the overlay chart, each real
 * rep's events — then the simulation's own report.
 */
export async function compareReport(sim: RunResult, reals: ImportedRun[]): Promise<string> {
  const c = compare(sim, reals);
  const overlay = await toSVG(c.chart);
  const cols = c.table.columnNames();
  const fmt = (k: string, v: unknown) =>
    v === null || v === undefined
      ? "–"
      : k.startsWith("error_")
        ? `${(v as number) * 100 >= 0 ? "+" : ""}${((v as number) * 100).toFixed(1)} %`
        : String(v);
  const rows = (c.table.objects() as Record<string, unknown>[])
    .map((r) => `<tr>${cols.map((k) => `<td>${esc(fmt(k, r[k]))}</td>`).join("")}</tr>`)
    .join("\n");
  const repInfo = reals
    .map((r, i) => {
      const x: Record<string, any> = r.record?.result ?? {};
      const lim = x.limits ?? {};
      const enforced = [
        lim.memory?.in_plan ? `memory ${lim.memory.enforced ? "enforced" : "NOT enforced"}` : null,
        lim.cpu?.in_plan ? `CPU quota ${lim.cpu.enforced ? "enforced" : "NOT enforced"}` : null,
      ]
        .filter(Boolean)
        .join(", ");
      const ev = (r.events.objects() as { t_s: number; kind: string; detail: string }[])
        .map((e) => `<tr><td>${e.t_s.toFixed(3)}</td><td>${esc(e.kind)}</td><td>${esc(e.detail)}</td></tr>`)
        .join("\n");
      return (
        `<h3>real rep${i + 1}</h3><p>${esc(String(x.go_version))} (go line ${esc(String(x.go_line))}), ${esc(String(x.host_cpus))} CPUs, kernel ${esc(String(x.kernel))}; ` +
        `cgroup v${esc(String(lim.cgroup_version ?? "–"))}${enforced ? `, ${esc(enforced)}` : ""}; ran ${esc(String(x.wall_s))} s; ` +
        `other CPU on the machine ${esc(String(x.machine?.other_cpu_cores_avg ?? "–"))} cores; ${esc(r.record?.dir ?? r.summary.scenario)}</p>` +
        `<table class="events"><tr><th>t (s)</th><th>kind</th><th>detail</th></tr>\n${ev}\n</table>`
      );
    })
    .join("\n");
  const simPage = await htmlReport(sim);
  const simBody = simPage.slice(simPage.indexOf("<body>") + "<body>".length, simPage.indexOf("</body>"));
  const s = sim.plan.scenario;
  return `${pageHead(`heapcast: ${s.name}, simulated and real`)}<h1>${esc(s.name)}: simulated and real</h1>
<p>${esc(settingsLine(sim.plan))}. The simulation (heapcast's model) against ${reals.length} real run${reals.length === 1 ? "" : "s"} of the same plan. Error = (sim − real) / real.</p>
<table class="fidelity"><tr>${cols.map((k) => `<th>${esc(k)}</th>`).join("")}</tr>
${rows}
</table>
<figure class="chart" id="overlay-chart" role="img" aria-label="${esc(String(c.chart.description ?? ""))}">
${overlay}
<figcaption>${esc(String(c.chart.description ?? ""))}</figcaption>
</figure>
<h2>The real runs</h2>
${repInfo}
<h2>The simulation</h2>
${simBody}
</body></html>
`;
}
