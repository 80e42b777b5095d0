/**
 * `ioredis` is an optional peer, and so is what of `@effect/experimental` needs it: only the
 * `effect-clerk/ClerkRateLimitRedis` (`@effect/experimental/RateLimiter/Redis`, which imports ioredis) and
 * `effect-clerk/ClerkWebhooksRedis` entry points import them; every other entry point's module graph (src/, bundled
 * with packages left external) never does. The rate limit itself (`@effect/experimental/RateLimiter`, a required
 * peer) is everywhere.
 * Likewise `@effect/platform-node`, for `effect-clerk/ClerkLiveNode` only.
 */
import { assert, describe, it } from "@effect/vitest"
import * as esbuild from "esbuild"
import * as Path from "node:path"

const root = Path.resolve(import.meta.dirname, "../..")

const packagesImportedBy = async (entry: string): Promise<Set<string>> => {
  const result = await esbuild.build({
    entryPoints: [Path.join(root, entry)],
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent"
  })
  const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports)
  return new Set(imports.filter((i) => i.external).map((i) => i.path))
}

const optional = (packages: Set<string>) =>
  [...packages].filter((p) => p === "ioredis" || p.startsWith("@effect/experimental/RateLimiter/"))

describe("optional peers", () => {
  it("are imported only by effect-clerk/ClerkRateLimitRedis and effect-clerk/ClerkWebhooksRedis", async () => {
    for (
      const entry of [
        "src/index.ts",
        "src/layers/ClerkLiveNode.ts",
        "src/layers/ClerkTest.ts",
        "src/services/ClerkWebhooks.ts",
        "src/services/ClerkWebhookGuard.ts",
        "src/http/ClerkWebhookHttp.ts"
      ]
    ) {
      assert.deepStrictEqual(optional(await packagesImportedBy(entry)), [], entry)
    }
    assert.deepStrictEqual(
      optional(await packagesImportedBy("src/services/ClerkRateLimitRedis.ts")).sort(),
      ["@effect/experimental/RateLimiter/Redis"]
    )
    assert.deepStrictEqual(optional(await packagesImportedBy("src/services/ClerkWebhooksRedis.ts")), ["ioredis"])
  }, 60_000)

  it("@effect/platform-node is imported only by effect-clerk/ClerkLiveNode", async () => {
    const node = (packages: Set<string>) => [...packages].filter((p) => p.startsWith("@effect/platform-node"))
    for (const entry of ["src/index.ts", "src/layers/ClerkTest.ts", "src/services/ClerkRateLimitRedis.ts"]) {
      assert.deepStrictEqual(node(await packagesImportedBy(entry)), [], entry)
    }
    assert.deepStrictEqual(
      node(await packagesImportedBy("src/layers/ClerkLiveNode.ts")).sort(),
      ["@effect/platform-node/NodeHttpClient", "@effect/platform-node/Undici"]
    )
  }, 60_000)
})
