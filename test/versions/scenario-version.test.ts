// A Go version per scenario (issue 14): `scenario(name, { go: { version } })` through the DSL, the plan and its schema,
// into the kernel, which then runs that version's rules (kernel/versions): the container-aware GOMAXPROCS default,
// the object layout, the arena metadata, the gctrace stacks field, the background scavenger's memory-limit goal and the
// pacer's `triggered`. Each test runs the same scenario under two versions and checks the difference the version's
// rule makes, with the Go source of the rule in kernel/versions.
import { compile, compareChart, grid, gridPlan, run, scenario, validatePlan, ScenarioError } from "heapcast";
import { DEFAULT_GO_VERSION, GO_VERSION_NAMES } from "../../kernel/versions";

const MiB = 2 ** 20;

function under(
  version: "1.19" | "1.26" | "1.27",
  build: (s: ReturnType<typeof scenario>) => ReturnType<typeof scenario>,
  settings: Record<string, unknown> = {},
) {
  const go = { version, ...((settings.go as object) ?? {}) };
  return run(build(scenario(`v${version}`, { duration: "10s", markJitter: 0, ...settings, go } as never)));
}

describe("the DSL and the plan", () => {
  test("go.version, go.goMod and container.nodeCpus reach the plan; GOMAXPROCS left out is null (the runtime's default)", () => {
    const p = compile(
      scenario("x", { duration: "1s", go: { version: "1.26", goMod: "1.24" }, container: { cpus: 1.5, nodeCpus: 8 } }),
    );
    expect(p.version).toBe(2);
    expect(p.scenario.go).toEqual({ version: "1.26", goMod: "1.24", GOGC: 100, GOMEMLIMIT: null, GOMAXPROCS: null });
    expect(p.scenario.container).toEqual({ memoryBytes: null, cpus: 1.5, nodeCpus: 8 });
    expect(validatePlan(JSON.parse(JSON.stringify(p)))).toEqual(p);
  });

  test(`the default version is the newest, ${DEFAULT_GO_VERSION}, and its go.mod line follows it`, () => {
    expect(GO_VERSION_NAMES[GO_VERSION_NAMES.length - 1]).toBe(DEFAULT_GO_VERSION);
    const p = compile(scenario("x", { duration: "1s" }));
    expect(p.scenario.go.version).toBe(DEFAULT_GO_VERSION);
    expect(p.scenario.go.goMod).toBe(DEFAULT_GO_VERSION);
    expect(run(p).summary.goVersion).toBe(DEFAULT_GO_VERSION);
  });

  test("a wrong version, go.mod line or node CPU count is one clear error naming the field", () => {
    expect(() => scenario("x", { duration: "1s", go: { version: "1.20" as never } })).toThrow(ScenarioError);
    expect(() => scenario("x", { duration: "1s", go: { version: "1.20" as never } })).toThrow(
      /go\.version.*"1\.19", "1\.26", "1\.27"/,
    );
    expect(() => scenario("x", { duration: "1s", go: { goMod: "go1.24" } })).toThrow(/go\.goMod/);
    expect(() => scenario("x", { duration: "1s", container: { nodeCpus: 0 } })).toThrow(/container\.nodeCpus/);
    // version holds for the whole run: not a later action
    expect(() => scenario("x", { duration: "2s" }).at("1s", (s) => s.go({ version: "1.26" } as never))).toThrow(
      /version.*unknown field|unknown field.*version/,
    );
    const p = JSON.parse(JSON.stringify(compile(scenario("x", { duration: "1s" }))));
    p.scenario.go.version = "1.21";
    expect(() => validatePlan(p)).toThrow(/plan\.scenario\.go\.version/);
  });

  test("a version-1 plan (before versions) is read as the Go 1.19 plan it was", () => {
    const p = JSON.parse(JSON.stringify(compile(scenario("x", { duration: "1s", go: { GOMAXPROCS: 3 } }))));
    p.version = 1;
    delete p.scenario.go.version;
    delete p.scenario.go.goMod;
    delete p.scenario.container.nodeCpus;
    const v2 = validatePlan(p);
    expect(v2.version).toBe(2);
    expect(v2.scenario.go).toMatchObject({ version: "1.19", goMod: "1.19", GOMAXPROCS: 3 });
    expect(v2.scenario.container.nodeCpus).toBe(2);
  });
});

describe("the kernel runs the version's rules", () => {
  // runtime/cgroup_linux.go (Go 1.25+): GOMAXPROCS = min(CPUs, max(2, ceil(quota))) when not set and go.mod ≥ 1.25.
  test("GOMAXPROCS not set: the node's CPUs in 1.19; the container's CPU limit in 1.26 (go.mod ≥ 1.25 only)", () => {
    const procs = (r: ReturnType<typeof run>) => r.raw.cycles.map((c) => c.procs);
    const build = (s: ReturnType<typeof scenario>) => s.liveHeap("32MiB").garbage("100MiB/s");
    const settings = { container: { cpus: 2.5, nodeCpus: 16 } };
    expect(new Set(procs(under("1.19", build, settings)))).toEqual(new Set([16]));
    expect(new Set(procs(under("1.26", build, settings)))).toEqual(new Set([3]));
    expect(new Set(procs(under("1.26", build, { ...settings, go: { goMod: "1.24" } })))).toEqual(new Set([16]));
    expect(new Set(procs(under("1.26", build, { ...settings, go: { GOMAXPROCS: 8 } })))).toEqual(new Set([8]));
    // max(2, ceil(0.5)) = 2
    expect(new Set(procs(under("1.26", build, { container: { cpus: 0.5, nodeCpus: 16 } })))).toEqual(new Set([2]));
  });

  // proc.go sysmon: `lastgomaxprocs+1e9 <= now` — a new limit is seen within a second, the change waits for a cycle.
  test("a new CPU limit changes the default GOMAXPROCS within a second (1.26), never in 1.19 or once the program set it", () => {
    const build = (s: ReturnType<typeof scenario>) =>
      s
        .liveHeap("32MiB")
        .garbage("200MiB/s")
        .at("4.3s", (a) => a.container({ cpus: 6 }));
    const settings = { container: { cpus: 2, nodeCpus: 16 } };
    const r = under("1.26", build, settings);
    const change = r.raw.events.find((e) => e.kind === "gomaxprocs");
    expect(change).toBeDefined();
    expect(change!.tNs).toBe(5e9);
    expect(change!.detail).toMatch(/^GOMAXPROCS 6/);
    const after = r.raw.cycles.filter((c) => c.startNs > 5.1e9);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((c) => c.procs === 6)).toBe(true);
    expect(r.raw.cycles.filter((c) => c.startNs < 4.3e9).every((c) => c.procs === 2)).toBe(true);
    expect(under("1.19", build, settings).raw.events.some((e) => e.kind === "gomaxprocs")).toBe(false);
    const set = under("1.26", (s) => build(s).at("1s", (a) => a.go({ GOMAXPROCS: 2 })), settings);
    expect(set.raw.events.some((e) => e.kind === "gomaxprocs")).toBe(false);
  });

  // Go 1.22+ malloc headers: a 4 KiB object with pointers takes 4096 + 8 → the 4864 B class (+18.75 %).
  test("a 4 KiB pointerful live heap takes 4864/4096 of the heap in 1.26, not in 1.19; pointer-free 4 KiB the same", () => {
    const live = (v: "1.19" | "1.26", pointers: boolean) =>
      under(v, (s) => s.liveHeap("64MiB", { objectSize: "4KiB", pointers }), { duration: "2s" })
        .timeline.objects()
        .slice(-1)[0] as Record<string, number>;
    expect(live("1.19", true)["reachable:bytes"] - live("1.19", false)["reachable:bytes"]).toBe(0);
    const grown = live("1.26", true)["reachable:bytes"] - live("1.19", true)["reachable:bytes"];
    // the live heap and, in 1.26, the main goroutine's g (456 B → 480 B class vs 392 B → 416 B)
    expect(grown).toBe(64 * MiB * (4864 / 4096 - 1) + (480 - 416));
  });

  // Go 1.19's 2 MiB pointer bitmap per 64 MiB arena is gone in 1.22+ (heapArena 69,648 B).
  test("arena metadata: 3.2 % of the heap in 1.19, 0.1 % in 1.26 (pointer-free objects: same heap, less RSS)", () => {
    const r = (v: "1.19" | "1.26") =>
      under(v, (s) => s.liveHeap("256MiB", { objectSize: "4KiB", pointers: false }), { duration: "2s" });
    const meta = (x: ReturnType<typeof r>) =>
      (x.timeline.objects().slice(-1)[0] as Record<string, number>)["/memory/classes/metadata/other:bytes"];
    expect(meta(r("1.19")) - meta(r("1.26"))).toBeGreaterThan(0.03 * 256 * MiB);
    expect(r("1.19").summary.peakRssBytes - r("1.26").summary.peakRssBytes).toBeGreaterThan(0.025 * 256 * MiB);
  });

  // mgc.go gcMarkTermination: "MB stacks" is maxStackScan (1.19) or lastStackScan (1.20+).
  test("gctrace's stacks field: allocated stacks in 1.19, stacks scanned in 1.26", () => {
    const build = (s: ReturnType<typeof scenario>) =>
      s.liveHeap("16MiB").garbage("100MiB/s").goroutines(4000, { stack: "32KiB" });
    const stacksMiB = (r: ReturnType<typeof run>) =>
      Number(/(\d+) MB stacks/.exec(r.gctrace().trim().split("\n").slice(-1)[0])![1]);
    const a = stacksMiB(under("1.19", build));
    const b = stacksMiB(under("1.26", build));
    expect(a).toBeGreaterThanOrEqual(125); // 4000 × 32 KiB allocated
    expect(b).toBeLessThan(a);
    expect(b).toBeGreaterThan(0);
  });

  // mgcscavenge.go gcPaceScavenger: memoryLimitGoal = 95 % of GOMEMLIMIT since 1.22 (1.19: limit × 95, never reached).
  test("GOMEMLIMIT: the background scavenger keeps mappedReady at 95 % of the limit in 1.26; 1.19 lets it up to the limit", () => {
    const build = (s: ReturnType<typeof scenario>) =>
      s
        .liveHeap("100MiB", { objectSize: "4KiB", pointers: false })
        .garbage("100MiB/s", { size: "1KiB", pointers: false });
    const settings = { duration: "20s", go: { GOMEMLIMIT: "200MiB" } };
    const mappedReady = (v: "1.19" | "1.26") => {
      const last = under(v, build, settings).timeline.objects().slice(-1)[0] as Record<string, number>;
      return last["/memory/classes/total:bytes"] - last["/memory/classes/heap/released:bytes"];
    };
    expect(mappedReady("1.26")).toBeLessThanOrEqual(0.95 * 200 * MiB + 1);
    expect(mappedReady("1.26")).toBeGreaterThan(0.94 * 200 * MiB);
    expect(mappedReady("1.19")).toBeGreaterThan(0.97 * 200 * MiB);
  });
});

describe("versions for users", () => {
  const service = () =>
    scenario("svc", { duration: "20s", markJitter: 0, go: { version: "1.19" }, container: { cpus: 2, nodeCpus: 16 } })
      .liveHeap("128MiB", { objectSize: "4KiB", pointers: true })
      .garbage("100MiB/s");

  test("go.version is a grid axis: each row runs its version (gridPlan and grid agree)", async () => {
    const t = await grid(service(), { "go.version": ["1.19", "1.26"] }, { workers: 1 });
    expect(t.array("go.version")).toEqual(["1.19", "1.26"]);
    const r26 = run(gridPlan(service(), { "go.version": "1.26" }));
    expect(r26.plan.scenario.go).toMatchObject({ version: "1.26", goMod: "1.26" });
    expect(t.array("gc_cycles")[1]).toBe(r26.summary.gcCycles);
    expect(t.array("peak_rss_bytes")[1]).toBe(r26.summary.peakRssBytes);
    expect(t.array("peak_rss_bytes")[1]).not.toBe(t.array("peak_rss_bytes")[0]);
    expect(() => gridPlan(service(), { "go.version": "1.22" })).toThrow(
      /gridPlan\["go.version"\].*"1.19", "1.26", "1.27"/,
    );
  });

  test("compareChart draws the same service under 1.19 and 1.26: heap, RSS and GC CPU, one line per version", () => {
    const runs = {
      "Go 1.19": run(gridPlan(service(), { "go.version": "1.19" })),
      "Go 1.26": run(gridPlan(service(), { "go.version": "1.26" })),
    };
    const spec = compareChart(runs, { metrics: ["heap", "rss", "gc-cpu"] }) as {
      vconcat: { layer: { data: unknown }[] }[];
      description: string;
    };
    expect(spec.vconcat).toHaveLength(3);
    // (inline data: rows, or CSV text for long series)
    for (const panel of spec.vconcat)
      for (const label of ["Go 1.19", "Go 1.26"]) expect(JSON.stringify(panel.layer[0].data)).toContain(label);
    expect(spec.description).toMatch(/Go 1\.19: peak RSS .*Go 1\.26: peak RSS/);
  });
});
