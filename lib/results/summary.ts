// The summary as people read it (the CLI's text summary, the report's table).

import type { Summary } from "./result";
import { formatBytes } from "../authoring/units";
import { goVersion, type GoVersionName } from "../../kernel/versions";

export function summaryRows(s: Summary): [string, string][] {
  return [
    ["scenario", s.scenario],
    ["Go version", `${s.goVersion} (${goVersion(s.goVersion as GoVersionName).toolchain}'s runtime)`],
    ["simulated", `${s.simulatedSeconds} s`],
    ["GC cycles", String(s.gcCycles)],
    ["peak heap (at mark termination)", formatBytes(s.peakHeapBytes)],
    ["peak heap in use", formatBytes(s.peakHeapInUseBytes)],
    ["final heap goal", s.finalHeapGoalBytes === null ? "none (GOGC=off, no memory limit)" : formatBytes(s.finalHeapGoalBytes)],
    ["peak RSS", formatBytes(s.peakRssBytes)],
    ["GC CPU", `${(s.gcCpuFraction * 100).toFixed(2)} %`],
    ["max STW pause", `${(s.maxPauseSeconds * 1e3).toFixed(3)} ms`],
    ["OOM kill", s.oomKilledAtSeconds === null ? "none" : `at ${s.oomKilledAtSeconds.toFixed(3)} s`],
    ["CPU quota throttled", s.cpuQuota === null ? "none (no quota)" : `${s.cpuQuota.throttledPeriods} of ${s.cpuQuota.periods} periods, ${s.cpuQuota.throttledSeconds.toFixed(3)} s`],
    ["kernel", `${s.events} events in ${s.wallMs.toFixed(1)} ms`],
  ];
}

export function summaryText(s: Summary): string {
  const rows = summaryRows(s);
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n") + "\n";
}
