// The JSON Schema of a heapcast.plan, built from the table of settings (settings.ts), and validatePlan: a plan that
// came from outside (a JSON file, a hand edit) is checked by ajv against it — types, ranges, required fields, no
// unknown field anywhere — then for what a schema cannot say (events in time order, within the duration, ramps that
// end by the end, garbage shares that add up to 1). Every failure is one ScenarioError naming the field's path, the
// expected form and the value, as the DSL's are. The schema is published as schemas/heapcast.plan.schema.json.

import type { ErrorObject, ValidateFunction } from "ajv";
import { ScenarioError } from "./errors";
import { RANGES, type Range, type RangeKey, expectedText } from "./settings";
import { EventPlan, PLAN_FORMAT, PLAN_VERSION, PlanEvent } from "../../kernel/plan";
import { GO_VERSION_NAMES } from "../../kernel/versions";

type Schema = Record<string, unknown>;

function num(key: RangeKey, expected?: string): Schema {
  const r: Range = RANGES[key];
  const type = r.integer ? "integer" : "number";
  return {
    type: r.nullable ? [type, "null"] : type,
    minimum: r.min,
    maximum: r.max,
    description: expected ?? expectedText(r),
  };
}

function object(properties: Record<string, Schema>, required: string[], description: string): Schema {
  return { type: "object", properties, required, additionalProperties: false, description };
}

/** The fields of each event kind (besides kind, atNs and source) and which are optional. */
const EVENTS: Record<string, { fields: Record<string, Schema>; optional?: string[] }> = {
  liveHeap: {
    fields: {
      bytes: num("bytes"),
      overNs: num("ns"),
      churnBytesPerSec: num("bytesPerSec"),
      objectSize: num("objectSize"),
      pointerFraction: num("fraction"),
    },
  },
  leakHeap: {
    fields: { bytesPerSec: num("bytesPerSec"), objectSize: num("objectSize"), pointerFraction: num("fraction") },
  },
  garbage: {
    fields: {
      bytesPerSec: num("bytesPerSec"),
      sizes: {
        type: "array",
        minItems: 1,
        items: object({ size: num("objectSize"), share: num("share") }, ["size", "share"], "{ size, share }"),
        description: "a non-empty list of { size, share }",
      },
      pointerFraction: num("fraction"),
      everyNs: num("everyNs"),
      catchUpNs: num("ns"),
    },
    optional: ["everyNs", "catchUpNs"],
  },
  requests: {
    fields: {
      perSec: num("perSec"),
      allocBytes: num("bytes"),
      lastsNs: num("ns"),
      stackBytes: num("stackBytes"),
      objectSize: num("objectSize"),
      pointerFraction: num("fraction"),
    },
  },
  goroutines: { fields: { count: num("count"), stackBytes: num("stackBytes"), overNs: num("ns") } },
  leakGoroutines: { fields: { perSec: num("perSec"), stackBytes: num("stackBytes"), retainsBytes: num("bytes") } },
  go: {
    fields: { GOGC: num("GOGC"), GOMEMLIMIT: num("GOMEMLIMIT"), GOMAXPROCS: num("GOMAXPROCS") },
    optional: ["GOGC", "GOMEMLIMIT", "GOMAXPROCS"],
  },
  container: { fields: { memoryBytes: num("memoryBytes"), cpus: num("cpus") }, optional: ["memoryBytes", "cpus"] },
  gc: { fields: {} },
};

/** The event kinds a plan may hold. */
export const EVENT_KINDS: readonly string[] = Object.keys(EVENTS);

function eventSchema(kind: string): Schema {
  const { fields, optional = [] } = EVENTS[kind];
  return object(
    {
      kind: { const: kind, description: `one of ${EVENT_KINDS.join(", ")}` },
      atNs: num("atNs"),
      source: { type: "string", description: "the call it came from, as a string" },
      ...fields,
    },
    ["kind", "atNs", "source", ...Object.keys(fields).filter((f) => !optional.includes(f))],
    `a ${kind} event`,
  );
}

const SCENARIO_SCHEMA: Schema = object(
  {
    name: { type: "string", description: "a name" },
    go: object(
      {
        version: { enum: GO_VERSION_NAMES, description: `one of the Go versions ${GO_VERSION_NAMES.join(", ")}` },
        goMod: {
          type: "string",
          pattern: "^\\d+\\.\\d+(\\.\\d+|rc\\d+|beta\\d+)?$",
          description: 'a go.mod go line like "1.24"',
        },
        GOGC: num("GOGC"),
        GOMEMLIMIT: num("GOMEMLIMIT"),
        GOMAXPROCS: num("initialGOMAXPROCS"),
      },
      ["version", "goMod", "GOGC", "GOMEMLIMIT", "GOMAXPROCS"],
      "{ version, goMod, GOGC, GOMEMLIMIT, GOMAXPROCS }",
    ),
    container: object(
      { memoryBytes: num("memoryBytes"), cpus: num("cpus"), nodeCpus: num("nodeCpus") },
      ["memoryBytes", "cpus", "nodeCpus"],
      "{ memoryBytes, cpus, nodeCpus }",
    ),
    durationNs: num("durationNs"),
    seed: num("seed"),
    sampleEveryNs: num("sampleEveryNs"),
    globalsBytes: num("globalsBytes"),
    markJitter: num("markJitter"),
  },
  ["name", "go", "container", "durationNs", "seed", "sampleEveryNs", "globalsBytes", "markJitter"],
  "the normalized scenario object",
);

/** The JSON Schema (draft 2020-12) of a heapcast.plan: what schemas/heapcast.plan.schema.json holds. */
export function planSchema(): Schema {
  const plan = object(
    {
      format: { const: PLAN_FORMAT, description: `"${PLAN_FORMAT}"` },
      version: { const: PLAN_VERSION, description: `plan version ${PLAN_VERSION}` },
      scenario: SCENARIO_SCHEMA,
      events: {
        type: "array",
        items: {
          type: "object",
          oneOf: EVENT_KINDS.map(eventSchema),
          discriminator: { propertyName: "kind" },
          description: "an event object",
        },
        description: "a list of events",
      },
    },
    ["format", "version", "scenario", "events"],
    "a heapcast event plan (JSON object)",
  );
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "heapcast.plan.schema.json",
    title: "heapcast event plan",
    ...plan,
    description:
      "A scenario compiled to plain JSON: the normalized settings and the events in time order. Sizes in integer bytes, times in integer ns since start, rates per second.",
  };
}

// Compiled once: the scenario, and each event kind (an event's kind picks its schema in code: a kind such as
// "__proto__" or "constructor" is not a kind).
// Compiled when the first plan is checked (ajv and the compilation take ≈80 ms: importing heapcast does not pay it).
let validators: { scenario: ValidateFunction; events: Record<string, ValidateFunction> } | null = null;
function compiled(): { scenario: ValidateFunction; events: Record<string, ValidateFunction> } {
  if (validators) return validators;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = (require("ajv") as typeof import("ajv")).default;
  const ajv = new Ajv({ allErrors: false, verbose: true, strict: true, discriminator: true });
  validators = {
    scenario: ajv.compile(SCENARIO_SCHEMA),
    events: Object.fromEntries(EVENT_KINDS.map((k) => [k, ajv.compile(eventSchema(k))])),
  };
  return validators;
}

/** ajv's first error as the ScenarioError of the DSL's form: path, expected form, value. */
function toScenarioError(e: ErrorObject, base: string, data: unknown): ScenarioError {
  let path = base;
  let value: unknown = data;
  for (const seg of e.instancePath.split("/").slice(1)) {
    const key = seg.replace(/~1/g, "/").replace(/~0/g, "~");
    path += /^\d+$/.test(key) ? `[${key}]` : `.${key}`;
    value = (value as Record<string, unknown>)[key];
  }
  const parent = e.parentSchema as Schema | undefined;
  if (e.keyword === "required") {
    const field = (e.params as { missingProperty: string }).missingProperty;
    return new ScenarioError(`${path}.${field}`, undefined, "a value (the field is required)");
  }
  if (e.keyword === "additionalProperties") {
    const field = (e.params as { additionalProperty: string }).additionalProperty;
    const fields = Object.keys((parent?.properties as Schema) ?? {});
    return new ScenarioError(
      `${path}.${field}`,
      (value as Record<string, unknown>)[field],
      `one of the fields ${fields.join(", ")}`,
      "unknown field",
    );
  }
  return new ScenarioError(path, value, String(parent?.description ?? "a valid value"));
}

/**
 * A plan of version 1 (before Go versions) as version 2: it was a plan for Go 1.19 (the only version modelled then),
 * its GOMAXPROCS was always the program's own, and its node had the 2 CPUs of the calibration machine.
 */
function upgradeV1(p: EventPlan): EventPlan {
  const s = p.scenario as unknown as Record<string, unknown> | null;
  if (s === null || typeof s !== "object" || Array.isArray(s)) return { ...p, version: PLAN_VERSION };
  const go = s.go as Record<string, unknown> | null;
  const container = s.container as Record<string, unknown> | null;
  return {
    ...p,
    version: PLAN_VERSION,
    scenario: {
      ...(s as unknown as EventPlan["scenario"]),
      go:
        go !== null && typeof go === "object" && !Array.isArray(go)
          ? ({ version: "1.19", goMod: "1.19", ...go } as unknown as EventPlan["scenario"]["go"])
          : (go as never),
      container:
        container !== null && typeof container === "object" && !Array.isArray(container)
          ? ({ nodeCpus: 2, ...container } as unknown as EventPlan["scenario"]["container"])
          : (container as never),
    },
  };
}

/** Checks a plan that came from outside (a JSON file): format, version, and the shape of every field. */
export function validatePlan(value: unknown, path = "plan"): EventPlan {
  const p = value as EventPlan;
  if (p === null || typeof p !== "object") throw new ScenarioError(path, value, "a heapcast event plan (JSON object)");
  if (p.format !== PLAN_FORMAT) throw new ScenarioError(`${path}.format`, p.format, `"${PLAN_FORMAT}"`);
  if ((p.version as number) === 1) return validatePlan(upgradeV1(p), path);
  if (p.version !== PLAN_VERSION)
    throw new ScenarioError(`${path}.version`, p.version, `plan version 1 or ${PLAN_VERSION}`);
  for (const k of Object.keys(p)) {
    if (k !== "format" && k !== "version" && k !== "scenario" && k !== "events") {
      throw new ScenarioError(
        `${path}.${k}`,
        (p as unknown as Record<string, unknown>)[k],
        "one of the fields format, version, scenario, events",
        "unknown field",
      );
    }
  }
  const s = p.scenario;
  if (s === null || typeof s !== "object" || Array.isArray(s))
    throw new ScenarioError(`${path}.scenario`, s, "the normalized scenario object");
  const { scenario: validateScenario, events: validateEvent } = compiled();
  if (!validateScenario(s)) throw toScenarioError(validateScenario.errors![0], `${path}.scenario`, s);
  if (!Array.isArray(p.events)) throw new ScenarioError(`${path}.events`, p.events, "a list of events");
  let last = 0;
  p.events.forEach((e: PlanEvent, i) => {
    const ep = `${path}.events[${i}]`;
    if (e === null || typeof e !== "object" || Array.isArray(e)) throw new ScenarioError(ep, e, "an event object");
    const kind = (e as { kind: unknown }).kind;
    const validate =
      typeof kind === "string" && Object.prototype.hasOwnProperty.call(validateEvent, kind)
        ? validateEvent[kind]
        : undefined;
    if (!validate) throw new ScenarioError(`${ep}.kind`, kind, `one of ${EVENT_KINDS.join(", ")}`);
    if (!validate(e)) throw toScenarioError(validate.errors![0], ep, e);
    if (e.atNs < last) throw new ScenarioError(`${ep}.atNs`, e.atNs, "events in time order");
    if (e.atNs > s.durationNs) throw new ScenarioError(`${ep}.atNs`, e.atNs, "a time within the scenario's duration");
    last = e.atNs;
    const over = (e as { overNs?: number }).overNs;
    if (typeof over === "number" && e.atNs + over > s.durationNs)
      throw new ScenarioError(`${ep}.overNs`, over, "a ramp that ends by the scenario's end");
    if (e.kind === "garbage") {
      const total = e.sizes.reduce((a, x) => a + x.share, 0);
      if (Math.abs(total - 1) > 1e-9) throw new ScenarioError(`${ep}.sizes`, total, "shares that add up to 1");
    }
  });
  return p;
}
