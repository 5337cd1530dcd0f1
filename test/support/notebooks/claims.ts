// What the example notebooks claim in words, held as numbers: each claim reads a notebook's outputs (the text a cell
// printed, a chart's one-line description, its Vega-Lite spec) and its prose, and says what is wrong, or null. The
// same claims are checked on the committed notebooks (test/notebook-claims.test.ts) and on freshly executed ones
// (test/notebooks.test.ts), so a change of the model or the charts that makes the prose untrue fails a test.

import * as path from "node:path";
import type { Notebook } from "./notebooks";

type Cell = Notebook["cells"][number];

const text = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));
const source = (c: Cell) => text(c.source);

/** Every text/plain a code cell shows (streams and displays), joined. */
function outputText(c: Cell): string {
  return (c.outputs ?? []).map((o) => (o.text !== undefined ? text(o.text) : text(o.data?.["text/plain"]))).join("\n");
}

/** The markdown of a notebook, joined. */
function prose(nb: Notebook): string {
  return nb.cells
    .filter((c) => c.cell_type === "markdown")
    .map(source)
    .join("\n");
}

/** The output of the first code cell whose source matches `code`. */
function output(nb: Notebook, code: RegExp): string {
  const c = nb.cells.find((x) => x.cell_type === "code" && code.test(source(x)));
  if (!c) throw new Error(`no code cell matching ${code}`);
  return outputText(c);
}

/** The Vega-Lite spec shown by the first code cell whose source matches `code`. */
function spec(nb: Notebook, code: RegExp): Record<string, any> {
  const c = nb.cells.find((x) => x.cell_type === "code" && code.test(source(x)));
  const o = c?.outputs?.find((x) => x.data?.["application/vnd.vegalite.v5+json"]);
  if (!o) throw new Error(`no chart from a code cell matching ${code}`);
  return o.data!["application/vnd.vegalite.v5+json"] as Record<string, any>;
}

/** A number captured by `re` (its first group) in `s`. */
function num(s: string, re: RegExp): number {
  const m = re.exec(s);
  if (!m) throw new Error(`no ${re} in: ${s.slice(0, 400)}`);
  return Number(m[1].replace(/,/g, ""));
}

/** A row of a printed table, by its first cell: the numbers in it. */
function row(s: string, first: string): number[] {
  const line = s.split("\n").find((l) => l.startsWith(first));
  if (!line) throw new Error(`no row "${first}" in: ${s.slice(0, 400)}`);
  return line
    .slice(first.length)
    .trim()
    .split(/\s{2,}/)
    .map(Number);
}

export interface Claim {
  /** The claim, as the notebook's prose makes it. */
  says: string;
  /** What is wrong (a message with the numbers), or null when the notebook's outputs bear the claim out. */
  check(nb: Notebook): string | null;
}

const within = (v: number, lo: number, hi: number, what: string) =>
  v >= lo && v <= hi ? null : `${what} is ${v}, expected ${lo} to ${hi}`;
const first = (...xs: (string | null)[]) => xs.find((x) => x !== null) ?? null;

export const CLAIMS: Record<string, Claim[]> = {
  "01-gc-basics.ipynb": [
    {
      says: "the goal formula holds within about half a percent",
      check: (nb) => {
        const diffs = output(nb, /difference_pct/)
          .split("\n")
          .filter((l) => /^\s*\d+\s+\d+/.test(l) && !l.includes("×"))
          .map((l) => Math.abs(Number(l.trim().split(/\s+/).pop())));
        return diffs.length === 0 ? "no rows" : within(Math.max(...diffs), 0, 0.6, "largest |difference_pct|");
      },
    },
    {
      says: "the stacks are stacked above the heap in the memory chart (not under the saw-tooth)",
      check: (nb) => {
        const p = prose(nb);
        if (/under the heap's saw-tooth/.test(p)) return "the prose still says the stacks are under the saw-tooth";
        if (!/stacked \*above\* the heap/.test(p)) return "the prose does not say where the stacks are";
        const order: string[] = spec(nb, /stacks\["5,000 goroutines/).layer[0].encoding.color.sort;
        return order.findIndex((x) => /stacks/.test(x)) > order.findIndex((x) => /live heap/.test(x))
          ? null
          : `stacking order ${order.join(" < ")}`;
      },
    },
    {
      says: "with 5,000 goroutines the stacks raise the goal by about as much again as twice the marked heap",
      check: (nb) => {
        const [, , goal, go117] = row(output(nb, /go_1_17_goal_mib/), "5,000 goroutines × 16 KiB");
        return within(goal / go117, 1.5, 2.1, "goal / twice the marked heap");
      },
    },
  ],
  "02-capacity-planning.ipynb": [
    {
      says: "without a limit the service needs more than 512 MiB (a 512 MiB container without GOMEMLIMIT is OOM-killed)",
      check: (nb) => {
        const peak = num(output(nb, /^const unlimited = run\(base\)/), /^peak RSS\s+(\d+) MiB$/m);
        const row = tableRows(output(nb, /const day = await grid/)).find((r) => r[0] === "512MiB" && r[1] === "off");
        return first(
          within(peak, 513, Infinity, "peak RSS of the day without limits (MiB)"),
          row && row[5] !== "null" ? null : "512MiB without GOMEMLIMIT is not OOM-killed in the grid",
        );
      },
    },
    {
      says: "a limit well below the container keeps peak RSS just above the limit, whatever the container",
      check: (nb) => {
        const rows = tableRows(output(nb, /const day = await grid/)).filter(
          (r) => r[1] === "384MiB" || r[1] === "416MiB",
        );
        if (rows.length === 0) return "no rows with GOMEMLIMIT 384MiB or 416MiB";
        for (const r of rows) {
          const limit = Number(r[1].replace("MiB", ""));
          const rss = Number(r[2]) / MiB;
          const bad = within(rss - limit, 0, 0.02 * limit, `peak RSS − GOMEMLIMIT in ${r[0]} with ${r[1]} (MiB)`);
          if (bad) return bad;
        }
        return null;
      },
    },
    {
      says: "0 kills in 10 runs could still be about a 28 % chance of a kill",
      check: (nb) => {
        const rows = tableRows(output(nb, /const robust = await grid/)).filter((r) => r[3] === "0");
        return rows.length === 0
          ? "no cell without a kill"
          : first(...rows.map((r) => within(Number(r[4]), 0.27, 0.29, `ci95 high with 0 of ${r[2]} killed`)));
      },
    },
    {
      says: "the recommendation's p99 peak RSS and margin are the noisy grid's",
      check: (nb) => {
        const o = output(nb, /const candidates = aq/);
        const m =
          /Recommendation: container (\d+)MiB, GOMEMLIMIT=(\d+)MiB: p99 peak RSS (\d+) MiB, a margin of (\d+) MiB/.exec(
            o,
          );
        if (!m) return "no recommendation line";
        const [container, limit, p99, margin] = m.slice(1).map(Number);
        const cell = tableRows(output(nb, /const robust = await grid/)).find(
          (r) => r[0] === `${container}MiB` && r[1] === `${limit}MiB`,
        );
        if (!cell) return `no grid cell ${container}MiB × ${limit}MiB`;
        const gridP99 = Number(cell[6]) / MiB;
        return first(
          within(Math.abs(gridP99 - p99), 0, 0.5, `|grid p99 ${gridP99.toFixed(1)} − stated ${p99}| MiB`),
          within(container - p99 - margin, -1, 1, "container − p99 − stated margin (MiB)"),
          within(margin / container, 0.1, 1, "margin / container"),
        );
      },
    },
  ],
  "03-incident-goroutine-leak.ipynb": [
    {
      says: "each leaked goroutine costs about twice the 80 KiB it holds",
      check: (nb) =>
        within(
          num(output(nb, /perGoroutine/), /RSS per leaked goroutine: (\d+) KiB/) / 80,
          1.6,
          2.4,
          "RSS per leaked goroutine / 80 KiB",
        ),
    },
    {
      says: "GOMEMLIMIT postpones the kill by several minutes",
      check: (nb) => {
        const t = output(nb, /summaryTable\(runs\)/);
        const [incident] = row(t, "GOMEMLIMIT unset (the incident)");
        const [at90] = row(t, "GOMEMLIMIT=460MiB (90 %)");
        return within((at90 - incident) / 60, 3, 15, "minutes gained with GOMEMLIMIT at 90 %");
      },
    },
    {
      says: "in the 90 % run the GC CPU limiter never switches on",
      check: (nb) =>
        /limiter never on/.test(output(nb, /gcChart\(runs\["GOMEMLIMIT=460MiB/))
          ? null
          : "the GC chart's description says the limiter was on",
    },
  ],
  "04-death-spiral.ipynb": [
    {
      says: "the heap goal flattens about 32 MiB below the limit (not at it): the limit minus the memory that is not heap",
      check: (nb) => {
        const s = output(nb, /plateau/);
        const lo = num(s, /from 5 to 9 min: ([\d.]+) to/);
        const hi = num(s, /to ([\d.]+) MiB,/);
        const below = num(s, /([\d.]+) MiB below GOMEMLIMIT/);
        const notHeap = num(s, /not heap: ([\d.]+) MiB/);
        const stated = num(prose(nb), /then flattens — about (\d+) MiB \*below\* the limit/);
        return first(
          within(hi - lo, 0, 2, "the goal's range from 5 to 9 min (MiB)"),
          within(below - notHeap, -2, 2, "gap to the limit − memory that is not heap (MiB)"),
          within(Math.abs(below - stated), 0, 1, `|measured ${below} − stated ${stated}| MiB`),
        );
      },
    },
    {
      says: "the limiter is on for about 28 s in all, between 9 and 11 minutes (the shading covers that, not more)",
      check: (nb) => {
        const description = output(nb, /gcChart\(runs\["GOMEMLIMIT=400MiB, GOGC=100"\]\)/);
        const on = num(description, /limiter on for ([\d.]+)s in all/);
        const stated = num(prose(nb), /for about (\d+) s in all/);
        const g = spec(nb, /gcChart\(runs\["GOMEMLIMIT=400MiB, GOGC=100"\]\)/);
        const band = JSON.stringify(g).includes('"share"') ? g.vconcat[3].layer[0] : null;
        if (!band) return "no limiter shading";
        const rows = parseCsv(band.data.values);
        const shaded = rows.reduce((a, r) => a + r.share * (r.t1 - r.t0), 0) * 60; // the axis is in minutes
        return first(
          within(Math.abs(on - stated), 0, 1, `|limiter on ${on} s − stated ${stated} s|`),
          within(Math.abs(shaded - on), 0, 0.02 * on + 0.5, `|shaded ${shaded.toFixed(1)} s − on ${on} s|`),
        );
      },
    },
    {
      says: "all three die, the limited ones much later",
      check: (nb) => {
        const t = output(nb, /summaryTable\(runs\)/);
        const [noLimit] = row(t, "no limit, GOGC=100");
        const [limited] = row(t, "GOMEMLIMIT=400MiB, GOGC=100");
        return within((limited - noLimit) / 60, 5, 15, "minutes gained with the limit");
      },
    },
  ],
  "05-cpu-quota.ipynb": [
    {
      says: "with 16 Ps the marks are shorter, not stretched, and pauses stall for tens of milliseconds",
      check: (nb) => {
        const p = prose(nb);
        if (/stretch\w*\s+(the\s+)?marks?\b/.test(p)) return "the prose says a high GOMAXPROCS stretches the marks";
        // Columns after the run: cycles, pause_p50_ms, pause_max_ms, pauses_over_10ms, mark_p50_ms, mark_max_ms.
        const t = output(nb, /aq\.from\(Object\.entries\(quota2\)/);
        const [, , pauseMax16, , mark16] = row(t, "GOMAXPROCS=16 (the node's cores)");
        const [, , pauseMax2, , mark2] = row(t, "GOMAXPROCS=2 (automaxprocs)");
        return first(
          within(mark16 / mark2, 0, 0.5, "median mark with 16 Ps / with 2 Ps"),
          within(pauseMax16, 10, 100, "longest pause with 16 Ps (ms)"),
          within(pauseMax2, 0, 0.1, "longest pause with 2 Ps (ms)"),
        );
      },
    },
    {
      says: "with 16 Ps the quota throttles the process in 14 of 599 periods (0.43 s); with 2 Ps never",
      check: (nb) => {
        // Columns after the run: gc_cycles, gc_cpu_fraction, max_pause_s, cpu_quota_periods, throttled_periods,
        // throttled_s.
        const t = output(nb, /summaryTable\(quota2\)/);
        const [, , , periods16, throttled16, seconds16] = row(t, "GOMAXPROCS=16 (the node's cores)");
        const [, , , , throttled2] = row(t, "GOMAXPROCS=2 (automaxprocs)");
        const p = prose(nb);
        const stated = [
          num(p, /quota in (\d+)\s+of \d+ periods/),
          num(p, /quota in \d+\s+of (\d+) periods/),
          num(p, /periods, ([\d.]+) s in all/),
        ];
        return first(
          within(throttled16, 1, periods16, "periods throttled with 16 Ps"),
          within(throttled2, 0, 0, "periods throttled with 2 Ps"),
          stated[0] === throttled16 && stated[1] === periods16 && Math.abs(stated[2] - seconds16) < 0.01
            ? null
            : `the prose says ${stated.join(", ")}, the table ${throttled16}, ${periods16}, ${seconds16}`,
        );
      },
    },
    {
      says: "the two GC charts are drawn on the same scales",
      check: (nb) => {
        const domains = (s: Record<string, any>) =>
          JSON.stringify(s.vconcat.slice(0, 3).map((p: any) => p.layer[0].encoding.y.scale.domain));
        const a = spec(nb, /gcChart\(quota2\["GOMAXPROCS=16/);
        const b = spec(nb, /gcChart\(quota2\["GOMAXPROCS=2/);
        return domains(a) === domains(b) ? null : `y domains ${domains(a)} and ${domains(b)}`;
      },
    },
  ],
  "06-sim-vs-real.ipynb": [
    {
      says: "the OOM kill is answered within a few percent, and the two real runs differ by a few hundred milliseconds",
      check: (nb) => {
        const [, sim, rep1, rep2, e1, e2] = cells(output(nb, /compare\(sim, real\)/), "OOM kill").map(Number);
        return first(
          within(Math.max(Math.abs(e1), Math.abs(e2)), 0, 0.05, "largest |OOM kill error|"),
          within(Math.abs(rep1 - rep2), 0.1, 1, "|rep1 − rep2| OOM kill (s)"),
          within(sim, Math.min(rep1, rep2) - 1, Math.max(rep1, rep2) + 1, "simulated kill (s)"),
        );
      },
    },
    {
      says: "peak heap in use follows the leak closely; GC cycles differ more, and between the real runs too",
      check: (nb) => {
        const t = output(nb, /compare\(sim, real\)/);
        const [, , inUse1, inUse2, ie1, ie2] = cells(t, "peak heap in use").map(Number);
        const [, , c1, c2, ce1, ce2] = cells(t, "GC cycles").map(Number);
        const heapErr = Math.max(Math.abs(ie1), Math.abs(ie2));
        return first(
          within(heapErr, 0, 0.05, "largest |peak heap in use error|"),
          Math.max(Math.abs(ce1), Math.abs(ce2)) > heapErr
            ? null
            : `GC cycles' errors ${ce1}, ${ce2} are not larger than peak heap in use's ${ie1}, ${ie2}`,
          c1 !== c2 ? null : `the real runs have the same ${c1} GC cycles`,
          inUse1 > 0 && inUse2 > 0 ? null : "a real run without peak heap in use",
        );
      },
    },
    {
      says: "peak RSS ends at the container's limit (256 MiB) in every run",
      check: (nb) => {
        const [, sim, rep1, rep2] = cells(output(nb, /compare\(sim, real\)/), "peak RSS").map(Number);
        return first(
          within(sim, 256, 256, "simulated peak RSS (MiB)"),
          within(rep1, 256 * 0.98, 256 * 1.02, "rep1 peak RSS (MiB)"),
          within(rep2, 256 * 0.98, 256 * 1.02, "rep2 peak RSS (MiB)"),
        );
      },
    },
    {
      says: "GC CPU is where the model and a real run differ most",
      check: (nb) => {
        const t = output(nb, /compare\(sim, real\)/);
        const worst = (m: string) =>
          Math.max(
            ...cells(t, m)
              .slice(4, 6)
              .map((x) => Math.abs(Number(x))),
          );
        const gc = worst("GC CPU");
        const others = ["GC cycles", "peak heap (gctrace", "peak heap in use", "peak RSS", "OOM kill"].map(worst);
        return gc > Math.max(...others)
          ? null
          : `GC CPU's largest |error| ${gc} is not the largest (others ${others.join(", ")})`;
      },
    },
    {
      says: "after the first cycle the leaked goroutines are born with 8 KiB stacks, in the model as in the real runs",
      check: (nb) => {
        const s = output(nb, /starting stack size/);
        const m = /simulated (\d+) B, real (\d+) B \/ (\d+) B/.exec(s);
        return m && m.slice(1).every((x) => x === "8192") ? null : `starting stack sizes: ${s.trim()}`;
      },
    },
    {
      says: "in the real run's GC chart the marks grow longer as the leak grows",
      check: (nb) => {
        const rows = chartRows(spec(nb, /gcChart\(real\[0\]\)/), "mark");
        if (rows.length < 8) return `${rows.length} cycles with a mark`;
        const q = Math.floor(rows.length / 4);
        const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
        const early = median(rows.slice(0, q).map((r) => r.mark));
        const late = median(rows.slice(-q).map((r) => r.mark));
        return late > 1.5 * early ? null : `median mark of the last quarter ${late} ms, of the first ${early} ms`;
      },
    },
  ],
  "08-upgrading-go.ipynb": [
    {
      says: "the 400 MiB cache of 4 KiB pointerful objects takes the 4,864-byte class under Go 1.26: 478 MiB reachable",
      check: (nb) => {
        const t = output(nb, /const at = \(r: RunResult\)/);
        const [r19, r26] = [...t.matchAll(/reachable_MiB: (\d+)/g)].map((m) => Number(m[1]));
        const p = prose(nb);
        return first(
          within(r26 / r19, 4864 / 4096 - 0.01, 4864 / 4096 + 0.01, "reachable heap, Go 1.26 / Go 1.19"),
          num(p, /\((?:the|a) malloc header[^]*?(\d+) MiB reachable/) === r26
            ? null
            : `the prose's reachable MiB is not ${r26}`,
        );
      },
    },
    {
      says: "peak RSS 870 → 1042 MiB (+20 %), runtime metadata 51 → 25 MiB, GOMAXPROCS 16 → 2, throttled 1.08 s → never",
      check: (nb) => {
        // Columns after the run: go_version, gc_cycles, peak_heap_in_use_bytes, peak_rss_bytes, gc_cpu_fraction, ...
        const t = output(nb, /summaryTable\(runs\)/);
        const rss19 = row(t, "Go 1.19")[3] / 2 ** 20;
        const rss26 = row(t, "Go 1.26")[3] / 2 ** 20;
        const at = output(nb, /const at = \(r: RunResult\)/);
        const [m19, m26] = [...at.matchAll(/metadata_MiB: (\d+)/g)].map((m) => Number(m[1]));
        const [p19, p26] = [...at.matchAll(/gomaxprocs: (\d+)/g)].map((m) => Number(m[1]));
        const [t19, t26] = [...at.matchAll(/throttled_s: ([\d.]+)/g)].map((m) => Number(m[1]));
        const p = prose(nb);
        return first(
          within(num(p, /peak RSS (\d+) →/) - rss19, -1, 1, "the prose's Go 1.19 peak RSS less the table's (MiB)"),
          within(
            num(p, /peak RSS \d+ → (\d+) MiB/) - rss26,
            -1,
            1,
            "the prose's Go 1.26 peak RSS less the table's (MiB)",
          ),
          within(
            num(p, /MiB \(\+(\d+) %\)/),
            (rss26 / rss19 - 1) * 100 - 1,
            (rss26 / rss19 - 1) * 100 + 1,
            "the prose's +%",
          ),
          num(p, /metadata (\d+) →/) === m19 && num(p, /metadata \d+ → (\d+) MiB/) === m26
            ? null
            : `the prose's metadata is not ${m19} → ${m26} MiB`,
          p19 === 16 && p26 === 2 ? null : `GOMAXPROCS ${p19} and ${p26}, the prose says 16 and 2`,
          within(num(p, /\(([\d.]+) s throttled/) - t19, -0.01, 0.01, "the prose's throttled seconds less the run's"),
          within(t26, 0, 0, "seconds throttled under Go 1.26"),
        );
      },
    },
    {
      says: "GC CPU in cores is 0.06 under Go 1.26 against 0.08 under Go 1.19 (a share of 2 Ps against 16)",
      check: (nb) => {
        const t = output(nb, /summaryTable\(runs\)/);
        const cores19 = row(t, "Go 1.19")[4] * 16;
        const cores26 = row(t, "Go 1.26")[4] * 2;
        const p = prose(nb);
        return first(
          within(
            num(p, /in cores\s+it is ([\d.]+)/) - cores26,
            -0.005,
            0.005,
            "the prose's Go 1.26 cores less the run's",
          ),
          within(
            num(p, /in cores\s+it is [\d.]+ against ([\d.]*\d)/) - cores19,
            -0.005,
            0.005,
            "the prose's Go 1.19 cores less the run's",
          ),
        );
      },
    },
    {
      says: "Go 1.26 at GOGC=50 peaks below Go 1.19 at GOGC=100 (844 vs 870 MiB), for 5.4 % of its 2 Ps in GC",
      check: (nb) => {
        // Columns: go.version, go.GOGC, gc_cycles, peak_rss_bytes, gc_cpu_fraction.
        const t = output(nb, /await grid\(service/);
        const cell = (v: string, gogc: number) => {
          const line = t.split("\n").find((l) => new RegExp(`^${v.replace(".", "\\.")}\\s+${gogc}\\s`).test(l));
          if (!line) throw new Error(`no grid row ${v} ${gogc}`);
          return line.trim().split(/\s+/).map(Number);
        };
        const [, , , rss26at50, cpu26at50] = cell("1.26", 50);
        const [, , , rss19at100] = cell("1.19", 100);
        const p = prose(nb);
        return first(
          rss26at50 < rss19at100 ? null : `Go 1.26 at GOGC=50 peaks at ${rss26at50}, Go 1.19 at 100 at ${rss19at100}`,
          within(
            num(p, /GOGC=50 peaks at (\d+) MiB/) - rss26at50 / 2 ** 20,
            -1,
            1,
            "the prose's 1.26/50 MiB less the grid's",
          ),
          within(
            num(p, /GOGC=100 \((\d+) MiB\)/) - rss19at100 / 2 ** 20,
            -1,
            1,
            "the prose's 1.19/100 MiB less the grid's",
          ),
          within(
            num(p, /for ([\d.]+) % of its 2 Ps/) - cpu26at50 * 100,
            -0.05,
            0.05,
            "the prose's GC % less the grid's",
          ),
        );
      },
    },
  ],
  "07-incident-from-a-trace.ipynb": [
    {
      says: "in the last cycles the marked heap grows by about 6 MiB per second; the stacks are at 36 MiB at the last cycle, 31",
      check: (nb) => {
        const rows = output(nb, /trace\.cycles\.select/)
          .split("\n")
          .filter((l) => /^\s*\d+\s+[\d.]+\s+\d+/.test(l))
          .map((l) => l.trim().split(/\s+/).map(Number));
        if (rows.length < 2) return "no cycle rows";
        const [a, b] = [rows[0], rows[rows.length - 1]];
        const slope = (b[4] - a[4]) / (b[1] - a[1]) / MiB;
        return first(
          within(slope, 5, 7, "marked heap growth (MiB/s)"),
          within(b[6] / MiB, 35, 37, "stacks at the last cycle (MiB)"),
          within(b[0], 31, 31, "last cycle"),
        );
      },
    },
    {
      says: "the fit found a leak of about 6 MiB/s and GOGC=100 with no memory limit",
      check: (nb) => {
        const src = output(nb, /console\.log\(f\.source\)/);
        const m = /Live heap: .* ([\d.]+)\s*[–-]\s*([\d.]+) s ([\d.]+) MiB → ([\d.]+) MiB\./.exec(src);
        if (!m) return "no live-heap phase in the fitted source";
        const [from, to, lo, hi] = m.slice(1).map(Number);
        return first(
          within((hi - lo) / (to - from), 5, 7, "fitted leak (MiB/s)"),
          /GOGC=100:/.test(src) ? null : "GOGC is not 100",
          /GOMEMLIMIT: none/.test(src) ? null : "a GOMEMLIMIT was inferred",
        );
      },
    },
    {
      says: "the fitted scenario reproduces the trace's cycles, peak heap and goals within a few per cent",
      check: (nb) => {
        const d = output(nb, /fitChart\(trace, f\.result/);
        const e = [
          /GC cycles ([+-]?[\d.]+) %/,
          /peak heap ([+-]?[\d.]+) %/,
          /goal per cycle ([\d.]+) % RMS/,
          /marked heap ([\d.]+) % RMS/,
        ].map((re) => Math.abs(num(d, re)));
        return within(Math.max(...e), 0, 5, "largest fit error (%)");
      },
    },
    {
      says: "its OOM kill is within a few per cent of the real one (12.84 s), which it never saw",
      check: (nb) =>
        within(
          Math.abs(num(output(nb, /const simKill/), /at [\d.]+ s \(([+-]?[\d.]+) %\)/)),
          0,
          5,
          "|fitted kill − real kill| (%)",
        ),
    },
    {
      says: "what-if: GOMEMLIMIT and GOGC=50 die later for more GC CPU, a bigger container later, more traffic a little earlier",
      check: (nb) => {
        const t = output(nb, /summaryTable\(whatIf\)/);
        // Columns after the run: simulated_s, gc_cycles, peak_rss_bytes, gc_cpu_fraction, oom_killed_at_s.
        const [, , , cpu0, kill0] = row(t, "as fitted");
        const [, , , cpuLimit, killLimit] = row(t, "GOMEMLIMIT=192MiB");
        const [, , , , killBig] = row(t, "container 512 MiB");
        const [, , , cpu50, kill50] = row(t, "GOGC=50");
        const [, , , , killTraffic] = row(t, "traffic +50 %");
        return first(
          killLimit > kill0 && cpuLimit > cpu0
            ? null
            : `GOMEMLIMIT: kill ${killLimit} s (fitted ${kill0}), GC CPU ${cpuLimit} (${cpu0})`,
          killBig > kill0 ? null : `512 MiB: kill ${killBig} s`,
          kill50 > kill0 && cpu50 > cpu0 ? null : `GOGC=50: kill ${kill50} s, GC CPU ${cpu50}`,
          within(killTraffic / kill0, 0.9, 1, "kill with +50 % traffic / as fitted"),
        );
      },
    },
    {
      says: "the scenario fitted without GOMEMLIMIT predicts the real run with GOMEMLIMIT=192MiB within a few per cent",
      check: (nb) => {
        const s = output(nb, /withLimit\.time_to_oom_s/);
        const real = num(s, /real: OOM-killed at ([\d.]+) s/);
        const predicted = num(s, /predicted from the run without it: ([\d.]+) s/);
        return within(Math.abs(predicted - real) / real, 0, 0.05, "|predicted − real| / real kill");
      },
    },
    {
      says: "Go 1.26: the fitted scenario is killed sooner (12.05 s instead of 12.94 s), after fewer GC cycles (28 instead of 32), with a larger peak heap in use (212 instead of 203 MiB)",
      check: (nb) => {
        // Columns after the run: go_version, gc_cycles, peak_heap_bytes, peak_heap_in_use_bytes, gc_cpu_fraction,
        // oom_killed_at_s.
        const t = output(nb, /summaryTable\(versions\)/);
        const [v19, cycles19, , inUse19, , kill19] = row(t, "Go 1.19 (as fitted)");
        const [v126, cycles126, , inUse126, , kill126] = row(t, "Go 1.26");
        const p = prose(nb);
        const m =
          /killed at ([\d.]+) s instead of ([\d.]+) s, after (\d+) GC cycles\s+instead of (\d+), with a peak heap in use of (\d+) MiB instead of (\d+) MiB/.exec(
            p,
          );
        if (!m) return "the prose does not state the Go 1.26 run's kill, cycles and peak heap in use";
        const [sKill126, sKill19, sCycles126, sCycles19, sInUse126, sInUse19] = m.slice(1).map(Number);
        return first(
          v19 === 1.19 && v126 === 1.26 ? null : `go_version ${v19} and ${v126}`,
          kill126 < kill19 && cycles126 < cycles19 && inUse126 > inUse19
            ? null
            : `Go 1.26: kill ${kill126} s (1.19: ${kill19}), ${cycles126} cycles (${cycles19}), peak heap in use ${inUse126} (${inUse19})`,
          within(Math.abs(sKill126 - kill126) + Math.abs(sKill19 - kill19), 0, 0.01, "|stated − table| kills (s)"),
          sCycles126 === cycles126 && sCycles19 === cycles19
            ? null
            : `the prose says ${sCycles126} and ${sCycles19} cycles, the table ${cycles126} and ${cycles19}`,
          within(
            Math.abs(sInUse126 - inUse126 / MiB) + Math.abs(sInUse19 - inUse19 / MiB),
            0,
            1,
            "|stated − table| peak heap in use (MiB)",
          ),
        );
      },
    },
    {
      says: "over nine seeds the fitted scenario under Go 1.26 is killed about 1.0 s sooner than under Go 1.19 (medians 12.36 and 13.38 s)",
      check: (nb) => {
        const s = output(nb, /const k19 = kills/);
        const m19 = num(s, /Go 1\.19 median ([\d.]+) s/);
        const m126 = num(s, /Go 1\.26 median ([\d.]+) s/);
        const p = prose(nb);
        const stated = [
          num(p, /a median of ([\d.]+) s against/),
          num(p, /a median of [\d.]+ s against\s+([\d.]+) s/),
          num(p, /die ([\d.]+) s sooner \(the median of nine seeds/),
        ];
        return first(
          within(m19 - m126, 0.5, 2.5, "Go 1.19 − Go 1.26 median kill (s)"),
          within(Math.abs(stated[0] - m126) + Math.abs(stated[1] - m19), 0, 0.01, "|stated − printed| medians (s)"),
          within(Math.abs(stated[2] - (m19 - m126)), 0, 0.05, "|stated − printed| difference of the medians (s)"),
        );
      },
    },
    {
      says: "the real Go 1.26.8 runs are killed 0.36 s sooner on average than the four real Go 1.19.8 runs (12.85 against 13.21 s), less than those differ among themselves",
      check: (nb) => {
        const s = output(nb, /const k19 = kills/);
        const m =
          /Go 1\.19\.8 ([\d.]+) and ([\d.]+) s \(the trace's run and its rep2\), ([\d.]+) and ([\d.]+) s \(re-recorded\); Go 1\.26\.8 ([\d.]+) and ([\d.]+) s/.exec(
            s,
          );
        if (!m) return `no real kills line in: ${s}`;
        const real19 = m.slice(1, 5).map(Number);
        const real126 = m.slice(5, 7).map(Number);
        const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
        const [lo, hi] = [Math.min(...real19), Math.max(...real19)];
        const p = prose(nb);
        const stated = {
          kills: [
            num(p, /Go 1\.26\.8 was killed at ([\d.]+) and/),
            num(p, /Go 1\.26\.8 was killed at [\d.]+ and ([\d.]+) s/),
          ],
          range: [
            num(p, /the four Go 1\.19\.8 runs at ([\d.]+) to/),
            num(p, /the four Go 1\.19\.8 runs at [\d.]+ to\s+([\d.]+) s/),
          ],
          sooner: num(p, /on average ([\d.]+) s sooner \(/),
          means: [num(p, /s sooner \(([\d.]+) against/), num(p, /s sooner \([\d.]+ against ([\d.]+) s\)/)],
        };
        const shift = mean(real19) - mean(real126);
        return first(
          within(
            shift,
            0,
            hi - lo,
            "real Go 1.19.8 mean kill − Go 1.26.8 mean kill (s), against the Go 1.19.8 runs' range",
          ),
          stated.kills[0] === real126[0] &&
            stated.kills[1] === real126[1] &&
            stated.range[0] === lo &&
            stated.range[1] === hi
            ? null
            : `the prose says ${JSON.stringify(stated)}, the outputs ${real126.join(", ")}, ${lo}–${hi}`,
          within(
            Math.abs(stated.sooner - shift) +
              Math.abs(stated.means[0] - mean(real126)) +
              Math.abs(stated.means[1] - mean(real19)),
            0,
            0.015,
            "|stated − computed| mean kills (s)",
          ),
        );
      },
    },
    {
      says: "the fitted scenario's Go 1.26 median kill is within 10 % (1 % before) of the nearer real Go 1.26.8 kill; GOMAXPROCS stays 2",
      check: (nb) => {
        const s = output(nb, /const k19 = kills/);
        const m126 = num(s, /Go 1\.26 median ([\d.]+) s/);
        const real126 = [num(s, /Go 1\.26\.8 ([\d.]+) and/), num(s, /Go 1\.26\.8 [\d.]+ and ([\d.]+) s/)];
        const err = Math.min(...real126.map((k) => Math.abs(m126 - k) / k));
        const stated = num(
          prose(nb),
          /its Go 1\.26 median, [\d.]+ s, is (\d+) % (?:before|after) the nearer real Go 1\.26\.8 kill/,
        );
        const nearer = real126.reduce((a, b) => (Math.abs(m126 - a) <= Math.abs(m126 - b) ? a : b));
        const direction = /is \d+ % (before|after) the nearer real Go 1\.26\.8 kill/.exec(prose(nb))?.[1];
        return first(
          within(err, 0, 0.1, "|fitted Go 1.26 median − nearer real Go 1.26.8 kill| / real"),
          within(Math.abs(stated - 100 * err), 0, 0.5, `|stated ${stated} % − ${(100 * err).toFixed(1)} %|`),
          direction === (m126 < nearer ? "before" : "after")
            ? null
            : `the prose says ${direction}, the median ${m126} s is ${m126 < nearer ? "before" : "after"} ${nearer} s`,
          /GOMAXPROCS at the first cycle: Go 1\.19 2, Go 1\.26 2/.test(s) ? null : "GOMAXPROCS is not 2 under both",
        );
      },
    },
  ],
};

/** A row of a printed table, by its first cell: its other cells as text (columns apart by two spaces or more). */
function cells(s: string, first: string): string[] {
  const line = s.split("\n").find((l) => l.startsWith(first));
  if (!line) throw new Error(`no row "${first}" in: ${s.slice(0, 400)}`);
  return line
    .trim()
    .split(/\s{2,}/)
    .slice(1);
}

/**
 * The rows of a printed table (its header and its "N rows × M columns" line left out): cells apart by two spaces or
 * more.
 */
function tableRows(s: string): string[][] {
  const lines = s.split("\n").filter((l) => l.trim() !== "" && !/^\d+ rows × \d+ columns/.test(l.trim()));
  return lines.slice(1).map((l) => l.trim().split(/\s{2,}/));
}

/** The rows of the first inline dataset in a spec that has the column `field` (and a time `t`), in order. */
function chartRows(sp: unknown, field: string): Record<string, number>[] {
  const found: Record<string, number>[][] = [];
  const walk = (x: unknown) => {
    if (x === null || typeof x !== "object") return;
    const o = x as Record<string, any>;
    if (o.values !== undefined && (typeof o.values === "string" || Array.isArray(o.values))) {
      const rows = parseCsv(o.values);
      if (rows.length > 0 && field in rows[0] && "t" in rows[0]) found.push(rows);
    }
    for (const v of Object.values(o)) walk(v);
  };
  walk(sp);
  return found[0] ?? [];
}

const MiB = 1024 * 1024;

/** Rows of inline chart data (objects, or the typed CSV of charts.ts's inline()). */
function parseCsv(values: unknown): Record<string, number>[] {
  if (Array.isArray(values)) return values as Record<string, number>[];
  const [head, ...lines] = String(values).split("\n");
  const names = head.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [names[i], Number(v)])));
}

/** The claims of a notebook file that fail: "notebook: claim: what is wrong". */
export function failedClaims(file: string, nb: Notebook): string[] {
  const name = path.basename(file);
  const out: string[] = [];
  for (const c of CLAIMS[name] ?? []) {
    let problem: string | null;
    try {
      problem = c.check(nb);
    } catch (e) {
      problem = (e as Error).message;
    }
    if (problem !== null) out.push(`${name}: ${c.says}: ${problem}`);
  }
  return out;
}
