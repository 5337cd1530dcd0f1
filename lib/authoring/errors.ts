/**
 * The one error a wrong scenario raises. Its message always names the path of the offending field, the value that was
 * given and the form that was expected, e.g. `garbage.rate: expected a rate like "100MiB/s", got "100MB"`.
 */
export class ScenarioError extends Error {
  /** Dotted path of the field, e.g. "container.memory" or "at(20s).garbage.rate". */
  readonly path: string;
  /** The value as the user wrote it. */
  readonly value: unknown;
  /** The expected form, in words. */
  readonly expected: string;

  constructor(path: string, value: unknown, expected: string, detail?: string) {
    super(`${path}: expected ${expected}, got ${describeValue(value)}${detail ? ` (${detail})` : ""}`);
    this.name = "ScenarioError";
    this.path = path;
    this.value = value;
    this.expected = expected;
  }
}

/** How a value is quoted in messages: strings in double quotes (so trailing spaces show), the rest as JSON. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (value === undefined) return "nothing";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
