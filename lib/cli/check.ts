// `heapcast check <scenario.ts...>`: type-checks scenarios with the TypeScript this package depends on, against this
// package's own types, with fixed options (strict; libraries' declaration files not checked) — wherever the scenario
// lives (this clone, a folder made by `heapcast init`), without a tsconfig.json or flags to get right. `run` loads
// scenarios without a type check (the DSL checks every value at run time); this is the check of their types.

import * as fs from "node:fs";
import * as path from "node:path";
import type * as TS from "typescript";

/**
 * The compiler options a scenario is checked with (those `heapcast init` writes into tsconfig.json, plus the alias).
 */
export const CHECK_OPTIONS = {
  strict: true,
  noEmit: true,
  target: "ES2022",
  module: "commonjs",
  moduleResolution: "node10",
  esModuleInterop: true,
  skipLibCheck: true,
  types: [] as string[],
};

export interface CheckResult {
  /** Diagnostics, one line each: `file:line:col - error TS2345: message`. */
  errors: string[];
}

/** Type-checks the files; "heapcast" resolves to this package's declarations. */
export function checkScenarios(files: string[]): CheckResult {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require("typescript") as typeof TS;
  const converted = ts.convertCompilerOptionsFromJson(CHECK_OPTIONS, process.cwd());
  const options: TS.CompilerOptions = {
    ...converted.options,
    // This package's entry (dist/lib/index.d.ts when built, lib/index.ts from the sources).
    paths: { heapcast: [path.join(__dirname, "..", "index")] },
  };
  const program = ts.createProgram(
    files.map((f) => path.resolve(f)),
    options,
  );
  const errors = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, " ");
      if (!d.file || d.start === undefined) return `error TS${d.code}: ${text}`;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${path.relative(process.cwd(), d.file.fileName) || d.file.fileName}:${line + 1}:${character + 1} - error TS${d.code}: ${text}`;
    });
  return { errors };
}

/** Whether a path is a TypeScript file that exists (for the command's own messages). */
export function isTypeScriptFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile() && file.endsWith(".ts");
  } catch {
    return false;
  }
}
