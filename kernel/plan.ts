// The event plan: what the compiler (lib/compile.ts) produces from a scenario and what the kernel runs.
// Plain JSON, versioned: it can be saved, diffed and run again. Every quantity is normalized: sizes in integer bytes,
// times in integer nanoseconds since start, rates in bytes per second or events per second.

export const PLAN_FORMAT = "heapcast.plan";
/** Version 2 added go.version, go.goMod, container.nodeCpus and a nullable go.GOMAXPROCS (validatePlan reads 1 too). */
export const PLAN_VERSION = 2;

/** A Go release line the kernel models (kernel/versions): the runtime's rules come from that version's module. */
export type GoVersionName = "1.19" | "1.26" | "1.27";

/**
 * GOGC as the runtime holds it: a percentage, or -1 for "off". GOMEMLIMIT in bytes, or null for "off" (MaxInt64).
 * GOMAXPROCS as the program sets it (the GOMAXPROCS environment variable or runtime.GOMAXPROCS at start), or null: not
 * set, the runtime picks its default from the node's CPUs and (Go 1.25+) the container's CPU limit.
 */
export interface GoSettings {
  /** The Go version the program is built with. */
  version: GoVersionName;
  /** The main module's go.mod `go` line ("1.24"): Go 1.25+ defaults some behaviour by it (containermaxprocs). */
  goMod: string;
  GOGC: number;
  GOMEMLIMIT: number | null;
  GOMAXPROCS: number | null;
}

export interface ContainerSettings {
  /** cgroup memory limit in bytes; null = none. */
  memoryBytes: number | null;
  /** CFS CPU quota in cores; null = none. */
  cpus: number | null;
  /** CPUs of the node the container runs on (the process's sched_getaffinity count, Go's ncpu). */
  nodeCpus: number;
}

export interface NormalizedScenario {
  name: string;
  go: GoSettings;
  container: ContainerSettings;
  durationNs: number;
  seed: number;
  /** Interval between timeline samples, ns. */
  sampleEveryNs: number;
  /** Size of the program's data+bss segments (globalsScan), bytes. */
  globalsBytes: number;
  /** Log-sd of per-cycle mark throughput (0 = no noise). */
  markJitter: number;
}

/** One size in a garbage mix: `share` is the fraction of the garbage bytes allocated as objects of `size`. */
export interface SizeShare {
  size: number;
  share: number;
}

export type PlanAction =
  | {
      kind: "liveHeap";
      bytes: number;
      overNs: number;
      churnBytesPerSec: number;
      objectSize: number;
      pointerFraction: number;
    }
  | { kind: "leakHeap"; bytesPerSec: number; objectSize: number; pointerFraction: number }
  | {
      kind: "garbage";
      bytesPerSec: number;
      sizes: SizeShare[];
      pointerFraction: number;
      everyNs?: number;
      catchUpNs?: number;
    }
  | {
      kind: "requests";
      perSec: number;
      allocBytes: number;
      lastsNs: number;
      stackBytes: number;
      objectSize: number;
      pointerFraction: number;
    }
  | { kind: "goroutines"; count: number; stackBytes: number; overNs: number }
  | { kind: "leakGoroutines"; perSec: number; stackBytes: number; retainsBytes: number }
  | { kind: "go"; GOGC?: number; GOMEMLIMIT?: number | null; GOMAXPROCS?: number }
  | { kind: "container"; memoryBytes?: number | null; cpus?: number | null }
  | { kind: "gc" };

export type PlanEvent = PlanAction & {
  /** When the action takes effect, ns since start. */
  atNs: number;
  /** Where it came from in the scenario, for messages (e.g. "at(20s).garbage"). */
  source: string;
};

export interface EventPlan {
  format: typeof PLAN_FORMAT;
  version: typeof PLAN_VERSION;
  scenario: NormalizedScenario;
  /** Ordered by atNs, then by position in the scenario. */
  events: PlanEvent[];
}
