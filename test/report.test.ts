// `heapcast run --report FILE.html`: one self-contained page with the notebooks' charts (memory, GC cycles, goroutines)
// as inline SVG — no script, nothing fetched — opened in headless Chromium with the network cut off; every chart must
// be drawn (screenshotted, not blank, not a single colour).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_GO_VERSION } from "../kernel/versions";
import { blankReason, checkPage, withChromium, type PageCheck } from "./support/notebooks/browser";

const ROOT = path.resolve(__dirname, "..");
const CLI = path.join(ROOT, "dist", "lib", "cli", "heapcast.js");

let tmp: string;
let html: string;
let file: string;
let stdout: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "heapcast-report-"));
  file = path.join(tmp, "report.html");
  const r = spawnSync(process.execPath, [CLI, "run", "scenarios/checkout-api-goroutine-leak.ts", "--report", file], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 300_000,
  });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  stdout = r.stdout;
  html = fs.readFileSync(file, "utf8");
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test("the CLI says where the report is", () => {
  expect(stdout).toContain(`report: ${file}\n`);
});

test("self-contained: no script, no stylesheet, font or image to fetch", () => {
  expect(html).toMatch(/^<!doctype html>/);
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<link/i);
  expect(html).not.toMatch(/<img/i);
  expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
  expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
  expect(html).not.toMatch(/@import/i);
});

test("says which Go version's model ran: the scenario's (its default, the newest, when it names none)", () => {
  const scenario = fs.readFileSync(path.join(ROOT, "scenarios/checkout-api-goroutine-leak.ts"), "utf8");
  const named = /version: "(1\.\d+)"/.exec(scenario)?.[1];
  expect(html).toContain(`with heapcast's model of the Go ${named ?? DEFAULT_GO_VERSION} runtime.</p>`);
  expect(html.match(/model of the Go [\d.]+ runtime/g)).toHaveLength(1);
});

test("the notebooks' charts, each with its one-line summary as caption and accessible label", () => {
  const figures = [
    ...html.matchAll(/<figure class="chart" id="([a-z-]+)" role="img" aria-label="([^"]+)">\n<svg/g),
  ].map((m) => [m[1], m[2]]);
  expect(figures.map((f) => f[0])).toEqual(["memory-chart", "gc-chart", "goroutines-chart"]);
  expect(figures[0][1]).toMatch(
    /^Memory of &quot;checkout-api: goroutine leak in a 256 MiB container&quot; over .*OOM-killed at \d+\.\d+s\.$/,
  );
  expect(html).toContain("<figcaption>GC cycles of &quot;checkout-api");
  expect(html).toMatch(/<text[^>]*>OOM kill at \d+\.\d+s<\/text>/);
  expect(html).toContain("<h2>Events</h2>");
  expect(html).toMatch(/<td>oom-kill<\/td>/);
});

describe("in headless Chromium, offline", () => {
  let page: PageCheck;
  beforeAll(async () => {
    page = await withChromium((browser) => checkPage(browser, file, "figure.chart svg"));
  }, 600_000);

  test("nothing is requested from the network and nothing fails", () => {
    expect(page.external).toEqual([]);
    expect(page.errors).toEqual([]);
  });

  test("every chart is drawn", () => {
    expect(page.charts).toHaveLength(3);
    for (const c of page.charts)
      expect({ chart: c.index, problem: blankReason(c) }).toEqual({ chart: c.index, problem: null });
  });
});
