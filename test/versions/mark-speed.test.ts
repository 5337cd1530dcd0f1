// The mark speed of the machines the corpora were recorded on, and each version's mark cost on one machine, measured
// from the recordings' gctrace (test/support/markspeed.ts: scan work per mark CPU-ms, median over the workloads both
// corpora hold): the numbers behind test/support/fidelity.ts MACHINE_MARK_SPEED and kernel/versions/markcost.ts
// MARK_COST_GO1_19_OVER_GO1_NN. The same Go binary marks at a speed that moves by up to 1.3× between sessions on this
// project's VM; the interleaved recording test/fixtures/real-go/same-session-versions (Go 1.19.8, 1.26.8 and 1.27.4 in
// the same quiet windows) ties each corpus to the calibration machine (runs/, where SCAN_BYTES_PER_CPU_SECOND was
// fitted).

import { rateRatio } from "../support/markspeed";
import { GO126_WORKLOADS_CORPUS, MACHINE_MARK_SPEED } from "../support/fidelity";
import { MARK_COST_GO1_19_OVER_GO1_26, MARK_COST_GO1_19_OVER_GO1_27 } from "../../kernel/versions/markcost";
import { GO1_26 } from "../../kernel/versions/go1_26";
import { GO1_27 } from "../../kernel/versions/go1_27";
import { compile, scenario } from "../../lib/index";
import { run } from "../../lib/running/run";

const SSV = "same-session-versions";
/** The interleaved session's machine against the calibration machine (Go 1.19.8 both). */
const sessionSpeed = () => 1 / rateRatio("runs", `${SSV}/go1.19.8`).median;

describe("the machines' mark speed", () => {
  test("Go 1.19.8 on this VM marks the calibration workloads up to 1.3× slower than on the calibration machine, depending on the session", () => {
    const corpus = rateRatio("runs", "go1.19.8");
    expect(corpus.workloads.length).toBe(19);
    expect(corpus.median).toBeGreaterThan(1.2);
    expect(Math.abs(1 / corpus.median - MACHINE_MARK_SPEED["go1.19.8"])).toBeLessThan(0.01);
    // the external harness's own binary, re-run on this VM (same-session/harness): the same slowdown
    expect(rateRatio("runs", "same-session/go1.19.8/harness").median).toBeGreaterThan(1.2);
    // and in the interleaved session, none
    expect(Math.abs(sessionSpeed() - 1)).toBeLessThan(0.05);
  });

  test.each([
    ["go1.26.8", `${SSV}/go1.26.8`, 0.96],
    ["go1.27.4", `${SSV}/go1.27.4`, 0.81],
    [GO126_WORKLOADS_CORPUS, `${SSV}/new-workloads/go1.26.8`, 0.62],
  ])("%s: its corpus' machine, through the interleaved session (%s)", (corpus, session, expected) => {
    const m = rateRatio(corpus, session);
    expect(m.workloads.length).toBe(4);
    expect(Math.abs(m.median * sessionSpeed() - expected)).toBeLessThan(0.01);
    expect(MACHINE_MARK_SPEED[corpus]).toBe(expected);
  });
});

describe("each version's mark cost on the calibration machine", () => {
  test.each([
    ["go1.26.8", MARK_COST_GO1_19_OVER_GO1_26],
    ["go1.27.4", MARK_COST_GO1_19_OVER_GO1_27],
  ])("Go 1.19.8 over %s: 19 workloads, times the corpus' machine speed", (corpus, model) => {
    const r = rateRatio("runs", corpus);
    expect(r.workloads.length).toBe(19);
    expect(Math.abs(r.median * MACHINE_MARK_SPEED[corpus] - model)).toBeLessThan(0.015); // the speed is rounded to 0.01
    // the interleaved session alone (4 workloads) within 10 %
    expect(Math.abs(rateRatio(`${SSV}/go1.19.8`, `${SSV}/${corpus}`).median / model - 1)).toBeLessThan(0.1);
  });

  test("the model applies it to the corpus' live objects (4 KiB with pointers)", () => {
    expect(GO1_26.markCost.relativeToGo119(4096, true)).toBeCloseTo(MARK_COST_GO1_19_OVER_GO1_26, 12);
    expect(GO1_27.markCost.relativeToGo119(4096, true)).toBeCloseTo(MARK_COST_GO1_19_OVER_GO1_27, 12);
  });
});

describe("KernelOptions.markSpeed", () => {
  const plan = compile(
    scenario("m", { duration: "3s", go: { version: "1.26", GOMAXPROCS: 2 } })
      .liveHeap("64MiB", { objectSize: "4KiB", pointers: true })
      .garbage("300MiB/s"),
  );
  const markMs = (markSpeed?: number) => {
    const cycles = run(plan, markSpeed === undefined ? {} : { markSpeed }).raw.cycles.filter((c) => c.kind === "heap");
    return cycles.reduce((sum, c) => sum + c.markNs, 0) / cycles.length / 1e6;
  };
  test("1 is the default; a slower machine marks longer, a faster one shorter", () => {
    expect(markMs(1)).toBe(markMs());
    expect(markMs(0.5)).toBeGreaterThan(1.5 * markMs(1));
    expect(markMs(2)).toBeLessThan(markMs(1));
  });
  test.each([0, -1, NaN, Infinity])("%p is refused", (markSpeed) => {
    expect(() => run(plan, { markSpeed })).toThrow(/markSpeed: expected a positive finite number/);
  });
});
