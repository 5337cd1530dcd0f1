// GOMAXPROCS when the program does not set it: the CPU count (Go 1.19–1.24), or since Go 1.25 the container's CPU
// limit as well — `min(CPUs, max(2, ceil(quota/period)))`, re-read about once a second by sysmon — provided the main
// module's go.mod says `go 1.25` or later (the containermaxprocs/updatemaxprocs GODEBUG defaults follow the go line).
// Setting GOMAXPROCS (the environment variable or runtime.GOMAXPROCS(n)) turns both off: the scenario's own value
// holds. Pure functions; tested in test/versions/gomaxprocs.test.ts.

/** A go.mod `go` line, as major.minor numbers: go 1.24 → { major: 1, minor: 24 }. */
export interface GoLine {
  readonly major: number;
  readonly minor: number;
}

/** Parses "1.24", "1.24.3" or "1.25rc1" into a GoLine; null if it is not one. */
export function parseGoLine(s: string): GoLine | null {
  const m = /^(\d+)\.(\d+)(?:\.\d+|rc\d+|beta\d+)?$/.exec(s);
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

/** Whether go line `a` is at least `major.minor`. */
export function goLineAtLeast(a: GoLine, major: number, minor: number): boolean {
  return a.major > major || (a.major === major && a.minor >= minor);
}

/** One version's default-GOMAXPROCS rule. */
export interface GomaxprocsRule {
  /**
   * GOMAXPROCS at startup when the program does not set it.
   * @param cpus CPUs the process may run on (sched_getaffinity), ≥ 1
   * @param cpuLimit the container's CPU limit in CPUs (cgroup cpu.max or cfs_quota_us/cfs_period_us), null = none
   * @param goMod the main module's go.mod go line
   */
  initial(cpus: number, cpuLimit: number | null, goMod: GoLine): number;
  /**
   * Nanoseconds between the runtime's re-reads of the CPU limit (a changed limit changes GOMAXPROCS, under a
   * stop-the-world), or null if it never re-reads. Only when the program did not set GOMAXPROCS.
   */
  updatePeriodNs(goMod: GoLine): number | null;
}

/**
 * Go 1.19–1.24: GOMAXPROCS = the CPU count at startup, never updated (/usr/lib/go-1.19/src/runtime/proc.go: schedinit,
 * line 718: `procs := ncpu`, ncpu = getproccount() = the sched_getaffinity count, os_linux.go line 97).
 */
export const gomaxprocsCpuCount: GomaxprocsRule = {
  initial: (cpus) => cpus,
  updatePeriodNs: () => null,
};

/**
 * Go 1.25+: runtime/cgroup_linux.go (Go 1.26.8 and 1.27.4) defaultGOMAXPROCS, line 85, and adjustCgroupGOMAXPROCS,
 * lines 109–119: `limit = ceil(limit); limit = max(limit, 2); if int32(limit) < procs { procs = int32(limit) }` with
 * limit = quota/period from internal/runtime/cgroup ReadCPULimit (no limit: procs unchanged). It applies when
 * debug.containermaxprocs > 0, whose default is 1 for a go.mod go line ≥ 1.25 and 0 below
 * (internal/godebugs/table.go line 31: `{Name: "containermaxprocs", …, Changed: 25, Old: "0"}`).
 * Updates: sysmon calls sysmonUpdateGOMAXPROCS when `debug.updatemaxprocs != 0 && lastgomaxprocs+1e9 <= now`
 * (proc.go line 6587 in 1.26.8, 6638 in 1.27.4), i.e. at most once a second — at the first sysmon wake-up after a
 * second has passed (sysmon sleeps 20 µs to 10 ms, longer when the program is idle); updatemaxprocs defaults to 1
 * from go 1.25 (table.go line 73/72: `Changed: 25, Old: "0"`).
 */
export const gomaxprocsContainerAware: GomaxprocsRule = {
  initial: (cpus, cpuLimit, goMod) => {
    if (!goLineAtLeast(goMod, 1, 25) || cpuLimit === null) return cpus;
    const limit = Math.max(Math.ceil(cpuLimit), 2);
    return limit < cpus ? limit : cpus;
  },
  updatePeriodNs: (goMod) => (goLineAtLeast(goMod, 1, 25) ? 1e9 : null),
};
