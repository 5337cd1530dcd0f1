// GOMAXPROCS changes (kernel/runtime.ts: setProcs): runtime.GOMAXPROCS waits for a running cycle (debug.go: GOMAXPROCS
// → stopTheWorldGC takes gcsema, held by gcStart until gcMarkTermination releases it), so a cycle never sees its Ps
// change (issue 16, case 6: idle CPU of −1 s and GC CPU fractions of 1.93 in a cycle).
import { scenario, run } from "heapcast";

test("GOMAXPROCS 58 → 10 during a mark takes effect when the cycle ends", () => {
  const r = run(
    scenario("P", { duration: "3s", go: { GOMAXPROCS: 58 } })
      .liveHeap("1GiB")
      .garbage("2GiB/s")
      .at("5ms", (s) => s.go({ GOMAXPROCS: 10 })),
  );
  const first = r.raw.cycles[0];
  const end = first.startNs + first.stw1Ns + first.markNs + first.stw2Ns;
  expect(first.startNs).toBeLessThan(5e6);
  expect(end).toBeGreaterThan(5e6); // the change came mid-cycle
  expect(first.procs).toBe(58);
  expect(r.raw.cycles[1].procs).toBe(10);
  for (const c of r.raw.cycles) {
    expect(c.idleCpuNs).toBeGreaterThanOrEqual(0);
    expect(c.assistCpuNs + c.backgroundCpuNs + c.idleCpuNs).toBeLessThanOrEqual(c.procs * c.markNs + 1);
  }
  for (const s of r.raw.samples) if (s.tNs > 5e6 && s.tNs < end) expect(s.gomaxprocs).toBe(58);
});

test("outside a cycle, GOMAXPROCS changes at once", () => {
  const r = run(
    scenario("P", { duration: "1s", go: { GOMAXPROCS: 2 } })
      .liveHeap("8MiB")
      .at("500ms", (s) => s.go({ GOMAXPROCS: 8 })),
  );
  expect(r.raw.samples.find((s) => s.tNs === 500e6)!.gomaxprocs).toBe(8);
});
