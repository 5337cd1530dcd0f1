// Object layout by version (kernel/versions/layout.ts and each version's LayoutSpec), checked against what real Go
// runtimes do: test/fixtures/versions/go1.NN/layout.txt, recorded by probes/layout (the distance between consecutive
// objects is the slot; objects back to back within a one-page span are its object count), with the derived tables of
// shared/reference/go-versions.md (§4 examples, §11.2 objects per span), and against Go 1.19's sizeclasses.ts.

import * as fs from "fs";
import * as path from "path";
import { CLASS_TO_SIZE, roundedSize, spanOverhead } from "../../kernel/sizeclasses";
import { GO1_19, GO1_19_LAYOUT } from "../../kernel/versions/go1_19";
import { GO1_26, GO1_26_LAYOUT } from "../../kernel/versions/go1_26";
import { GO1_27 } from "../../kernel/versions/go1_27";
import { layoutObjectsPerSpan, layoutSizeClass, objectLayout, type ObjectLayout } from "../../kernel/versions/layout";

interface Probe {
  size: number;
  pointers: boolean;
  slot: number;
  /** 0 = not observed (classes above 512 B). */
  objectsPerSpan: number;
}

function probes(dir: string): { header: string; rows: Probe[] } {
  const text = fs.readFileSync(path.join(__dirname, "..", "fixtures", "versions", dir, "layout.txt"), "utf8");
  const lines = text.trim().split("\n");
  const rows = lines
    .filter((l) => !l.startsWith("#"))
    .map((l) => {
      const [size, pointers, slot, per] = l.split(" ");
      return { size: Number(size), pointers: pointers === "true", slot: Number(slot), objectsPerSpan: Number(per) };
    });
  return { header: lines[0], rows };
}

/** Go 1.26 built with GOEXPERIMENT=nogreenteagc: the 1.22–1.25 layout (headers and span heap bits, no mark bits). */
const NO_GREEN_TEA = objectLayout({ ...GO1_26_LAYOUT, inlineMarkBitsBytes: 0 });

const cases: Array<[string, string, ObjectLayout]> = [
  ["go1.19", "go1.19.8", GO1_19.layout],
  ["go1.26", "go1.26.8", GO1_26.layout],
  ["go1.26-nogreenteagc", "go1.26.8-X:nogreenteagc", NO_GREEN_TEA],
  ["go1.27", "go1.27.4", GO1_27.layout],
];

describe.each(cases)("%s: the layout matches the real runtime's objects", (dir, toolchain, layout) => {
  const { header, rows } = probes(dir);

  test("the fixture was recorded with that toolchain and covers every class, with and without pointers", () => {
    expect(header).toContain(`# ${toolchain} linux/amd64`);
    for (const c of CLASS_TO_SIZE.slice(1)) {
      expect(rows.some((r) => r.size === c && r.pointers)).toBe(true);
      if (c >= 16) expect(rows.some((r) => r.size === c && !r.pointers)).toBe(true);
    }
  });

  test("slot size of every probe", () => {
    const wrong = rows
      .filter((r) => layout.slotSize(r.size, r.pointers) !== r.slot)
      .map(
        (r) =>
          `${r.size} B ${r.pointers ? "pointers" : "noscan"}: model ${layout.slotSize(r.size, r.pointers)}, Go ${r.slot}`,
      );
    expect(wrong).toEqual([]);
  });

  test("objects per span of every class up to 512 B", () => {
    const observed = rows.filter((r) => r.objectsPerSpan > 0);
    expect(observed.length).toBeGreaterThan(40);
    const wrong = observed
      .filter((r) => layout.objectsPerSpan(r.size, r.pointers) !== r.objectsPerSpan)
      .map(
        (r) =>
          `${r.size} B ${r.pointers ? "pointers" : "noscan"}: model ${layout.objectsPerSpan(r.size, r.pointers)}, Go ${r.objectsPerSpan}`,
      );
    expect(wrong).toEqual([]);
  });
});

describe("Go 1.19's spec is sizeclasses.ts", () => {
  test("slot size and span overhead agree for every size 1 B – 40 KiB, with and without pointers", () => {
    const L = GO1_19.layout;
    let diffs = 0;
    for (let size = 1; size <= 40960; size++) {
      for (const pointers of [false, true]) {
        if (L.slotSize(size, pointers) !== roundedSize(size, !pointers)) diffs++;
        if (L.spanOverhead(size, pointers) !== spanOverhead(size, !pointers)) diffs++;
      }
    }
    expect(diffs).toBe(0);
  });
});

describe("go-versions.md's derived numbers", () => {
  const L26 = GO1_26.layout;
  test("§4: pointerful objects of 513 B – 32,760 B take the class of size + 8", () => {
    const examples: Array<[number, number]> = [
      [520, 576],
      [576, 640],
      [1024, 1152],
      [2048, 2304],
      [4096, 4864],
      [8192, 9472],
      [16384, 18432],
    ];
    for (const [size, slot] of examples) {
      expect(L26.slotSize(size, true)).toBe(slot);
      expect(L26.slotSize(size, false)).toBe(roundedSize(size, true));
      expect(GO1_19.layout.slotSize(size, true)).toBe(roundedSize(size, false));
    }
    // 4 KiB pointerful: +18.8 % over Go 1.19.
    expect(L26.slotSize(4096, true) / GO1_19.layout.slotSize(4096, true)).toBeCloseTo(1.1875, 4);
    // Beyond 32,760 B every object is large: whole pages, no header.
    expect(L26.slotSize(32761, false)).toBe(32768);
    expect(L26.slotSize(32768, true)).toBe(32768);
    expect(layoutSizeClass(GO1_26_LAYOUT, 32768, false)).toBe(0);
    expect(layoutSizeClass(GO1_19_LAYOUT, 32768, false)).toBe(CLASS_TO_SIZE.length - 1);
  });

  test("§11.2: objects per 8 KiB span for classes ≤ 512 B", () => {
    // class size → [1.19–1.21, 1.22–1.25 scan, 1.26 noscan, 1.26 scan]
    const table: Record<number, [number, number, number, number]> = {
      8: [1024, 1008, 1024, 1008],
      16: [512, 504, 504, 496],
      32: [256, 252, 252, 248],
      64: [128, 126, 126, 124],
      112: [73, 72, 72, 70],
      128: [64, 63, 63, 62],
      256: [32, 31, 31, 31],
      384: [21, 21, 21, 20],
      448: [18, 18, 18, 17],
      480: [17, 16, 16, 16],
      512: [16, 15, 15, 15],
    };
    for (const [size, [v19, v22scan, v26noscan, v26scan]] of Object.entries(table)) {
      const c = (CLASS_TO_SIZE as readonly number[]).indexOf(Number(size));
      expect([size, layoutObjectsPerSpan(GO1_19_LAYOUT, c, true)]).toEqual([size, v19]);
      expect([size, layoutObjectsPerSpan(GO1_19_LAYOUT, c, false)]).toEqual([size, v19]);
      expect([size, NO_GREEN_TEA.objectsPerSpan(Number(size), true)]).toEqual([size, v22scan]);
      expect([size, layoutObjectsPerSpan(GO1_26_LAYOUT, c, false)]).toEqual([size, v26noscan]);
      expect([size, layoutObjectsPerSpan(GO1_26_LAYOUT, c, true)]).toEqual([size, v26scan]);
    }
  });

  test("the g struct's slot: 416 B in Go 1.19, 480 B in Go 1.26 and 1.27 (allocated with pointers)", () => {
    expect(GO1_19.layout.slotSize(GO1_19.gStructBytes, true)).toBe(416);
    expect(GO1_26.layout.slotSize(GO1_26.gStructBytes, true)).toBe(480);
    expect(GO1_27.layout.slotSize(GO1_27.gStructBytes, true)).toBe(480);
  });

  test("tiny objects: the same share of a 16-byte block; their span holds 504 blocks under Green Tea, not 512", () => {
    for (const size of [1, 3, 8, 12])
      expect(GO1_26.layout.slotSize(size, false)).toBe(GO1_19.layout.slotSize(size, false));
    expect(GO1_19.layout.spanOverhead(8, false)).toBe(1);
    expect(GO1_26.layout.spanOverhead(8, false)).toBeCloseTo(8192 / (504 * 16), 12);
  });
});
