// A fitted scenario as a list of DSL calls, turned into both the Scenario it runs and the TypeScript a person reads,
// from the same list: what is written is what was simulated.

import { scenario, Scenario, type Phase, type ScenarioSettings } from "../dsl";

/** One DSL call: the method and its arguments exactly as written. */
export interface Call {
  method: "liveHeap" | "leakHeap" | "garbage" | "goroutines" | "leakGoroutines" | "go" | "gc" | "container";
  args: unknown[];
  /** A comment after the call (why it is there). */
  note?: string;
}

/** Calls at one time (seconds; 0 is the top level). */
export interface Step {
  at: number;
  calls: Call[];
}

export interface ScenarioSource {
  name: string;
  settings: ScenarioSettings;
  steps: Step[];
  /** Comment lines above the code (without the leading "// "). */
  header: string[];
}

/** Durations as the DSL writes them, to the millisecond: "12.345s", "250ms". */
export function duration(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  return ms % 1000 === 0 ? `${ms / 1000}s` : ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(3).replace(/0+$/, "")}s`;
}

/** Sizes to a tenth of a MiB ("63.5MiB"; whole GiB as "2GiB"), whole KiB below 1 MiB, whole bytes below 1 KiB. */
export function size(bytes: number): string {
  const b = Math.max(0, Math.round(bytes));
  if (b >= 2 ** 30 && b % 2 ** 30 === 0) return `${b / 2 ** 30}GiB`;
  if (b >= 2 ** 20) return `${+(b / 2 ** 20).toFixed(1)}MiB`;
  if (b >= 1024) return `${Math.round(b / 1024)}KiB`;
  return `${b}B`;
}

/** Byte rates to a tenth of a MiB/s, or KiB/s below 1 MiB/s. */
export function byteRate(bytesPerSec: number): string {
  const r = Math.max(0, bytesPerSec);
  if (r >= 2 ** 20) return `${+(r / 2 ** 20).toFixed(1)}MiB/s`;
  return `${+(r / 1024).toFixed(1)}KiB/s`;
}

/** Count rates to a tenth per second. */
export function countRate(perSec: number): string {
  return `${+Math.max(0, perSec).toFixed(1)}/s`;
}

/** Builds the Scenario the source describes. */
export function toScenario(src: ScenarioSource): Scenario {
  const s = scenario(src.name, src.settings);
  const apply = (p: Phase, calls: Call[]) => {
    for (const c of calls) (p as unknown as Record<string, (...a: unknown[]) => unknown>)[c.method](...c.args);
  };
  for (const step of src.steps) {
    if (step.at === 0) apply(s, step.calls);
    else s.at(duration(step.at), (p) => apply(p, step.calls));
  }
  return s;
}

/** A value as TypeScript: strings quoted, objects with unquoted keys where they are identifiers. */
function ts(v: unknown): string {
  if (v === undefined) return "undefined";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean" || v === null) return String(v);
  if (Array.isArray(v)) return `[${v.map(ts).join(", ")}]`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${ts(x)}`).join(", ")} }`;
}

function callText(c: Call): string {
  return `.${c.method}(${c.args.map(ts).join(", ")})`;
}

/** The scenario as a TypeScript module (default export), with its header. */
export function toSource(src: ScenarioSource): string {
  const out: string[] = [];
  for (const h of src.header) out.push(h === "" ? "//" : `// ${h}`);
  out.push(`import { scenario } from "heapcast";`, "");
  out.push(`export default scenario(${JSON.stringify(src.name)}, ${formatSettings(src.settings)})`);
  for (const step of src.steps) {
    if (step.at === 0) {
      for (const c of step.calls) out.push(`  ${callText(c)}${c.note ? ` // ${c.note}` : ""}`);
    } else if (step.calls.length === 1 && !step.calls[0].note) {
      out.push(`  .at(${JSON.stringify(duration(step.at))}, (s) => s${callText(step.calls[0])})`);
    } else {
      out.push(`  .at(${JSON.stringify(duration(step.at))}, (s) =>`);
      step.calls.forEach((c, i) =>
        out.push(`    ${i === 0 ? "s" : " "}${callText(c)}${c.note ? ` // ${c.note}` : ""}`),
      );
      out.push("  )");
    }
  }
  out[out.length - 1] += ";";
  return out.join("\n") + "\n";
}

function formatSettings(s: ScenarioSettings): string {
  const lines = Object.entries(s)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `  ${k}: ${ts(v)},`);
  return `{\n${lines.join("\n")}\n})`.replace(/\)$/, "");
}
