// Headless Chromium (Debian's /usr/bin/chromium through playwright-core) for checking that charts are visible: each
// chart element is scrolled into view and screenshotted, and the screenshot must hold a drawn chart — many colours,
// ink and some saturated colour — not a blank, single-colour or placeholder box.
import * as fs from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { decodePNG, notDrawn, pixelStats, type PixelStats } from "./png";

export const CHROMIUM =
  ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => fs.existsSync(p)) ??
  "/usr/bin/chromium";
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function withChromium<T>(fn: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

export interface PageCheck {
  /** Requests to anything but file: and data: URLs (blocked). */
  external: string[];
  /** Page errors (uncaught exceptions) and console errors. */
  errors: string[];
  charts: ({ index: number; box: { width: number; height: number } | null; loaded: boolean } & PixelStats)[];
}

/**
 * Opens a local HTML file with the network cut off (external requests are recorded and aborted), and screenshots every
 * element matching `selector`.
 */
export async function checkPage(browser: Browser, file: string, selector: string): Promise<PageCheck> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  const page: Page = await context.newPage();
  const external: string[] = [];
  const errors: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
    external.push(url);
    return route.abort();
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" && !/net::ERR_FAILED|Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  try {
    await page.goto(`file://${file}`, { waitUntil: "load", timeout: 180_000 });
    const elements = await page.$$(selector);
    const charts: PageCheck["charts"] = [];
    for (let i = 0; i < elements.length; i++) {
      const el = elements[i];
      await el.scrollIntoViewIfNeeded();
      const loaded = await el.evaluate((n: any) => (n.tagName === "IMG" ? n.complete && n.naturalWidth > 0 : true));
      const box = await el.boundingBox();
      const shot = await el.screenshot({ type: "png", timeout: 120_000 });
      charts.push({
        index: i,
        box: box && { width: Math.round(box.width), height: Math.round(box.height) },
        loaded,
        ...pixelStats(decodePNG(shot)),
      });
    }
    return { external, errors, charts };
  } finally {
    await context.close();
  }
}

/** Why a screenshotted chart does not look drawn (null: it does). */
export function blankReason(c: PageCheck["charts"][number]): string | null {
  if (!c.loaded) return "image not loaded";
  if (!c.box || c.box.width < 200 || c.box.height < 100) return `too small: ${JSON.stringify(c.box)}`;
  return notDrawn(c);
}
