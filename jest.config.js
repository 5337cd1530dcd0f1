/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  moduleNameMapper: { "^heapcast$": "<rootDir>/lib/index.ts" },
  // arquero parses table expressions from function source; babel/istanbul coverage breaks them (arquero#256).
  coverageProvider: "v8",
  testTimeout: 120000,
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: { warnOnly: false }, isolatedModules: false }] },
};
