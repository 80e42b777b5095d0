import { defineConfig } from "vitest/config"

/**
 * The suites that go through a transport, run again over the others (test/support/Transport.ts). No `include` at the
 * top: a project that `extends` would add the top's to its own.
 */
const overTransport = (name: string, include: Array<string>) => ({
  extends: true as const,
  test: { name, include, env: { EFFECT_CLERK_TEST_TRANSPORT: name } }
})

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
    // CI (`.ci/run`) reads the JSON report for its one-line summary.
    reporters: process.env.CI ? ["default", ["json", { outputFile: ".vitest-results.json" }]] : ["default"],
    projects: [
      // everything over `ClerkLive` (fetch)
      { extends: true, test: { name: "fetch", include: ["test/**/*.test.ts"] } },
      // the fake-fetch suites (and the hostile answers over loopback) over ClerkLiveWithoutHttpClient + FetchHttpClient
      overTransport("platform", ["test/services/**/*.test.ts", "test/reliability/HostileAnswers.test.ts"]),
      // the real-socket suites over ClerkLiveNode (node:http)
      overTransport("node", ["test/reliability/**/*.test.ts"])
    ]
  }
})
