// The HTML report: one self-contained page (inline SVG charts, no script, no CDN) that works offline.

import type { RunResult } from "./result";
import { gcCyclesChart, memoryChart } from "./charts";
import { toSVG } from "./render";
import { summaryRows } from "./summary";
import { formatBytes } from "./units";

export async function htmlReport(r: RunResult): Promise<string> {
  const [memory, cycles] = await Promise.all([toSVG(memoryChart(r)), toSVG(gcCyclesChart(r))]);
  const rows = summaryRows(r.summary)
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`)
    .join("\n");
  const s = r.plan.scenario;
  const settings =
    `GOGC=${s.go.GOGC < 0 ? "off" : s.go.GOGC} GOMEMLIMIT=${s.go.GOMEMLIMIT === null ? "off" : formatBytes(s.go.GOMEMLIMIT)} GOMAXPROCS=${s.go.GOMAXPROCS}` +
    (s.container.memoryBytes !== null ? `, container memory ${formatBytes(s.container.memoryBytes)}` : "") +
    (s.container.cpus !== null ? `, ${s.container.cpus} CPUs` : "");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>heapcast: ${esc(s.name)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 12px; text-align: left; }
th { font-weight: 600; }
.chart { margin: 1.5em 0; }
</style></head>
<body>
<h1>${esc(s.name)}</h1>
<p>${esc(settings)}; simulated ${r.summary.simulatedSeconds} s with the Go 1.19 runtime model of heapcast.</p>
<table class="summary">
${rows}
</table>
<div class="chart" id="memory-chart">${memory}</div>
<div class="chart" id="gc-chart">${cycles}</div>
</body></html>
`;
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string);
}
