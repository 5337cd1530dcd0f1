// Importers on real files (the calibration corpus' gctraces and samples; gctraces recorded from a small program with
// Go 1.19.8 and Go 1.26.8) and on damaged copies of them: cut short, junk lines, fields reordered or missing.

import * as fs from "node:fs";
import * as path from "node:path";
import { gzipSync, gunzipSync } from "node:zlib";
import {
  parseGctraceLog,
  GctraceError,
  importGctrace,
  importSamples,
  importRun,
  importPrometheus,
  importFile,
  detectFormat,
  parseSamples,
  SamplesError,
  parsePrometheus,
  PrometheusError,
  promNameOf,
  compareChart,
} from "../lib";
import { REAL_GO_DIR, listWorkloads } from "./support/realgo";

const FIX = path.join(__dirname, "fixtures/gctrace");
const go119 = fs.readFileSync(path.join(FIX, "go1.19.8-small.txt"), "utf8");
const go126 = fs.readFileSync(path.join(FIX, "go1.26.8-small.txt"), "utf8");
const gcLines = (t: string) => t.split("\n").filter((l) => l.startsWith("gc "));
const runDir = (w: string) => path.join(REAL_GO_DIR, "runs", w, "rep1");

describe("gctrace: the corpus (Go 1.19.8, 21 workloads)", () => {
  test.each(listWorkloads())("%s: every gc line read, every scav line read apart, nothing else", (w) => {
    const text = fs.readFileSync(path.join(runDir(w), "gctrace.txt"), "utf8");
    const log = parseGctraceLog(text);
    const lines = text.split("\n").filter((l) => l !== "");
    expect(log.cycles.length).toBe(gcLines(text).length);
    expect(log.cycles.map((c) => c.cycle)).toEqual(log.cycles.map((_, i) => i + 1));
    expect(log.scavenger.length).toBe(lines.filter((l) => l.startsWith("scav ")).length);
    expect(log.scavenger.every((s) => s.format === "go1.19-1.20")).toBe(true);
    expect(log.skipped.application).toBeUndefined();
    expect(log.truncated).toBeNull();
    // result.json's own count of the gc lines agrees.
    const result = JSON.parse(fs.readFileSync(path.join(runDir(w), "result.json"), "utf8"));
    expect(log.cycles.length).toBe(result.gctrace_summary.gc_lines);
  });
});

describe("gctrace and samples: this project's Go 1.26.8 corpus (heapcast real, 21 workloads)", () => {
  const dir = path.join(REAL_GO_DIR, "go1.26.8");
  test.each(fs.readdirSync(dir).sort())(
    "%s rep1: every gc line read, scavenger lines in Go 1.21+'s layout, every sample read",
    (w) => {
      const rep = path.join(dir, w, "rep1");
      const text = fs.readFileSync(path.join(rep, "gctrace.txt"), "utf8");
      const log = parseGctraceLog(text);
      expect(log.cycles.length).toBe(gcLines(text).length);
      expect(log.cycles.length).toBeGreaterThan(10);
      expect(log.scavenger.length).toBeGreaterThan(0);
      expect(log.scavenger.every((s) => s.format === "go1.21+")).toBe(true);
      expect(log.skipped.application).toBeUndefined();
      const result = JSON.parse(fs.readFileSync(path.join(rep, "result.json"), "utf8"));
      const r = importRun({
        gctrace: { file: path.join(rep, "gctrace.txt") },
        samples: { file: path.join(rep, "samples.jsonl.gz") },
      });
      expect(r.timeline.numRows()).toBe(result.samples_summary.n_samples);
      expect(r.timeline.columnNames()).toEqual(
        expect.arrayContaining(["/gc/gogc:percent", "/gc/gomemlimit:bytes", "rss:bytes"]),
      );
    },
  );
});

describe("gctrace: recorded with Go 1.19.8 and Go 1.26.8 (application log lines between the runtime's)", () => {
  test.each([
    ["1.19.8", go119, "go1.19-1.20"],
    ["1.26.8", go126, "go1.21+"],
  ])(
    "Go %s: cycles, the forced one, the program's lines counted, scavenger lines in that release's format",
    (_v, text, format) => {
      const log = parseGctraceLog(text);
      expect(log.cycles.length).toBe(gcLines(text).length);
      expect(log.cycles.length).toBeGreaterThanOrEqual(10);
      expect(log.cycles.filter((c) => c.forced).length).toBe(2); // runtime.GC() and debug.FreeOSMemory()
      const appLines = text.split("\n").filter((l) => / app: /.test(l)).length;
      expect(appLines).toBeGreaterThan(3);
      expect(log.skipped.application?.count).toBe(appLines);
      expect(log.skipped.application?.first).toMatch(/^\d{4}\/\d{2}\/\d{2} .* app: step 0/);
      expect(log.scavenger.length).toBe(text.split("\n").filter((l) => l.startsWith("scav ")).length);
      expect(new Set(log.scavenger.map((s) => s.format))).toEqual(new Set([format]));
      expect(log.scavenger.filter((s) => s.forced).length).toBe(1);
      // Every field of a line, as printed.
      const first = gcLines(text)[0];
      const c = log.cycles[0];
      expect(first).toContain(`gc 1 @${c.startSeconds.toFixed(3)}s ${c.cpuPercent}%: `);
      expect(first).toContain(
        `, ${c.heapStartMiB}->${c.heapEndMiB}->${c.heapMarkedMiB} MB, ${c.goalMiB} MB goal, ${c.stacksMiB} MB stacks, ${c.globalsMiB} MB globals, ${c.procs} P`,
      );
    },
  );

  test("Go 1.26's goroutine leak check annotation, Go 1.13–1.18's and 1.12's scavenger lines", () => {
    const line = gcLines(go126)[1].replace(/%: /, "% (checking for goroutine leaks): ");
    const text = [
      gcLines(go126)[0],
      "scav 3 128 KiB work, 2376 KiB total, 99% util",
      "scvg0: 1 MB released",
      "scvg0: inuse: 4, idle: 0, sys: 5, released: 1, consumed: 4 (MB)",
      "scvg-1: 0 MB released",
      "scav 0 KiB work, 2376 KiB total, 63% util [controller reset]",
      line,
    ].join("\n");
    const log = parseGctraceLog(text);
    expect(log.cycles.map((c) => c.leakCheck)).toEqual([false, true]);
    expect(log.scavenger.map((s) => s.format)).toEqual([
      "go1.13-1.18",
      "go1.12-released",
      "go1.12-summary",
      "go1.12-released",
      "go1.19-1.20",
    ]);
    expect(log.scavenger.map((s) => s.releasedBytes)).toEqual([128 * 1024, 2 ** 20, null, 0, 0]);
    expect(log.scavenger[3].forced).toBe(true);
    expect(log.skipped.application).toBeUndefined();
  });
});

describe("gctrace: damaged copies", () => {
  const lines = go126.split("\n").filter((l) => l !== "");
  const n = gcLines(go126).length;

  test("the last gc line cut at every character: reported as cut short, the cycles before it read", () => {
    const lastGc = lines
      .map((l, i) => (l.startsWith("gc ") ? i : -1))
      .filter((i) => i >= 0)
      .pop()!;
    const body = lines.slice(0, lastGc).join("\n") + "\n";
    const full = lines[lastGc];
    for (let k = 1; k < full.length; k++) {
      const cut = full.slice(0, k);
      const log = parseGctraceLog(body + cut);
      if (log.truncated === null) {
        // A cut that lands on a complete line (after "P", before " (forced)") is that line.
        expect(cut.trimEnd()).toMatch(/ P$/);
        expect(log.cycles.length).toBe(n);
      } else {
        expect(log.cycles.length).toBe(n - 1);
        expect(log.truncated.line).toBe(lastGc + 1);
      }
    }
  });

  test("a gc line cut short in the middle of the log is an error naming the line and the field", () => {
    const k = lines.findIndex((l) => l.startsWith("gc 5 "));
    const damaged = [...lines];
    damaged[k] = damaged[k].slice(0, damaged[k].indexOf(" MB goal"));
    expect(() => parseGctraceLog(damaged.join("\n"))).toThrow(GctraceError);
    expect(() => parseGctraceLog(damaged.join("\n"))).toThrow(
      new RegExp(`^gctrace line ${k + 1}: malformed gc line: heap goal: expected " G MB goal,", got " \\d+"`),
    );
    // Asked to, it skips it and says so.
    const log = parseGctraceLog(damaged.join("\n"), { malformed: "skip" });
    expect(log.cycles.length).toBe(n - 1);
    expect(log.malformed).toEqual([
      expect.objectContaining({ line: k + 1, problem: expect.stringMatching(/^heap goal: expected/) }),
    ]);
    expect(log.missingCycles).toEqual([{ from: 5, to: 5 }]);
  });

  test("fields reordered or missing: the error names the field expected", () => {
    const k = lines.findIndex((l) => l.startsWith("gc 3 "));
    const swap = lines[k].replace(/(\d+ MB goal), (\d+ MB stacks)/, "$2, $1");
    expect(() => parseGctraceLog([lines[0], swap, lines[k + 1]].join("\n"))).toThrow(
      /line 2: malformed gc line: heap goal: expected " G MB goal,", got " 0 MB stacks/,
    );
    const missing = lines[k].replace(/ \d+ MB globals,/, "");
    expect(() => parseGctraceLog([missing, lines[k + 1]].join("\n"))).toThrow(
      /line 1: malformed gc line: globals: expected " L MB globals,"/,
    );
    const cpu = lines[k].replace(/ ms cpu/, " ms cpus");
    expect(() => parseGctraceLog([cpu, lines[k + 1]].join("\n"))).toThrow(
      /CPU times: expected " A\+B\/C\/D\+E ms cpu,"/,
    );
    const trailing = lines[k] + " trailing";
    expect(() => parseGctraceLog([trailing, lines[k + 1]].join("\n"))).toThrow(
      /end of line: expected " \(forced\)" or the end of the line/,
    );
  });

  test("junk lines anywhere are counted as application lines and change nothing", () => {
    const junk = [
      "panic-free junk",
      '{"level":"info","msg":"gc done"}',
      "gc",
      "GC",
      "scavenger says hi",
      "pacer:x",
      "garbage collection 5 @ noon",
    ];
    const mixed: string[] = [];
    lines.forEach((l, i) => {
      mixed.push(l);
      mixed.push(junk[i % junk.length]);
    });
    mixed.push("app: the end");
    const log = parseGctraceLog(mixed.join("\n"));
    expect(log.cycles).toEqual(parseGctraceLog(go126).cycles.map((c) => ({ ...c, line: expect.any(Number) })));
    const appCount = lines.filter((l) => / app: /.test(l)).length;
    // "pacer:x" is not a pacer line (those are "pacer: ..."); every junk line is an application line.
    expect(log.skipped.application!.count).toBe(appCount + lines.length + 1);
  });

  test("log timestamps before every line (Go's log, RFC 3339, CRI's stream prefix) are read as wall-clock times", () => {
    const at = (i: number) => new Date(Date.UTC(2026, 2, 1, 3, 12, 0) + i * 50).toISOString();
    for (const prefix of [
      (i: number) => `${at(i)} `,
      (i: number) => `${at(i)} stderr F `,
      (i: number) => `${at(i).replace("T", " ").replace("Z", "")} checkout-api | `,
    ]) {
      const log = parseGctraceLog(lines.map((l, i) => prefix(i) + l).join("\n"));
      expect(log.cycles.length).toBe(n);
      expect(log.timestamps).toBe(true);
      const k = lines.findIndex((l) => l.startsWith("gc 1 "));
      expect(log.cycles[0].loggedAtMs).toBe(Date.parse(at(k)));
      expect(log.scavenger.length).toBe(lines.filter((l) => l.startsWith("scav")).length);
    }
  });

  test("two processes in one log (a restart): an error naming where each starts, unless one is chosen", () => {
    const text = go119 + go126;
    expect(() => parseGctraceLog(text)).toThrow(
      /holds 2 processes \(gc numbering restarts: 1 from line 1, 2 from line \d+\); choose one/,
    );
    expect(parseGctraceLog(text, { process: 1 }).cycles.length).toBe(gcLines(go119).length);
    expect(parseGctraceLog(text, { process: "last" }).cycles.length).toBe(n);
    expect(() => parseGctraceLog(text, { process: 3 })).toThrow(/process: expected 1 to 2 or "last", got 3/);
  });

  test("the corpus' OOM-killed run, its last line cut: every complete cycle read", () => {
    const text = fs.readFileSync(path.join(runDir("goroutine_leak_200ps_16k_stack_cgroup256m"), "gctrace.txt"), "utf8");
    const cut = text.slice(0, text.lastIndexOf("gc 31 ") + 40);
    const log = parseGctraceLog(cut);
    expect(log.cycles.length).toBe(30);
    expect(log.truncated).toEqual({ line: cut.split("\n").length, text: cut.split("\n").pop() });
  });

  test("no gc line at all is an import error, not an empty run", () => {
    expect(() => importGctrace("hello\nworld\n")).toThrow(/no gc line in 2 lines/);
  });
});

describe("runtime/metrics samples: the corpus' samples.jsonl.gz", () => {
  test.each(listWorkloads().slice(0, 21))("%s: every sample, runtime/metrics names as columns, rss:bytes", (w) => {
    const result = JSON.parse(fs.readFileSync(path.join(runDir(w), "result.json"), "utf8"));
    const r = importSamples({ file: path.join(runDir(w), "samples.jsonl.gz") });
    expect(r.timeline.numRows()).toBe(result.samples_summary.n_samples);
    expect(r.timeline.columnNames()).toEqual(
      expect.arrayContaining([
        "t_s",
        "/gc/heap/goal:bytes",
        "/sched/goroutines:goroutines",
        "rss:bytes",
        "ms.HeapInuse",
      ]),
    );
    expect(r.summary.peakRssBytes).toBe(result.samples_summary.peak_rss_bytes);
    expect(r.summary.peakHeapInUseBytes).toBe(result.samples_summary.peak_heap_inuse_bytes);
    expect(r.summary.gcCycles).toBe(result.samples_summary["final./gc/cycles/total:gc-cycles"]);
  });

  test("damaged: the last line cut is reported; a bad line elsewhere, a missing time or time going backwards is an error", () => {
    const text = gunzipSync(
      fs.readFileSync(path.join(runDir("steady_gogc100_live64m_500mibps"), "samples.jsonl.gz")),
    ).toString("utf8");
    const lines = text.trim().split("\n");
    const cut = lines.slice(0, 10).join("\n") + "\n" + lines[10].slice(0, 300);
    const s = parseSamples(gzipSync(cut), "cut.jsonl.gz");
    expect(s.columns.t_s.length).toBe(10);
    expect(s.read).toMatch(/line 11 cut short \(not read\)/);
    const bad = [...lines.slice(0, 5), lines[5].slice(0, 100), ...lines.slice(6, 10)].join("\n");
    expect(() => parseSamples(bad, "bad.jsonl")).toThrow(
      /^bad.jsonl line 6: expected a JSON object of runtime\/metrics samples/,
    );
    expect(() => parseSamples('{"x": 1}\n', "x.jsonl")).toThrow(
      /x.jsonl line 1: expected a time field \("t_rt": seconds since the Go runtime started/,
    );
    const back = [lines[1], lines[0]].join("\n");
    expect(() => parseSamples(back, "b.jsonl")).toThrow(SamplesError);
    expect(() => parseSamples(back, "b.jsonl")).toThrow(/b.jsonl line 2: "t_rt": .* is before the previous sample's/);
  });

  test("a gctrace and the samples of the same run: cycles from the one, the timeline from the other; compareChart takes it", () => {
    const dir = runDir("goroutine_leak_200ps_16k_stack_cgroup256m");
    const r = importRun(
      { gctrace: { file: path.join(dir, "gctrace.txt") }, samples: { file: path.join(dir, "samples.jsonl.gz") } },
      { oomKilledAtSeconds: 12.84, container: { memoryBytes: 256 * 2 ** 20 } },
    );
    expect(r.cycles.numRows()).toBe(31);
    expect(r.timeline.numRows()).toBe(255);
    expect(r.events.array("kind")).toContain("oom-kill");
    expect(r.describe()).toMatch(
      /gctrace gctrace.txt: 31 gc cycles from 62 lines; 31 scavenger lines read apart\nsamples samples.jsonl.gz: 255 samples/,
    );
    const spec = compareChart({ real: r }, { metrics: ["rss", "goroutines"] });
    expect(spec.description).toMatch(/real: peak RSS 256 MiB, GC CPU 0.4 %, OOM at 12.84s/);
  });
});

/** Prometheus data built from a real run's samples: the series client_golang exports, with their values then. */
function prometheusFromSamples(w: string, extraInstance = false) {
  const text = gunzipSync(fs.readFileSync(path.join(runDir(w), "samples.jsonl.gz"))).toString("utf8");
  const rows = text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l))
    .filter((_, i) => i % 5 === 0);
  const start = 1_780_000_000;
  const series: [string, (r: Record<string, number>) => number | string][] = [
    ["go_goroutines", (r) => r["/sched/goroutines:goroutines"]],
    ["go_memstats_heap_alloc_bytes", (r) => r["ms.HeapAlloc"]],
    ["go_memstats_heap_inuse_bytes", (r) => r["ms.HeapInuse"]],
    ["go_memstats_next_gc_bytes", (r) => r["ms.NextGC"]],
    ["go_memstats_sys_bytes", (r) => r["ms.Sys"]],
    ["process_resident_memory_bytes", (r) => r["proc.rss_bytes"]],
    ["go_gc_duration_seconds_count", (r) => r["ms.NumGC"]],
    ["go_gc_gogc_percent", () => 100],
    ["go_sched_gomaxprocs_threads", (r) => r["/sched/gomaxprocs:threads"]],
    ["go_memory_classes_heap_stacks_bytes", (r) => r["/memory/classes/heap/stacks:bytes"]],
    ["go_gc_cycles_total_gc_cycles_total", (r) => r["/gc/cycles/total:gc-cycles"]],
    ["process_start_time_seconds", () => start],
  ];
  const result = series.map(([name, f]) => ({
    metric: { __name__: name, job: "checkout", instance: "10.0.0.7:9090" },
    values: rows.map((r) => [start + r.t_rt, String(f(r))]),
  }));
  result.push({
    metric: {
      __name__: "go_gc_duration_seconds",
      job: "checkout",
      instance: "10.0.0.7:9090",
      quantile: "0.5",
    } as never,
    values: rows.map((r) => [start + r.t_rt, r["ms.NumGC"] === 0 ? "NaN" : "0.00005"]),
  });
  if (extraInstance)
    result.push({
      metric: { __name__: "go_goroutines", job: "checkout", instance: "10.0.0.8:9090" },
      values: rows.map((r) => [start + r.t_rt, "5"]),
    });
  return { rows, start, json: JSON.stringify({ status: "success", data: { resultType: "matrix", result } }) };
}

describe("Prometheus: a range query's JSON and CSV", () => {
  test("client_golang's series become the simulation's column names; time from process_start_time_seconds", () => {
    const { rows, json } = prometheusFromSamples("goroutine_leak_200ps_16k_stack_cgroup256m");
    const r = importPrometheus(json);
    const cols = r.timeline.columnNames();
    expect(cols).toEqual(
      expect.arrayContaining([
        "t_s",
        "/sched/goroutines:goroutines",
        "/memory/classes/heap/objects:bytes",
        "ms.HeapInuse",
        "/gc/heap/goal:bytes",
        "/memory/classes/total:bytes",
        "rss:bytes",
        "/gc/cycles/total:gc-cycles",
        "/gc/gogc:percent",
        "/sched/gomaxprocs:threads",
        "/memory/classes/heap/stacks:bytes",
        'go_gc_duration_seconds{quantile="0.5"}',
      ]),
    );
    expect(r.timeline.numRows()).toBe(rows.length);
    expect(Array.from(r.timeline.array("t_s") as ArrayLike<number>)[3]).toBeCloseTo(rows[3].t_rt, 5);
    expect(r.summary.peakRssBytes).toBe(Math.max(...rows.map((x) => x["proc.rss_bytes"])));
    expect(r.plan.scenario.go.GOGC).toBe(100);
    expect(r.describe()).toMatch(/NaN\/Inf points left empty/);
    // Both names of the cycle count (MemStats' and runtime/metrics') land in one column only when they agree: here
    // go_gc_duration_seconds_count and go_gc_cycles_total_gc_cycles_total are two series of one column.
  });

  test("client_golang's rule for runtime/metrics names (RuntimeMetricsToProm)", () => {
    expect(promNameOf("/gc/heap/goal:bytes", false)).toBe("go_gc_heap_goal_bytes");
    expect(promNameOf("/gc/heap/allocs:bytes", true)).toBe("go_gc_heap_allocs_bytes_total");
    expect(promNameOf("/sched/goroutines:goroutines", false)).toBe("go_sched_goroutines_goroutines");
    expect(promNameOf("/gc/cycles/total:gc-cycles", true)).toBe("go_gc_cycles_total_gc_cycles_total");
    expect(promNameOf("/cpu/classes/gc/mark/assist:cpu-seconds", true)).toBe(
      "go_cpu_classes_gc_mark_assist_cpu_seconds_total",
    );
  });

  test("several processes' series: an error naming the labels that differ, unless select picks one", () => {
    const { json } = prometheusFromSamples("steady_gogc100_live64m_500mibps", true);
    expect(() => parsePrometheus(json)).toThrow(
      /go_goroutines has 2 series .* choose one process with select: \{ instance: "10.0.0.7:9090" \}/,
    );
    const s = parsePrometheus(json, { select: { instance: "10.0.0.8:9090" } });
    expect(s.columns["/sched/goroutines:goroutines"].every((v) => v === 5)).toBe(true);
    expect(s.read).toMatch(/13 series of other processes left out by select/);
  });

  test("CSV, wide (Grafana) and long, read to the same columns", () => {
    const { rows, start } = prometheusFromSamples("steady_gogc100_live64m_500mibps");
    const wide = [
      "Time,go_goroutines,process_resident_memory_bytes",
      ...rows.map(
        (r) =>
          `${new Date((start + r.t_rt) * 1000).toISOString()},${r["/sched/goroutines:goroutines"]},${r["proc.rss_bytes"]}`,
      ),
    ].join("\n");
    const long = [
      "timestamp,__name__,value,pod",
      ...rows.flatMap((r) => [
        `${start + r.t_rt},go_goroutines,${r["/sched/goroutines:goroutines"]},api-0`,
        `${start + r.t_rt},process_resident_memory_bytes,${r["proc.rss_bytes"]},api-0`,
      ]),
    ].join("\n");
    const a = parsePrometheus(wide, { name: "wide.csv" });
    const b = parsePrometheus(long, { name: "long.csv" });
    expect(a.columns["rss:bytes"]).toEqual(rows.map((r) => r["proc.rss_bytes"]));
    expect(b.columns["rss:bytes"]).toEqual(a.columns["rss:bytes"]);
    expect(b.columns["/sched/goroutines:goroutines"]).toEqual(a.columns["/sched/goroutines:goroutines"]);
    expect(detectFormat(wide)).toBe("prometheus");
  });

  test("bad input names the place and what was expected", () => {
    expect(() => parsePrometheus('{"status":"success","data":{"resultType":"vector","result":[]}}')).toThrow(
      /data.resultType: expected "matrix" \(a range query, \/api\/v1\/query_range\), got "vector"/,
    );
    expect(() => parsePrometheus('{"status":"error","errorType":"bad_data","error":"parse error"}')).toThrow(
      /the query failed: bad_data parse error/,
    );
    expect(() =>
      parsePrometheus(
        '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"go_goroutines"},"values":[[1,"x"]]}]}}',
      ),
    ).toThrow(/data.result\[0\].values\[0\]: expected a number, got "x"/);
    expect(() => parsePrometheus("when,go_goroutines\n1,2")).toThrow(PrometheusError);
    expect(() => parsePrometheus("time,go_goroutines\n1,2,3")).toThrow(
      /line 2: expected 2 cells like the header, got 3/,
    );
  });
});

describe("importFile tells the formats apart", () => {
  test("gctrace, samples, Prometheus JSON", () => {
    const dir = runDir("steady_gogc50_live64m_500mibps");
    expect(importFile(path.join(dir, "gctrace.txt")).cycles.numRows()).toBe(198);
    expect(importFile(path.join(dir, "samples.jsonl.gz")).timeline.numRows()).toBeGreaterThan(200);
    expect(() => detectFormat("hello")).toThrow(/cannot tell what this is/);
  });
});
