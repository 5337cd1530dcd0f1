// The plan's JSON Schema (schemas/heapcast.plan.schema.json, built from lib/authoring/settings.ts) and validatePlan's
// gaps closed (issue 16, case 8): unknown fields anywhere, event kinds that are Object.prototype's names, null meaning
// a default, uncapped durations, seeds, globals and GOGC.
import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import { compile, scenario, validatePlan, ScenarioError } from "heapcast";
import { planSchema } from "../lib/authoring/plan-schema";
import { loadPlan } from "../lib/cli/heapcast";

const ROOT = path.resolve(__dirname, "..");
const published = JSON.parse(fs.readFileSync(path.join(ROOT, "schemas/heapcast.plan.schema.json"), "utf8"));

function error(f: () => unknown): ScenarioError {
  try {
    f();
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error("accepted");
}

test("the published schema is the one the code builds (npm run schema writes it)", () => {
  expect(published).toEqual(planSchema());
});

describe("the published schema, read by a JSON Schema validator of its own", () => {
  const validate = new Ajv2020({ discriminator: true, strict: true }).compile(published);
  const files = [
    ...fs
      .readdirSync(path.join(ROOT, "scenarios"))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => `scenarios/${f}`),
    ...fs.readdirSync(path.join(ROOT, "scenarios/calibration")).map((f) => `scenarios/calibration/${f}`),
  ];
  test.each(files)("accepts the plan of %s", (f) => {
    const plan = JSON.parse(JSON.stringify(loadPlan(path.join(ROOT, f))));
    expect([validate(plan), validate.errors]).toEqual([true, null]);
  });
  test("rejects what validatePlan rejects", () => {
    const good = JSON.parse(
      JSON.stringify(compile(scenario("x", { duration: "40s" }).liveHeap("1MiB").garbage("1MiB/s"))),
    );
    const bad = [
      (p: any) => (p.scenario.durationNs = 1e20),
      (p: any) => (p.scenario.extra = 1),
      (p: any) => (p.events[0].kind = "__proto__"),
      (p: any) => (p.events[1].sizes[0] = { share: 1 }),
      (p: any) => (p.scenario.go.GOGC = 1e300),
    ];
    for (const tamper of bad) {
      const p = structuredClone(good);
      tamper(p);
      expect(validate(p)).toBe(false);
      expect(() => validatePlan(p)).toThrow(ScenarioError);
    }
  });
});

describe("validatePlan: the gaps are closed", () => {
  const good = () =>
    JSON.parse(
      JSON.stringify(
        compile(
          scenario("x", { duration: "40s" })
            .liveHeap("1MiB")
            .garbage("1MiB/s")
            .at("1s", (s) => s.gc()),
        ),
      ),
    );
  const cases: [string, (p: any) => void, string][] = [
    [
      "durationNs 1e20 (longer than 100 days)",
      (p) => (p.scenario.durationNs = 1e20),
      "plan.scenario.durationNs: expected a whole number from 1 to 8640000000000000, got 100000000000000000000",
    ],
    [
      "seed 2^40",
      (p) => (p.scenario.seed = 2 ** 40),
      "plan.scenario.seed: expected a whole number from 0 to 4294967295, got 1099511627776",
    ],
    [
      "globalsBytes 2^60",
      (p) => (p.scenario.globalsBytes = 2 ** 60),
      "plan.scenario.globalsBytes: expected a whole number from 0 to 1125899906842624, got 1152921504606847000",
    ],
    [
      "GOGC 1e300",
      (p) => (p.scenario.go.GOGC = 1e300),
      "plan.scenario.go.GOGC: expected a whole number from -1 to 1000000, got 1e+300",
    ],
    [
      "an unknown scenario field",
      (p) => (p.scenario.speed = 2),
      "plan.scenario.speed: expected one of the fields name, go, container, durationNs, seed, sampleEveryNs, globalsBytes, markJitter, got 2 (unknown field)",
    ],
    [
      "an unknown go field",
      (p) => (p.scenario.go.GOGCC = 1),
      "plan.scenario.go.GOGCC: expected one of the fields version, goMod, GOGC, GOMEMLIMIT, GOMAXPROCS, got 1 (unknown field)",
    ],
    [
      "an unknown container field",
      (p) => (p.scenario.container.swap = 1),
      "plan.scenario.container.swap: expected one of the fields memoryBytes, cpus, nodeCpus, got 1 (unknown field)",
    ],
    [
      "an unknown plan field",
      (p) => (p.extra = 1),
      "plan.extra: expected one of the fields format, version, scenario, events, got 1 (unknown field)",
    ],
    [
      "an unknown field in sizes[0]",
      (p) => (p.events[1].sizes[0].weight = 1),
      "plan.events[1].sizes[0].weight: expected one of the fields size, share, got 1 (unknown field)",
    ],
    [
      "sizes[0] without a size",
      (p) => (p.events[1].sizes = [{ share: 1 }]),
      "plan.events[1].sizes[0].size: expected a value (the field is required), got nothing",
    ],
    [
      "kind __proto__",
      (p) => (p.events[2].kind = "__proto__"),
      'plan.events[2].kind: expected one of liveHeap, leakHeap, garbage, requests, goroutines, leakGoroutines, go, container, gc, got "__proto__"',
    ],
    [
      "kind constructor",
      (p) => (p.events[2].kind = "constructor"),
      'plan.events[2].kind: expected one of liveHeap, leakHeap, garbage, requests, goroutines, leakGoroutines, go, container, gc, got "constructor"',
    ],
    [
      "kind toString",
      (p) => (p.events[2].kind = "toString"),
      'plan.events[2].kind: expected one of liveHeap, leakHeap, garbage, requests, goroutines, leakGoroutines, go, container, gc, got "toString"',
    ],
    [
      "null for a number",
      (p) => (p.events[0].objectSize = null),
      "plan.events[0].objectSize: expected a number from 1 to 1099511627776, got null",
    ],
  ];
  test.each(cases)("%s", (_label, tamper, message) => {
    const p = good();
    tamper(p);
    expect(error(() => validatePlan(p)).message).toBe(message);
  });
});
