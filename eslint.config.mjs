// ESLint for heapcast's TypeScript (npm run lint; run in CI by .ci/run). Formatting is Prettier's (.prettierrc.json,
// line length 120); ESLint adds the recommended correctness rules and holds comments and strings to the same 120.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".scratch/**", "lib/results/importers/runtime-metrics-names.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "max-len": ["error", { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
