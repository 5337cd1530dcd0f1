// The corpus harness's workload JSON (test/fixtures/real-go/workloads/*.json; schema and semantics in
// /work/shared/calibration/real-go/README.md "Workload JSON schema") as a heapcast.plan that this project's load
// generator executes the way the harness executed the workload — the plan used to test the load generator against the
// harness itself (test/support/same-session.ts), as opposed to scenarios/calibration/*.ts, which are the model's
// translations (some of them ask for the harness's *achieved* garbage rates, and build a live-heap step over the time
// the harness took to build it).
//
// The mapping, section by section (the harness's rule → the plan event):
//   - a phase is active on [start_s, next start_s): every event of a phase is at start_s;
//   - rate sections (garbage, leak, goroutine_leak, requests) are off in a phase that omits them → an event with rate 0
//     when the previous phase had them on; their cumulative targets restart at each phase start → one event per phase
//     (the load generator restarts a rate target at each event of its kind);
//   - garbage: rate split over the workers (the harness's default 2; the load generator uses max(2, GOMAXPROCS), the
//     same for GOMAXPROCS ≤ 2), size_mix weights normalised to shares of bytes, pointers → pointerFraction 1/0, paced
//     on slice_ms (everyNs), backlog beyond max_debt_ms dropped (catchUpNs);
//   - live_heap (a level: held in a phase that omits it): step → overNs 0, linear → overNs = the phase's length from
//     the current target (from_bytes is not supported); churn only in phases that have live_heap (a phase without it
//     after one with churn → the same level with churn 0);
//   - steady_goroutines (a level): count, ramp linear → overNs = the phase's length, stack_bytes (parked goroutines:
//     wake_interval_ms is not supported);
//   - goroutine_leak: heap_bytes retained as pointerful objects of min(heap_bytes, 4096) (other object sizes or
//     pointers: false are not supported), stack_bytes;
//   - requests: alloc_bytes in objects of object_size, lifetime_ms, stack_bytes, pointers.
// Anything the load generator would execute differently throws, naming the field.

import { PLAN_FORMAT, PLAN_VERSION, type EventPlan, type PlanEvent } from "../../kernel/plan";
import type { RealWorkload } from "./realgo";

type Obj = Record<string, any>;

const NS = 1e9;
const MS = 1e6;

/** "512MiB", "1GiB", "300000000" (Go's GOMEMLIMIT syntax, the units the corpus uses) → bytes. */
function goBytes(s: string): number {
  const m = /^(\d+)(B|KiB|MiB|GiB|TiB)?$/.exec(s);
  if (!m) throw new Error(`GOMEMLIMIT ${JSON.stringify(s)}: expected a number of bytes with B/KiB/MiB/GiB/TiB`);
  const unit = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 }[m[2] ?? "B"]!;
  return Number(m[1]) * unit;
}

export function workloadPlan(w: RealWorkload): EventPlan {
  const where = `workload ${w.name}`;
  for (const k of ["max_samples"]) if (w[k]) throw new Error(`${where}: ${k} is not supported`);
  const env = w.env ?? {};
  if (env.GODEBUG !== undefined && env.GODEBUG !== "gctrace=1,scavtrace=1")
    throw new Error(`${where}: env.GODEBUG ${env.GODEBUG} is not supported`);
  const gogc = env.GOGC === undefined ? 100 : env.GOGC === "off" ? -1 : Number(env.GOGC);
  if (!Number.isInteger(gogc)) throw new Error(`${where}: env.GOGC ${env.GOGC}`);
  if (env.GOMAXPROCS === undefined) throw new Error(`${where}: env.GOMAXPROCS must be set (the plan always sets it)`);
  const sliceNs = Math.round(Number(w.slice_ms ?? 5) * MS);
  const catchUpNs = Math.round(Number(w.max_debt_ms ?? 200) * MS);
  const cg = (w.cgroup ?? {}) as Obj;
  if (cg.cpu_cores && (cg.cpu_period_us ?? 100000) !== 100000)
    throw new Error(`${where}: cgroup.cpu_period_us other than 100000 is not supported`);

  const phases = [...w.phases].sort((a, b) => a.start_s - b.start_s) as Obj[];
  const events: PlanEvent[] = [];
  const on = { garbage: false, leak: false, goroutine_leak: false, requests: false };
  let liveLevel = 0;
  let liveChurn = 0;
  let live: Obj | null = null;
  phases.forEach((p, i) => {
    const at = Math.round(p.start_s * NS);
    const end = i + 1 < phases.length ? phases[i + 1].start_s : w.duration_s;
    const lenNs = Math.round((end - p.start_s) * NS);
    const src = (section: string) => `${w.name}.phases[${i}].${section}`;
    const known = new Set([
      "name",
      "start_s",
      "garbage",
      "live_heap",
      "leak",
      "steady_goroutines",
      "goroutine_leak",
      "requests",
    ]);
    for (const k of Object.keys(p)) if (!known.has(k)) throw new Error(`${where}: phases[${i}].${k} is not supported`);

    const lh = p.live_heap as Obj | undefined;
    if (lh) {
      if (lh.from_bytes !== undefined) throw new Error(`${where}: phases[${i}].live_heap.from_bytes is not supported`);
      live = { objectSize: lh.object_size ?? 4096, pointerFraction: lh.pointers === false ? 0 : 1 };
      liveLevel = lh.to_bytes;
      liveChurn = lh.churn_bytes_per_s ?? 0;
      events.push({
        kind: "liveHeap",
        atNs: at,
        source: src("live_heap"),
        bytes: lh.to_bytes,
        overNs: (lh.shape ?? "step") === "linear" ? lenNs : 0,
        churnBytesPerSec: liveChurn,
        ...(live as { objectSize: number; pointerFraction: number }),
      });
    } else if (live && liveChurn > 0) {
      liveChurn = 0;
      events.push({
        kind: "liveHeap",
        atNs: at,
        source: src("live_heap (held, churn off)"),
        bytes: liveLevel,
        overNs: 0,
        churnBytesPerSec: 0,
        ...(live as { objectSize: number; pointerFraction: number }),
      });
    }

    const g = p.garbage as Obj | undefined;
    if (g) {
      if ((g.workers ?? 2) !== 2)
        throw new Error(`${where}: phases[${i}].garbage.workers other than 2 is not supported`);
      const mix: { size: number; weight: number }[] = g.size_mix ?? [{ size: g.object_size ?? 1024, weight: 1 }];
      const total = mix.reduce((a, m) => a + m.weight, 0);
      events.push({
        kind: "garbage",
        atNs: at,
        source: src("garbage"),
        bytesPerSec: g.rate_bytes_per_s,
        sizes: mix.map((m) => ({ size: m.size, share: m.weight / total })),
        pointerFraction: g.pointers ? 1 : 0,
        everyNs: sliceNs,
        catchUpNs,
      });
      on.garbage = true;
    } else if (on.garbage) {
      events.push({
        kind: "garbage",
        atNs: at,
        source: src("garbage (off)"),
        bytesPerSec: 0,
        sizes: [{ size: 1024, share: 1 }],
        pointerFraction: 0,
        everyNs: sliceNs,
        catchUpNs,
      });
      on.garbage = false;
    }

    const lk = p.leak as Obj | undefined;
    if (lk || on.leak) {
      events.push({
        kind: "leakHeap",
        atNs: at,
        source: src(lk ? "leak" : "leak (off)"),
        bytesPerSec: lk?.rate_bytes_per_s ?? 0,
        objectSize: lk?.object_size ?? 4096,
        pointerFraction: lk?.pointers === false ? 0 : 1,
      });
      on.leak = lk !== undefined;
    }

    const sg = p.steady_goroutines as Obj | undefined;
    if (sg) {
      if (sg.wake_interval_ms || sg.alloc_per_wake_bytes)
        throw new Error(`${where}: phases[${i}].steady_goroutines.wake_interval_ms is not supported`);
      events.push({
        kind: "goroutines",
        atNs: at,
        source: src("steady_goroutines"),
        count: sg.count,
        stackBytes: sg.stack_bytes ?? 2048,
        overNs: (sg.ramp ?? "step") === "linear" ? lenNs : 0,
      });
    }

    const gl = p.goroutine_leak as Obj | undefined;
    if (gl) {
      const heap = gl.heap_bytes ?? 0;
      if (gl.heap_object_size !== undefined && gl.heap_object_size !== Math.min(heap, 4096))
        throw new Error(
          `${where}: phases[${i}].goroutine_leak.heap_object_size other than min(heap_bytes, 4096) is not supported`,
        );
      if (gl.pointers === false)
        throw new Error(`${where}: phases[${i}].goroutine_leak.pointers false is not supported`);
      events.push({
        kind: "leakGoroutines",
        atNs: at,
        source: src("goroutine_leak"),
        perSec: gl.rate_per_s,
        stackBytes: gl.stack_bytes ?? 2048,
        retainsBytes: heap,
      });
      on.goroutine_leak = true;
    } else if (on.goroutine_leak) {
      events.push({
        kind: "leakGoroutines",
        atNs: at,
        source: src("goroutine_leak (off)"),
        perSec: 0,
        stackBytes: 2048,
        retainsBytes: 0,
      });
      on.goroutine_leak = false;
    }

    const rq = p.requests as Obj | undefined;
    if (rq || on.requests) {
      events.push({
        kind: "requests",
        atNs: at,
        source: src(rq ? "requests" : "requests (off)"),
        perSec: rq?.rate_per_s ?? 0,
        allocBytes: rq?.alloc_bytes ?? 0,
        lastsNs: Math.round((rq?.lifetime_ms ?? 0) * MS),
        stackBytes: rq?.stack_bytes ?? 2048,
        objectSize: rq?.object_size ?? 1024,
        pointerFraction: rq?.pointers ? 1 : 0,
      });
      on.requests = rq !== undefined;
    }
  });

  return {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    scenario: {
      name: w.name,
      // (the harness's workloads were written for and recorded with Go 1.19.8, on 2 vCPUs)
      go: {
        version: "1.19",
        goMod: "1.19",
        GOGC: gogc,
        GOMEMLIMIT: env.GOMEMLIMIT === undefined ? null : goBytes(env.GOMEMLIMIT),
        GOMAXPROCS: env.GOMAXPROCS,
      },
      container: { memoryBytes: cg.memory_limit_bytes || null, cpus: cg.cpu_cores || null, nodeCpus: 2 },
      durationNs: Math.round(w.duration_s * NS),
      seed: 1,
      sampleEveryNs: Math.round(Number(w.sample_interval_ms ?? 50) * MS),
      globalsBytes: 0,
      markJitter: 0,
    },
    events,
  };
}
