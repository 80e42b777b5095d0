/**
 * 3. Decoding a 500-session page, no network: `JSON.parse` alone, `JSON.parse` + effect-clerk's page decoder (the
 * `Schema.decodeUnknown(SessionPageFromWire)` that `Sessions.list` runs), and `JSON.parse` + `@clerk/backend`'s `deserialize`.
 * Interleaved rounds; the median of single decodes.
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { SessionPageFromWire } from "../src/index.js"
import { loadClerkDeserializer } from "./clerkDeserializer.js"
import { measure, type Options, pageText } from "./decodeMeasure.js"

export type Side = "jsonParse" | "effectClerk" | "clerkBackend"

export const sides: ReadonlyArray<Side> = ["jsonParse", "effectClerk", "clerkBackend"]

export { type Options, pageSize } from "./decodeMeasure.js"

export const run = async (options: Options) => {
  const text = pageText()
  const deserialize = await loadClerkDeserializer()
  const decodePage = Schema.decodeUnknown(SessionPageFromWire)
  const decoders: Record<Side, () => number> = {
    jsonParse: () => (JSON.parse(text) as { data: Array<unknown> }).data.length,
    effectClerk: () => Effect.runSync(decodePage(JSON.parse(text))).data.length,
    clerkBackend: () => (deserialize(JSON.parse(text)).data as Array<unknown>).length
  }
  const medians = measure(decoders, sides, options)
  return { bytes: text.length, sides: sides.map((side) => ({ side, median: medians.get(side)! })) }
}
