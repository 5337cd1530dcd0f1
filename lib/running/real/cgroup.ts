// Container limits for a real run: which cgroup version this machine has, whether heapcast may create groups, and
// one run's groups from creation to removal.
//
// Detection (detectCgroups): cgroup v2 when /sys/fs/cgroup is the unified hierarchy with the memory and cpu
// controllers; else cgroup v1 when the memory and cpu controllers are mounted (also on a hybrid machine whose
// unified hierarchy has no controllers). Groups are made as children of the group this process is in (so a run
// stays inside whatever contains heapcast), or at the hierarchy's root if that is not writable.
// v1 files: memory.limit_in_bytes, memory.max_usage_in_bytes, memory.failcnt, memory.oom_control (oom_kill),
// cpu.cfs_period_us, cpu.cfs_quota_us, cpu.stat. v2: memory.max, memory.peak, memory.events (max, oom_kill),
// cpu.max, cpu.stat (throttled_usec).
// Every group is named heapcast-<run>-<pid of the heapcast process>; removeStaleGroups() removes the empty groups
// of heapcast processes that no longer exist (a crash, a SIGKILL), and live groups are removed on exit, SIGINT and
// SIGTERM (cleanupOnExit).

import * as fs from "node:fs";
import * as path from "node:path";

export interface CgroupSupport {
  /** 1, 2, or null when no usable cgroup hierarchy was found. */
  version: 1 | 2 | null;
  /** Parent directories for new memory and cpu groups (null: cannot create one). */
  memoryParent: string | null;
  cpuParent: string | null;
  /** Why a controller is unavailable, in words (empty when both are). */
  problems: string[];
}

interface Mount {
  dir: string;
  type: string;
  options: string[];
}

function mounts(): Mount[] {
  try {
    return fs
      .readFileSync("/proc/self/mounts", "utf8")
      .split("\n")
      .map((l) => l.split(" "))
      .filter((f) => f.length >= 4)
      .map((f) => ({ dir: f[1], type: f[2], options: f[3].split(",") }));
  } catch {
    return [];
  }
}

/** This process's cgroup path per v1 controller, and its v2 path (key ""). */
function ownCgroups(): Map<string, string> {
  const m = new Map<string, string>();
  try {
    for (const line of fs.readFileSync("/proc/self/cgroup", "utf8").split("\n")) {
      const parts = line.split(":");
      if (parts.length < 3) continue;
      const p = parts.slice(2).join(":");
      if (parts[1] === "") m.set("", p);
      for (const c of parts[1].split(",")) if (c) m.set(c, p);
    }
  } catch {
    /* no /proc: no cgroups */
  }
  return m;
}

/** Whether a new group can be made in dir (tried: made and removed again). */
function canCreateIn(dir: string): boolean {
  const probe = path.join(dir, `heapcast-probe-${process.pid}`);
  try {
    fs.mkdirSync(probe);
    fs.rmdirSync(probe);
    return true;
  } catch {
    return false;
  }
}

/** Where to make groups of one v1 controller: under this process's own group, else at the hierarchy's root. */
function parentFor(root: string, own: string | undefined): string | null {
  const candidates = own && own !== "/" ? [path.join(root, own), root] : [root];
  for (const c of candidates) if (canCreateIn(c)) return c;
  return null;
}

export function detectCgroups(): CgroupSupport {
  const ms = mounts();
  const own = ownCgroups();
  const problems: string[] = [];
  const v2 = ms.find((m) => m.type === "cgroup2");
  if (v2) {
    let controllers: string[] = [];
    try {
      controllers = fs.readFileSync(path.join(v2.dir, "cgroup.controllers"), "utf8").trim().split(/\s+/);
    } catch {
      /* none */
    }
    if (controllers.includes("memory") && controllers.includes("cpu")) {
      // Children of the root may use every controller the root enables in cgroup.subtree_control.
      const root = v2.dir;
      try {
        fs.writeFileSync(path.join(root, "cgroup.subtree_control"), "+memory +cpu");
      } catch {
        /* already enabled, or not allowed: checked below */
      }
      const enabled = (() => {
        try {
          return fs.readFileSync(path.join(root, "cgroup.subtree_control"), "utf8");
        } catch {
          return "";
        }
      })();
      const ok = enabled.includes("memory") && enabled.includes("cpu") && canCreateIn(root);
      if (!ok)
        problems.push(
          `cgroup v2 at ${root}: cannot create a group with the memory and cpu controllers (not root, or delegated elsewhere)`,
        );
      return { version: 2, memoryParent: ok ? root : null, cpuParent: ok ? root : null, problems };
    }
  }
  const mem = ms.find((m) => m.type === "cgroup" && m.options.includes("memory"));
  const cpu = ms.find((m) => m.type === "cgroup" && m.options.includes("cpu"));
  if (!mem && !cpu) {
    return {
      version: null,
      memoryParent: null,
      cpuParent: null,
      problems: ["no cgroup hierarchy with the memory and cpu controllers is mounted"],
    };
  }
  const memoryParent = mem ? parentFor(mem.dir, own.get("memory")) : null;
  const cpuParent = cpu ? parentFor(cpu.dir, own.get("cpu")) : null;
  if (!mem) problems.push("cgroup v1: the memory controller is not mounted");
  else if (!memoryParent) problems.push(`cgroup v1: cannot create a memory group under ${mem.dir} (not root?)`);
  if (!cpu) problems.push("cgroup v1: the cpu controller is not mounted");
  else if (!cpuParent) problems.push(`cgroup v1: cannot create a cpu group under ${cpu.dir} (not root?)`);
  return { version: 1, memoryParent, cpuParent, problems };
}

export const GROUP_PREFIX = "heapcast-";

/** The groups of one run. */
export class RunCgroups {
  readonly version: 1 | 2;
  /** Directory of the memory group (v2: the one group), or null. */
  readonly memDir: string | null;
  readonly cpuDir: string | null;
  readonly periodUs: number;
  private removed = false;

  private constructor(version: 1 | 2, memDir: string | null, cpuDir: string | null, periodUs: number) {
    this.version = version;
    this.memDir = memDir;
    this.cpuDir = cpuDir;
    this.periodUs = periodUs;
  }

  /**
   * Makes the groups a run needs: a memory group if `memory` is wanted (limit in bytes, or null = unlimited for
   * now, e.g. set later by a container event), a cpu group if `cpu` is wanted (cores, or null).
   */
  static create(
    support: CgroupSupport,
    name: string,
    want: { memory: boolean; memoryBytes: number | null; cpu: boolean; cpus: number | null },
    periodUs = 100_000,
  ): RunCgroups {
    if (support.version === null) throw new Error(support.problems.join("; "));
    const safe = name.replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 60);
    const group = `${GROUP_PREFIX}${safe}-${process.pid}-${Date.now().toString(36)}`;
    let memDir: string | null = null;
    let cpuDir: string | null = null;
    const made: string[] = [];
    try {
      if (support.version === 2) {
        if (!support.memoryParent) throw new Error(support.problems.join("; "));
        memDir = cpuDir = path.join(support.memoryParent, group);
        fs.mkdirSync(memDir);
        made.push(memDir);
        if (want.memory)
          fs.writeFileSync(
            path.join(memDir, "memory.max"),
            want.memoryBytes === null ? "max" : String(want.memoryBytes),
          );
        if (want.memory) fs.writeFileSync(path.join(memDir, "memory.swap.max"), "0");
        if (want.cpu) {
          const quota = want.cpus === null ? "max" : String(Math.round(want.cpus * periodUs));
          fs.writeFileSync(path.join(cpuDir, "cpu.max"), `${quota} ${periodUs}`);
        }
        if (!want.memory) memDir = null;
        if (!want.cpu) cpuDir = null;
        if (!want.memory && !want.cpu) memDir = path.join(support.memoryParent, group); // keep the handle for removal
      } else {
        if (want.memory) {
          if (!support.memoryParent) throw new Error(support.problems.join("; "));
          memDir = path.join(support.memoryParent, group);
          fs.mkdirSync(memDir);
          made.push(memDir);
          fs.writeFileSync(
            path.join(memDir, "memory.limit_in_bytes"),
            want.memoryBytes === null ? "-1" : String(want.memoryBytes),
          );
        }
        if (want.cpu) {
          if (!support.cpuParent) throw new Error(support.problems.join("; "));
          cpuDir = path.join(support.cpuParent, group);
          fs.mkdirSync(cpuDir);
          made.push(cpuDir);
          fs.writeFileSync(path.join(cpuDir, "cpu.cfs_period_us"), String(periodUs));
          fs.writeFileSync(
            path.join(cpuDir, "cpu.cfs_quota_us"),
            want.cpus === null ? "-1" : String(Math.round(want.cpus * periodUs)),
          );
        }
      }
    } catch (e) {
      for (const d of made.reverse()) rmdirQuiet(d);
      throw e;
    }
    const g = new RunCgroups(support.version, memDir, cpuDir, periodUs);
    live.add(g);
    installExitHandlers();
    return g;
  }

  /** Shell text that moves the shell ($$) into the groups before it execs the program. */
  joinScript(): string {
    const dirs = [...new Set([this.memDir, this.cpuDir].filter((d): d is string => d !== null))];
    return dirs.map((d) => `echo $$ > ${shellQuote(path.join(d, "cgroup.procs"))} && `).join("");
  }

  private read(dir: string | null, file: string): string | null {
    if (dir === null) return null;
    try {
      return fs.readFileSync(path.join(dir, file), "utf8").trim();
    } catch {
      return null;
    }
  }

  /** The memory limit as the kernel holds it (bytes; null = none). */
  memoryLimit(): number | null {
    const v = this.read(this.memDir, this.version === 2 ? "memory.max" : "memory.limit_in_bytes");
    if (v === null || v === "max") return null;
    const n = Number(v);
    return n >= 2 ** 62 ? null : n;
  }

  /** Counters after the run (before remove()). */
  stats(): CgroupStats {
    const kv = (text: string | null): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const line of (text ?? "").split("\n")) {
        const [k, v] = line.trim().split(/\s+/);
        if (k && v !== undefined && /^-?\d+$/.test(v)) out[k] = Number(v);
      }
      return out;
    };
    const s: CgroupStats = { version: this.version, memDir: this.memDir, cpuDir: this.cpuDir };
    if (this.memDir !== null) {
      s.memoryLimitBytes = this.memoryLimit();
      if (this.version === 2) {
        const peak = this.read(this.memDir, "memory.peak");
        s.memoryMaxUsageBytes = peak === null ? null : Number(peak);
        const ev = kv(this.read(this.memDir, "memory.events"));
        s.memoryEvents = ev;
        s.memoryFailcnt = ev.max ?? 0;
        s.oomKills = ev.oom_kill ?? 0;
      } else {
        s.memoryMaxUsageBytes = Number(this.read(this.memDir, "memory.max_usage_in_bytes") ?? "0");
        s.memoryFailcnt = Number(this.read(this.memDir, "memory.failcnt") ?? "0");
        const oc = kv(this.read(this.memDir, "memory.oom_control"));
        s.memoryOomControl = oc;
        s.oomKills = oc.oom_kill ?? 0;
      }
    }
    if (this.cpuDir !== null) {
      const st = kv(this.read(this.cpuDir, "cpu.stat"));
      s.cpuStat = st;
      if (this.version === 2) {
        const [q, p] = (this.read(this.cpuDir, "cpu.max") ?? "max 100000").split(/\s+/);
        s.cpuQuotaUs = q === "max" ? null : Number(q);
        s.cpuPeriodUs = Number(p);
        s.throttledTimeS = (st.throttled_usec ?? 0) / 1e6;
      } else {
        const q = Number(this.read(this.cpuDir, "cpu.cfs_quota_us") ?? "-1");
        s.cpuQuotaUs = q < 0 ? null : q;
        s.cpuPeriodUs = Number(this.read(this.cpuDir, "cpu.cfs_period_us") ?? "100000");
        s.throttledTimeS = (st.throttled_time ?? 0) / 1e9;
      }
      if (st.nr_periods > 0) s.throttledPeriodsFraction = (st.nr_throttled ?? 0) / st.nr_periods;
    }
    return s;
  }

  /** Processes still in the groups. */
  procs(): number[] {
    const pids = new Set<number>();
    for (const d of [this.memDir, this.cpuDir]) {
      for (const l of (this.read(d, "cgroup.procs") ?? "").split("\n")) if (/^\d+$/.test(l.trim())) pids.add(Number(l));
    }
    return [...pids];
  }

  /** Kills what is left in the groups (SIGKILL by PID) and removes them; waits up to ~5 s for them to empty. */
  removeSync(): string[] {
    if (this.removed) return [];
    const errors: string[] = [];
    for (const pid of this.procs()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }
    for (const d of [...new Set([this.memDir, this.cpuDir].filter((x): x is string => x !== null))]) {
      const err = rmdirRetrySync(d);
      if (err) errors.push(err);
    }
    this.removed = true;
    live.delete(this);
    return errors;
  }
}

export interface CgroupStats {
  version: 1 | 2;
  memDir: string | null;
  cpuDir: string | null;
  memoryLimitBytes?: number | null;
  memoryMaxUsageBytes?: number | null;
  memoryFailcnt?: number;
  memoryOomControl?: Record<string, number>;
  memoryEvents?: Record<string, number>;
  oomKills?: number;
  cpuQuotaUs?: number | null;
  cpuPeriodUs?: number;
  cpuStat?: Record<string, number>;
  throttledPeriodsFraction?: number;
  throttledTimeS?: number;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function rmdirQuiet(d: string): void {
  try {
    fs.rmdirSync(d);
  } catch {
    /* best effort */
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** rmdir, retried while the kernel still holds the group (tasks exiting, pages being uncharged). */
function rmdirRetrySync(d: string): string | null {
  let last = "";
  for (let i = 0; i < 50; i++) {
    try {
      fs.rmdirSync(d);
      return null;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === "ENOENT") return null;
      last = `${d}: ${err.message}`;
    }
    sleepSync(100);
  }
  return `could not remove ${last}`;
}

/** Groups of this process not yet removed. */
const live = new Set<RunCgroups>();
let handlersInstalled = false;

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", () => {
    for (const g of [...live]) g.removeSync();
  });
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(sig, () => {
      for (const g of [...live]) g.removeSync();
      process.kill(process.pid, sig); // the default action now (this handler was once-only)
    });
  }
}

/** Removes groups left by heapcast processes that no longer exist; returns the directories removed. */
export function removeStaleGroups(support: CgroupSupport): string[] {
  const removed: string[] = [];
  for (const parent of new Set([support.memoryParent, support.cpuParent].filter((p): p is string => p !== null))) {
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(parent);
    } catch {
      continue;
    }
    for (const e of entries) {
      const m = new RegExp(`^${GROUP_PREFIX}.*-(\\d+)-[0-9a-z]+$`).exec(e);
      if (!m) continue;
      const owner = Number(m[1]);
      if (owner === process.pid || pidAlive(owner)) continue;
      const dir = path.join(parent, e);
      let procs = "";
      try {
        procs = fs.readFileSync(path.join(dir, "cgroup.procs"), "utf8").trim();
      } catch {
        continue;
      }
      if (procs !== "") {
        for (const pid of procs.split("\n")) {
          try {
            process.kill(Number(pid), "SIGKILL");
          } catch {
            /* gone */
          }
        }
      }
      if (rmdirRetrySync(dir) === null) removed.push(dir);
    }
  }
  return removed;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
