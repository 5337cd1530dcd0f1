/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  moduleNameMapper: { "^heapcast$": "<rootDir>/lib/index.ts" },
  // arquero parses table expressions from function source; babel/istanbul coverage breaks them (arquero#256).
  coverageProvider: "v8",
  testTimeout: 120000,
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: { warnOnly: false } }],
    // arquero and its dependencies ship ES modules only; jest runs CommonJS, so they are transpiled too.
    "^.+\\.m?js$": ["ts-jest", { tsconfig: { allowJs: true, module: "commonjs", target: "ES2022" }, diagnostics: false }],
  },
  transformIgnorePatterns: ["/node_modules/(?!(arquero|@uwdata|acorn)/)"],
};
