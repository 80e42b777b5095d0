import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
    // Test files share a worker's module cache: loading effect + platform once per worker instead of once per file
    // halves the suite's time. Tests must not leave global state behind (each builds its own layers).
    isolate: false,
    // CI (`.ci/run`) reads the JSON report for its one-line summary.
    reporters: process.env.CI ? ["default", ["json", { outputFile: ".vitest-results.json" }]] : ["default"]
  }
})
