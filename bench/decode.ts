/**
 * 3. Decoding a 500-session page, no network: `JSON.parse` alone, then `JSON.parse` + effect-clerk's page decoder
 * (the one `Sessions.list` runs: the fast path, else the schema), `JSON.parse` + the schema alone
 * (`Schema.decodeUnknown(SessionPage)`, what it ran before), and `JSON.parse` + `@clerk/backend`'s `deserialize`.
 * Interleaved rounds; the median of single decodes.
 *
 * Then what each of the fast decoder's two shortcuts (values built by effect's class layout rather than by its public
 * constructors) saves: the same decoder with its own builders, with `DateTime.unsafeFromDate(new Date(ms))` for its
 * `DateTime.Utc`s, with `new Session(props, true)` (and `SessionActivity`, `SessionPage`) for its classes, and with
 * both. Each in a fresh process (decodeChild.ts) against that process's own `JSON.parse`: in one process the
 * variants, four closures of one function, would share the JIT's feedback and slow each other down. The children
 * run in rotated order, `repeats` times each; per variant, the run with the median cost over `JSON.parse`.
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { spawnSync } from "node:child_process"
import { SessionPage } from "../src/index.js"
import { decodeSessionPage } from "../src/internal/fastDecode.js"
import { buildScript } from "./build.js"
import { benchFile } from "./cache.js"
import { loadClerkDeserializer } from "./clerkDeserializer.js"
import { measure, type Options, pageText } from "./decodeMeasure.js"
import type { Variant } from "./publicBuilders.js"
import { rotate } from "./stats.js"

export type Side = "jsonParse" | "effectClerk" | "effectClerkSchema" | "clerkBackend"

export const sides: ReadonlyArray<Side> = ["jsonParse", "effectClerk", "effectClerkSchema", "clerkBackend"]

export const variants: ReadonlyArray<Variant> = ["layout", "publicDateTimes", "publicClasses", "allPublic"]

export { type Options, pageSize } from "./decodeMeasure.js"

export const run = async (options: Options) => {
  const text = pageText()
  const deserialize = await loadClerkDeserializer()
  const schemaDecode = Schema.decodeUnknown(SessionPage)
  const decoders: Record<Side, () => number> = {
    jsonParse: () => (JSON.parse(text) as { data: Array<unknown> }).data.length,
    effectClerk: () => Effect.runSync(decodeSessionPage(JSON.parse(text))).data.length,
    effectClerkSchema: () => Effect.runSync(schemaDecode(JSON.parse(text))).data.length,
    clerkBackend: () => (deserialize(JSON.parse(text)).data as Array<unknown>).length
  }
  const medians = measure(decoders, sides, options)
  const child = await buildScript(benchFile("decodeChild.ts"))
  const runs = new Map<Variant, Array<{ parse: number; decode: number }>>(variants.map((v) => [v, []]))
  const repeats = options.rounds >= 20 ? 3 : 1
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const variant of rotate(variants, repeat)) {
      const result = spawnSync(process.execPath, [child, variant, JSON.stringify(options)], { encoding: "utf8" })
      if (result.status !== 0) throw new Error(`decodeChild ${variant} failed: ${result.stderr}`)
      runs.get(variant)!.push(JSON.parse(result.stdout) as { parse: number; decode: number })
    }
  }
  const shortcuts = variants.map((variant) => {
    const byCost = [...runs.get(variant)!].sort((a, b) => (a.decode - a.parse) - (b.decode - b.parse))
    return { variant, repeats, ...byCost[Math.floor((byCost.length - 1) / 2)]! }
  })
  return {
    bytes: text.length,
    sides: sides.map((side) => ({ side, median: medians.get(side)! })),
    shortcuts
  }
}
