// Outputs that say what happened, on random scenarios (fast-check): the summary's peaks are taken over the instants
// RSS is measured on, so heap in use never exceeds RSS (nor any sample's RSS the peak); at an OOM kill the last
// timeline
// sample is the kill, with RSS at the container's limit (what the memory chart then draws reaching the container line),
// and no cycle comes after it. (The kernel's own invariants on every sample are test/kernel/properties.test.ts's.)
import fc from "fast-check";
import { run, scenario, memoryChart, type ChartSpec } from "heapcast";

const MiB = 1024 * 1024;

/**
 * A random service: live heap, garbage, goroutines, a leak, GOGC/GOMEMLIMIT, a container, a resize or a spike later.
 */
const service = fc.record({
  live: fc.integer({ min: 1, max: 256 }),
  garbage: fc.integer({ min: 1, max: 400 }),
  leak: fc.integer({ min: 0, max: 20 }),
  leakGoroutines: fc.integer({ min: 0, max: 300 }),
  gogc: fc.constantFrom<number | "off">(25, 50, 100, 200, "off"),
  limit: fc.option(fc.integer({ min: 16, max: 1024 }), { nil: undefined }),
  memory: fc.integer({ min: 32, max: 1024 }),
  cpus: fc.option(fc.constantFrom(0.5, 1, 1.5, 2), { nil: undefined }),
  procs: fc.integer({ min: 1, max: 8 }),
  later: fc.constantFrom("none", "spike", "resize", "goroutines"),
  seed: fc.integer({ min: 1, max: 1000 }),
});

function build(x: Record<string, any>) {
  const s = scenario("random", {
    duration: "20s",
    seed: x.seed,
    go: { GOGC: x.gogc, GOMEMLIMIT: x.limit === undefined ? "off" : `${x.limit}MiB`, GOMAXPROCS: x.procs },
    container: { memory: `${x.memory}MiB`, ...(x.cpus === undefined ? {} : { cpus: x.cpus }) },
  })
    .liveHeap(`${x.live}MiB`)
    .garbage(`${x.garbage}MiB/s`);
  if (x.leak > 0) s.leakHeap(`${x.leak}MiB/s`);
  if (x.leakGoroutines > 0) s.leakGoroutines(`${x.leakGoroutines}/s`, { stack: "32KiB", retains: "16KiB" });
  if (x.later === "spike") s.at("10s", (p) => p.garbage(`${3 * x.garbage}MiB/s`));
  if (x.later === "resize") s.at("10s", (p) => p.container({ memory: `${Math.max(16, Math.floor(x.memory / 2))}MiB` }));
  if (x.later === "goroutines") s.at("10s", (p) => p.goroutines(20000, { stack: "32KiB" }));
  return s;
}

/** The RSS line a memory chart draws, last point. */
function lastRss(spec: ChartSpec): number {
  const rows = typeof spec.data.values === "string" ? spec.data.values.trim().split("\n") : null;
  if (rows) {
    const names = rows[0].split(",");
    return Number(rows[rows.length - 1].split(",")[names.indexOf("rss")]);
  }
  return spec.data.values[spec.data.values.length - 1].rss;
}

test("peak heap in use ≤ peak RSS; at a kill, RSS is the limit in the summary, the last sample and the chart", () => {
  fc.assert(
    fc.property(service, (x) => {
      const r = run(build(x));
      const s = r.summary;
      expect(s.peakHeapInUseBytes).toBeLessThanOrEqual(s.peakRssBytes);
      // No sentinel anywhere in the tables: every number is finite and a double holds it exactly (GOGC=off without a
      // limit has no goal: null, not Go's maxInt64-ish heap goal).
      for (const table of [r.cycles, r.timeline]) {
        for (const c of table.columnNames()) {
          const a = table.array(c) as ArrayLike<unknown>;
          for (let i = 0; i < a.length; i++) {
            const v = a[i];
            if (typeof v === "number" && !(Number.isFinite(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER))
              throw new Error(`${c}[${i}] = ${v}`);
          }
        }
      }
      const t = r.timeline.array("t_s") as ArrayLike<number>;
      const rss = r.timeline.array("rss:bytes") as ArrayLike<number>;
      const objects = r.timeline.array("/memory/classes/heap/objects:bytes") as ArrayLike<number>;
      const unused = r.timeline.array("/memory/classes/heap/unused:bytes") as ArrayLike<number>;
      for (let i = 0; i < t.length; i++) {
        expect(objects[i] + unused[i]).toBeLessThanOrEqual(rss[i]);
        expect(rss[i]).toBeLessThanOrEqual(s.peakRssBytes);
      }
      if (s.oomKilledAtSeconds !== null) {
        expect((r.events.array("kind") as string[]).filter((k) => k === "oom-kill")).toHaveLength(1);
        const n = t.length - 1;
        expect(t[n]).toBeCloseTo(s.oomKilledAtSeconds, 9);
        const resized = x.later === "resize" && s.oomKilledAtSeconds >= 10;
        const memory = resized ? Math.max(16, Math.floor(x.memory / 2)) * MiB : x.memory * MiB;
        if (resized && rss[n] > memory) {
          // The limit lowered below the RSS the process has: it dies with that RSS, at the resize.
          expect(s.oomKilledAtSeconds).toBeCloseTo(10, 9);
        } else {
          // Killed as RSS reached the limit: the last sample is there, at the limit to the byte, and it is the peak.
          expect(rss[n]).toBe(memory);
          expect(s.peakRssBytes).toBe(memory);
        }
        expect(lastRss(memoryChart(r))).toBeCloseTo(rss[n] / MiB, 1);
        const cycles = r.cycles.array("t_s") as ArrayLike<number>;
        for (let i = 0; i < cycles.length; i++) expect(cycles[i]).toBeLessThanOrEqual(s.oomKilledAtSeconds);
      }
    }),
    { numRuns: 60, seed: 17 },
  );
});
