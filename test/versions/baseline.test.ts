// Each version's baseline (GoVersion.baseline: what a program holds before its workload) against the first samples of
// the corpora recorded with heapcast's load generator (test/fixtures/real-go/go1.NN.M, 42 runs each; the first
// sample is taken at t ≤ 0.4 ms, before the workload's first event): the medians the version modules quote, recomputed
// here. Go 1.19's baseline is its harness corpus' (test/fixtures/real-go/runs, kernel/constants.ts); a newer version
// adds to Go 1.19's RSS what it adds to the same program (its load generator's RSS minus go1.19.8's) and takes its
// runtime memory outside the heap as measured (it does not depend on the program: the harness and the load generator
// agree on it under go1.19.8, as on the heap at start).

import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { median } from "simple-statistics";
import { GO1_19 } from "../../kernel/versions/go1_19";
import { GO1_26 } from "../../kernel/versions/go1_26";
import { GO1_27 } from "../../kernel/versions/go1_27";
import { BASELINE_HEAP_OBJECTS_BYTES, BASELINE_RSS_BYTES } from "../../kernel/constants";
import { REAL_GO_DIR } from "../support/realgo";

type Sample = Record<string, number | null>;

function firstSamples(corpus: string): Sample[] {
  const dir = path.join(REAL_GO_DIR, corpus);
  const out: Sample[] = [];
  for (const w of fs.readdirSync(dir).sort()) {
    for (const rep of ["rep1", "rep2"]) {
      const f = path.join(dir, w, rep, "samples.jsonl.gz");
      if (!fs.existsSync(f)) continue;
      const text = zlib.gunzipSync(fs.readFileSync(f)).toString("utf8");
      out.push(JSON.parse(text.slice(0, text.indexOf("\n"))) as Sample);
    }
  }
  return out;
}

const num = (s: Sample, k: string): number => s[k] ?? 0;
/** Runtime memory outside the heap: metadata (other, mcache, mspan), other, profiling buckets. */
const outsideHeap = (s: Sample): number =>
  num(s, "/memory/classes/metadata/other:bytes") +
  num(s, "/memory/classes/other:bytes") +
  num(s, "/memory/classes/metadata/mcache/inuse:bytes") +
  num(s, "/memory/classes/metadata/mcache/free:bytes") +
  num(s, "/memory/classes/metadata/mspan/inuse:bytes") +
  num(s, "/memory/classes/metadata/mspan/free:bytes") +
  num(s, "/memory/classes/profiling/buckets:bytes");

interface Measured {
  rss: number;
  heapAlloc: number;
  outside: number;
}
function measure(corpus: string): Measured {
  const samples = firstSamples(corpus);
  expect(samples.length).toBe(42);
  // before the workload allocated anything (t = 0.1–5.4 ms)
  for (const s of samples) {
    expect(num(s, "h.live_bytes") + num(s, "h.garbage_bytes") + num(s, "h.leak_bytes")).toBe(0);
  }
  return {
    rss: median(samples.map((s) => num(s, "proc.rss_bytes"))),
    heapAlloc: median(samples.map((s) => num(s, "ms.HeapAlloc"))),
    outside: median(samples.map(outsideHeap)),
  };
}

let go119: Measured;
beforeAll(() => {
  go119 = measure("go1.19.8");
});

test("Go 1.19's baseline is its harness corpus' first sample, and the load generator agrees on what is not the program's", () => {
  const harness = measure("runs");
  expect(GO1_19.baseline.rssBytes).toBe(BASELINE_RSS_BYTES);
  // RSS belongs to the program: the harness' binary is smaller than the load generator's
  expect(Math.abs(harness.rss - GO1_19.baseline.rssBytes) / harness.rss).toBeLessThan(0.05);
  expect(go119.rss - harness.rss).toBeGreaterThan(400_000);
  // the runtime's own heap and memory outside the heap do not depend on the program
  expect(Math.abs(harness.heapAlloc - BASELINE_HEAP_OBJECTS_BYTES)).toBeLessThan(1_000);
  expect(Math.abs(go119.heapAlloc - BASELINE_HEAP_OBJECTS_BYTES)).toBeLessThan(1_000);
  expect(Math.abs(harness.outside - GO1_19.baseline.runtimeMetadataBytes) / harness.outside).toBeLessThan(0.01);
  expect(Math.abs(go119.outside - GO1_19.baseline.runtimeMetadataBytes) / go119.outside).toBeLessThan(0.01);
});

test.each([
  ["go1.26.8", GO1_26],
  ["go1.27.4", GO1_27],
])("%s: the module's baseline is the corpus' first-sample medians", (corpus, v) => {
  const m = measure(corpus);
  expect(v.baseline).toEqual({
    rssBytes: BASELINE_RSS_BYTES + (m.rss - go119.rss),
    runtimeMetadataBytes: m.outside,
  });
});
