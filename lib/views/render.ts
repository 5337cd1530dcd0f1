// Rendering Vega-Lite specs without a browser: vega-lite → vega → SVG with vega's "none" renderer (text widths are
// estimated), and SVG → PNG with resvg (no canvas, no browser). vega and vega-lite are ESM with top-level await, which
// require() cannot load, so they are imported dynamically through a Function that the TypeScript compiler leaves alone.

const esmImport = new Function("s", "return import(s)") as (s: string) => Promise<any>;

let modules: Promise<{ vega: any; vl: any }> | undefined;
/** Loads vega and vega-lite once (about 150 ms); later calls return the same promise. */
export function loadVega(): Promise<{ vega: any; vl: any }> {
  return (modules ??= Promise.all([esmImport("vega"), esmImport("vega-lite")]).then(([vega, vl]) => {
    // Without a canvas vega estimates every character as 0.8 em, which leaves wide gaps after titles and legends.
    // Measure with DejaVu Sans's advance widths instead (the charts' first font, the one PNGs are drawn with).
    vega.textMetrics.width = (
      item: { fontSize?: number; fontWeight?: string | number; text?: unknown },
      text?: unknown,
    ) =>
      textWidth(
        String(text ?? item.text ?? ""),
        item.fontSize ?? 11,
        item.fontWeight === "bold" || +(item.fontWeight ?? 400) >= 600,
      );
    return { vega, vl };
  }));
}

/** DejaVu Sans advance widths of printable ASCII (32–126), in 1/1000 em. */
const DEJAVU_SANS = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636,
  636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863,
  748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635,
  615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636,
  337, 636, 838,
];

/** Width in pixels of a line of text in DejaVu Sans (bold about 10 % wider); other characters count as 0.65 em. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    w += c >= 32 && c <= 126 ? DEJAVU_SANS[c - 32] : 650;
  }
  return (w / 1000) * fontSize * (bold ? 1.1 : 1);
}

/** A vega-lite logger that keeps warnings instead of printing them (a notebook would show them as errors). */
function quietLogger(warnings: string[]) {
  let level = 0;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error: (...a: unknown[]) => (warnings.push(a.map(String).join(" ")), logger),
    warn: (...a: unknown[]) => (warnings.push(a.map(String).join(" ")), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** Compiles a Vega-Lite spec to a Vega spec, with vega-lite's warnings (empty for a clean spec). */
export async function compileVegaLite(
  spec: Record<string, unknown>,
): Promise<{ vega: Record<string, unknown>; warnings: string[] }> {
  const { vl } = await loadVega();
  const warnings: string[] = [];
  const out = vl.compile(spec, { logger: quietLogger(warnings) });
  return { vega: out.spec, warnings };
}

/** Renders a Vega-Lite spec to an SVG string. */
export async function toSVG(spec: Record<string, unknown>): Promise<string> {
  const { vega } = await loadVega();
  const view = new vega.View(vega.parse((await compileVegaLite(spec)).vega), {
    renderer: "none",
    logLevel: vega.Error,
  });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Width and height (CSS pixels) of an SVG made by toSVG. */
export function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*?\swidth="([0-9.]+)"[^>]*?\sheight="([0-9.]+)"/.exec(svg);
  if (!m) throw new Error("svgSize: no width/height on the <svg> element");
  return { width: Math.round(+m[1]), height: Math.round(+m[2]) };
}

/** Fonts for PNGs: DejaVu Sans (Debian's fonts-dejavu-core) where present, else whatever the system has. */
const PNG_FONT = { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" };

/** Renders an SVG string to PNG bytes, `scale` times its CSS size (2: sharp on high-density screens), on white. */
export function svgToPNG(svg: string, scale = 2): Buffer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Resvg } = require("@resvg/resvg-js") as typeof import("@resvg/resvg-js");
  const r = new Resvg(svg, { background: "white", fitTo: { mode: "zoom", value: scale }, font: PNG_FONT });
  return r.render().asPng();
}

/** Renders a Vega-Lite spec to PNG bytes. */
export async function toPNG(spec: Record<string, unknown>, scale = 2): Promise<Buffer> {
  return svgToPNG(await toSVG(spec), scale);
}
