// Rendering Vega-Lite specs without a browser: vega-lite → vega → SVG with vega's "none" renderer (text widths are
// estimated). vega and vega-lite are ESM with top-level await, which require() cannot load, so they are imported
// dynamically through a Function that the TypeScript compiler leaves alone.

const esmImport = new Function("s", "return import(s)") as (s: string) => Promise<any>;

let modules: Promise<{ vega: any; vl: any }> | undefined;
function load() {
  return (modules ??= Promise.all([esmImport("vega"), esmImport("vega-lite")]).then(([vega, vl]) => ({ vega, vl })));
}

/** Renders a Vega-Lite spec to an SVG string. */
export async function toSVG(spec: Record<string, unknown>): Promise<string> {
  const { vega, vl } = await load();
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
  const svg: string = await view.toSVG();
  view.finalize();
  return svg;
}
