// ESLint for heapcast (npm run lint; run in CI by .ci/run). Formatting is Prettier's (.prettierrc.json, line length
// 120); ESLint adds the recommended correctness rules and holds comments to the same 120 columns (a string, a
// template literal or a URL may run past it: breaking one changes what it says).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".scratch/**", "lib/results/importers/runtime-metrics-names.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "max-len": [
        "error",
        { code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // JSON written by Go programs (result.json, samples) and Vega-Lite specs are read as `any` at their edges.
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    // Node's CommonJS scripts (jest.config.js, the pacer fixtures' tools).
    files: ["**/*.js"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { module: "writable", require: "readonly", process: "readonly", console: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
