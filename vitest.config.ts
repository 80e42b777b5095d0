import { readFileSync } from "node:fs"
import { defineConfig } from "vitest/config"

/**
 * The package's public entry points (package.json `exports`) resolved to the src/ modules their dist/ files are built
 * from, so README code (test/readme) imports `effect-clerk` and `effect-clerk/ClerkTest` as users do, without a build.
 */
const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"))
const publicEntries = Object.entries(pkg.exports as Record<string, { default?: string } | string | null>).flatMap(
  ([key, target]) => {
    const js = typeof target === "string" ? target : target?.default
    if (js === undefined || !js.startsWith("./dist/") || !js.endsWith(".js")) return []
    const specifier = key === "." ? pkg.name : `${pkg.name}/${key.slice(2)}`
    const escaped = specifier.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")
    const source = new URL(`./src/${js.slice("./dist/".length, -".js".length)}.ts`, import.meta.url).pathname
    return [{ find: new RegExp(`^${escaped}$`), replacement: source }]
  }
)

/**
 * The suites that test what a transport does with hostile answers and interruption, run again over the Node layer's
 * `HttpClient` (test/support/Transport.ts). No `include` at the top: a project that `extends` would add the top's to
 * its own.
 */
const overTransport = (name: string, include: Array<string>) => ({
  extends: true as const,
  test: { name, include, env: { EFFECT_CLERK_TEST_TRANSPORT: name } }
})

export default defineConfig({
  resolve: { alias: publicEntries },
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
    // CI (`.ci/run`) reads the JSON report for its one-line summary.
    reporters: process.env.CI ? ["default", ["json", { outputFile: ".vitest-results.json" }]] : ["default"],
    projects: [
      // everything over `ClerkLive` (FetchHttpClient)
      { extends: true, test: { name: "fetch", include: ["test/**/*.test.ts"] } },
      // the real-socket suites that test the transport, over ClerkLiveNode (NodeHttpClient on undici)
      overTransport("node", ["test/reliability/HostileAnswers.test.ts", "test/reliability/Interruption.test.ts"])
    ]
  }
})
