// Section 7 of `npm run bench`: the real Go load generator (lib/running/real) on this machine.
//   a. its own overhead: a plan with no load (only the sampler, every 50 ms) for 5 s: CPU (cores) and peak RSS of
//      the process, its heap in use — what its bookkeeping costs a real run;
//   b. the highest allocation rate it sustains on 2 cores: garbage asked at 8 GiB/s (far above what 2 cores give),
//      GOGC=100, GOMAXPROCS=2, 64 MiB live, catchUp 200 ms, 4 s; the achieved rate is what it sustained (the rest
//      is dropped and counted), for 1 KiB and 64 KiB objects.
// Needs Go on PATH (and root only for cgroups, which these plans do not use). Figures quoted in the README come from
// a run through /work/bin/quiet (an idle machine).

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compile, scenario } from "../lib/index";
import { buildLoadgen, resolveToolchain } from "../lib/running/real/toolchain";
import { runRealRep } from "../lib/running/real/runner";

export interface RealFigure {
  goVersion: string;
  idle: { cpuCores: number; peakRssBytes: number; peakHeapInUseBytes: number; samples: number; seconds: number };
  maxRate: {
    objectSize: string;
    askedBytesPerSec: number;
    achievedBytesPerSec: number;
    cpuCores: number;
    gcCycles: number;
  }[];
  command: string;
}

export async function benchReal(): Promise<RealFigure> {
  const lg = buildLoadgen(resolveToolchain(""));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "heapcast-bench-real-"));
  try {
    const idlePlan = compile(scenario("idle load generator", { duration: "5s", sampleEvery: "50ms" }));
    const idle = (await runRealRep(idlePlan, lg, { out: path.join(dir, "idle") })) as Record<string, any>;
    const maxRate: RealFigure["maxRate"] = [];
    for (const size of ["1KiB", "64KiB"] as const) {
      const plan = compile(
        scenario(`garbage at 8 GiB/s of ${size}`, {
          duration: "4s",
          sampleEvery: "50ms",
          go: { GOGC: 100, GOMAXPROCS: 2 },
        })
          .liveHeap("64MiB")
          .garbage("8GiB/s", { size, every: "5ms", catchUp: "200ms" }),
      );
      const r = (await runRealRep(plan, lg, { out: path.join(dir, size) })) as Record<string, any>;
      const seg = r.loadgen_summary.segments as {
        from_s: number;
        to_s: number;
        achieved_garbage_bytes_per_s: number;
      }[];
      const achieved =
        seg.reduce((a, s) => a + s.achieved_garbage_bytes_per_s * (s.to_s - s.from_s), 0) /
        seg.reduce((a, s) => a + (s.to_s - s.from_s), 0);
      maxRate.push({
        objectSize: size,
        askedBytesPerSec: 8 * 2 ** 30,
        achievedBytesPerSec: achieved,
        cpuCores: r.cpu_cores_avg,
        gcCycles: r.gctrace_summary.gc_lines,
      });
    }
    return {
      goVersion: idle.go_version,
      idle: {
        cpuCores: idle.cpu_cores_avg,
        peakRssBytes: idle.samples_summary.peak_rss_bytes,
        peakHeapInUseBytes: idle.samples_summary.peak_heap_inuse_bytes,
        samples: idle.samples_summary.n_samples,
        seconds: idle.wall_s,
      },
      maxRate,
      command: "npm run bench (section 7), or: node dist/bench/real.js",
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function realLines(f: RealFigure): string[] {
  const MiB = 2 ** 20;
  const out = [`7. real Go load generator (lib/running/real/loadgen, ${f.goVersion}, GOMAXPROCS=2)`];
  out.push(
    `  its own overhead, no load, sampling every 50 ms for ${f.idle.seconds.toFixed(1)} s: ${(f.idle.cpuCores * 100).toFixed(2)} % of a core, ` +
      `peak RSS ${(f.idle.peakRssBytes / MiB).toFixed(1)} MiB, heap in use ${(f.idle.peakHeapInUseBytes / MiB).toFixed(1)} MiB (${f.idle.samples} samples)`,
  );
  for (const m of f.maxRate) {
    out.push(
      `  highest allocation rate sustained (asked 8 GiB/s of ${m.objectSize}, 64 MiB live, GOGC=100): ${(m.achievedBytesPerSec / MiB).toFixed(0)} MiB/s ` +
        `on ${m.cpuCores.toFixed(2)} cores, ${m.gcCycles} GC cycles in 4 s`,
    );
  }
  out.push(`  produced by: ${f.command}`);
  return out;
}

if (require.main === module) {
  benchReal()
    .then((f) => process.stdout.write(realLines(f).join("\n") + "\n"))
    .catch((e) => {
      process.stderr.write(`bench: ${(e as Error).stack ?? e}\n`);
      process.exit(1);
    });
}
