import { readFileSync } from "node:fs"
import { configDefaults, defineConfig } from "vitest/config"

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
 * Suites that watch process-wide state (every timer created, every socket open): each runs in a worker of its own (a
 * worker thread, fresh per file), where no other file's leftovers can show up.
 */
const ownWorker = ["test/reliability/Interruption.test.ts"]

/**
 * A project of the suites `include`, over the transport `transport` (test/support/Transport.ts). No `include` at the
 * top: a project that `extends` would add the top's to its own.
 */
const project = (name: string, transport: string, include: Array<string>, isolated = false) => ({
  extends: true as const,
  test: {
    name,
    include,
    exclude: [...configDefaults.exclude, ...(isolated ? [] : ownWorker)],
    env: { EFFECT_CLERK_TEST_TRANSPORT: transport },
    ...(isolated ? { pool: "threads" as const } : {})
  }
})

export default defineConfig({
  resolve: { alias: publicEntries },
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
    // Test files share their worker process (`isolate: false`): effect and @effect/platform load once per worker, not
    // once per file (that loading was half of the suite's time). Each file still gets fresh copies of src/ and test/
    // modules; @effect/vitest's `layer(...)` rewrites the shared `it.effect`, so each file starts from its own methods
    // (freshIt.ts). A test leaves no process-wide state behind; the few that watch it run in `ownWorker`.
    poolOptions: { forks: { isolate: false } },
    setupFiles: ["test/support/freshIt.ts"],
    // many suites wait on sockets, child processes and real delays: more workers than the 2 cores keep them busy
    maxWorkers: 3,
    // and as many kept alive: tinypool ending a worker above the minimum mid-run rejects with "Terminating worker
    // thread" under `isolate: false` (vitest-dev/vitest#8133), which fails the run
    minWorkers: 3,
    // CI (`.ci/run`) reads the JSON report for its one-line summary.
    reporters: process.env.CI ? ["default", ["json", { outputFile: ".vitest-results.json" }]] : ["default"],
    projects: [
      // everything over `ClerkLive` (FetchHttpClient)
      project("fetch", "fetch", ["test/**/*.test.ts"]),
      project("fetch/own-worker", "fetch", ownWorker, true),
      // the real-socket suites that test the transport, over ClerkLiveNode (NodeHttpClient on undici)
      project("node", "node", ["test/reliability/HostileAnswers.test.ts"]),
      project("node/own-worker", "node", ownWorker, true)
    ]
  }
})
