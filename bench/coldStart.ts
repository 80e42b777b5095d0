/**
 * 5. Cold start: a fresh `node` that only imports the package (effect-clerk's built `index.js`, see build.ts, and
 * `@clerk/backend`'s ESM entry), against an empty `node` as the floor; also effect-clerk's client modules alone
 * (`ClerkLive` + `ClerkConfig`), to show what the emulator in the barrel costs, and the effect and @effect/platform
 * modules it imports, without effect-clerk. Runs alternate between sides.
 */
import { spawnSync } from "node:child_process"
import { pathToFileURL } from "node:url"
import { root } from "./cache.js"
import { median, rotate } from "./stats.js"

export type Side = "node" | "effectDeps" | "effectClerk" | "effectClerkClient" | "clerkBackend"

export const sides: ReadonlyArray<Side> = ["node", "effectDeps", "effectClerk", "effectClerkClient", "clerkBackend"]

const once = (scripts: Record<Side, string>, side: Side) => {
  const start = performance.now()
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", scripts[side]], { cwd: root })
  const ms = performance.now() - start
  if (result.status !== 0) throw new Error(`cold start of ${side} failed: ${result.stderr.toString()}`)
  return ms
}

export const run = (entry: string, runs: number, warm: boolean) => {
  const scripts: Record<Side, string> = {
    node: "",
    // the dependencies alone: the effect and @effect/platform modules the client imports
    effectDeps: [
      "effect/Effect",
      "effect/Layer",
      "effect/Schema",
      "effect/Stream",
      "@effect/platform/FetchHttpClient",
      "@effect/platform/HttpClient"
    ].map((module) => `await import(${JSON.stringify(module)})`).join(";"),
    effectClerk: `await import(${JSON.stringify(pathToFileURL(entry).href)})`,
    // the client alone (ClerkLive + ClerkConfig), without the emulator the barrel also exports
    effectClerkClient: ["layers/ClerkLive.js", "services/ClerkConfig.js"]
      .map((file) => `await import(${JSON.stringify(new URL(file, pathToFileURL(entry)).href)})`).join(";"),
    clerkBackend: "await import(\"@clerk/backend\")"
  }
  const samples = new Map<Side, Array<number>>(sides.map((side) => [side, []]))
  if (warm) { for (const side of sides) once(scripts, side) // warm the file system cache
   }
  for (let i = 0; i < runs; i++) {
    for (const side of rotate(sides, i)) samples.get(side)!.push(once(scripts, side))
  }
  return sides.map((side) => ({ side, runs, median: median(samples.get(side)!) }))
}
