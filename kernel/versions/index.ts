// The Go versions heapcast models, by the name a scenario gives (`go: { version: "1.26" }`): one module per version
// (go1_NN.ts). The default, for a scenario that names none, is the newest one supported (README "Go versions").

import type { GoVersionName, NormalizedScenario } from "../plan";
import { parseGoLine } from "./gomaxprocs";
import { GO1_19 } from "./go1_19";
import { GO1_26 } from "./go1_26";
import { GO1_27 } from "./go1_27";
import type { GoVersion } from "./version";

export type { GoVersion, GoVersionName };

/** Every version modelled, oldest first. */
export const GO_VERSIONS: Readonly<Record<GoVersionName, GoVersion>> = {
  "1.19": GO1_19,
  "1.26": GO1_26,
  "1.27": GO1_27,
};

/** The names a scenario may give, oldest first. */
export const GO_VERSION_NAMES = Object.keys(GO_VERSIONS) as GoVersionName[];

/** The version of a scenario that names none: the newest supported. */
export const DEFAULT_GO_VERSION: GoVersionName = "1.27";

/** Whether `name` is a version heapcast models. */
export function isGoVersionName(name: unknown): name is GoVersionName {
  return typeof name === "string" && Object.prototype.hasOwnProperty.call(GO_VERSIONS, name);
}

/** The rules of a version. */
export function goVersion(name: GoVersionName): GoVersion {
  const v = GO_VERSIONS[name];
  if (!v) throw new Error(`goVersion: no Go ${name} (heapcast models ${GO_VERSION_NAMES.join(", ")})`);
  return v;
}

/**
 * GOMAXPROCS at the start of a scenario: the program's own, or the version's default for the node's CPUs and the
 * container's CPU limit at the start (GomaxprocsRule.initial).
 */
export function initialGomaxprocs(s: NormalizedScenario): number {
  if (s.go.GOMAXPROCS !== null) return s.go.GOMAXPROCS;
  const goMod = parseGoLine(s.go.goMod) ?? parseGoLine(s.go.version)!;
  return goVersion(s.go.version).gomaxprocs.initial(s.container.nodeCpus, s.container.cpus, goMod);
}
