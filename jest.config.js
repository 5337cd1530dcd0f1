/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  moduleNameMapper: { "^heapcast$": "<rootDir>/lib/index.ts" },
  // arquero parses table expressions from function source; babel/istanbul coverage breaks them (arquero#256).
  coverageProvider: "v8",
  // A guard against hangs, not a speed check: on a loaded 2-CPU machine a heavy test may take minutes (speed is
  // measured by `npm run bench`).
  testTimeout: 600_000,
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: { warnOnly: false } }],
    // arquero and its dependencies ship ES modules only; jest runs CommonJS, so they are transpiled too.
    "^.+\\.m?js$": ["ts-jest", { tsconfig: { allowJs: true, module: "commonjs", target: "ES2022" }, diagnostics: false }],
  },
  transformIgnorePatterns: ["/node_modules/(?!(arquero|@uwdata|acorn)/)"],
};
