// One chart per calibration workload: simulated and real (both reps) heap in use, heap goal and RSS over time.
import type { Comparison } from "./fidelity";

const MiB = 2 ** 20;

export function fidelityChart(c: Comparison): Record<string, unknown> {
  const rows: Record<string, unknown>[] = [];
  for (const s of c.result.raw.samples) {
    const t = s.tNs / 1e9;
    rows.push({ t, run: "heapcast", metric: "heap in use", MiB: (s.heapObjectsBytes + s.heapUnusedBytes) / MiB });
    if (s.heapGoalBytes !== null) rows.push({ t, run: "heapcast", metric: "heap goal", MiB: s.heapGoalBytes / MiB });
    rows.push({ t, run: "heapcast", metric: "RSS", MiB: s.rssBytes / MiB });
  }
  for (const rep of c.reps) {
    const run = `real rep${rep.rep}`;
    for (const s of rep.samples()) {
      rows.push({ t: s.t, run, metric: "heap in use", MiB: s.heapInUse / MiB });
      if (s.heapGoal < 2 ** 52) rows.push({ t: s.t, run, metric: "heap goal", MiB: s.heapGoal / MiB });
      rows.push({ t: s.t, run, metric: "RSS", MiB: s.rss / MiB });
    }
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: { text: `${c.workload}: heapcast vs real Go 1.19.8`, anchor: "start" },
    data: { values: rows },
    facet: { row: { field: "metric", type: "nominal", title: null, sort: ["heap in use", "heap goal", "RSS"] } },
    spec: {
      width: 720,
      height: 150,
      mark: { type: "line", strokeWidth: 1.5, clip: true },
      encoding: {
        x: { field: "t", type: "quantitative", title: "time (s)" },
        y: { field: "MiB", type: "quantitative", title: "MiB" },
        color: {
          field: "run",
          type: "nominal",
          scale: { domain: ["heapcast", "real rep1", "real rep2"], range: ["#d62728", "#1f77b4", "#9ecae1"] },
        },
        strokeDash: {
          field: "run",
          type: "nominal",
          scale: {
            domain: ["heapcast", "real rep1", "real rep2"],
            range: [
              [1, 0],
              [4, 2],
              [2, 2],
            ],
          },
        },
      },
    },
    resolve: { scale: { y: "independent" } },
  };
}
