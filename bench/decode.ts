/**
 * 3. Decoding a 500-session page, no network: `JSON.parse` alone, then `JSON.parse` + effect-clerk's page decoder
 * (the one `Sessions.list` runs), and `JSON.parse` + `@clerk/backend`'s `deserialize`. Interleaved rounds; the
 * median of single decodes.
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { SessionPage } from "../src/index.js"
import { loadClerkDeserializer } from "./clerkDeserializer.js"
import { pageJson } from "./fixtures.js"
import { median, rotate } from "./stats.js"

export interface Options {
  readonly rounds: number
  readonly perRound: number
  readonly warmupRounds: number
}

export type Side = "jsonParse" | "effectClerk" | "clerkBackend"

export const sides: ReadonlyArray<Side> = ["jsonParse", "effectClerk", "clerkBackend"]

export const pageSize = 500

export const run = async (options: Options) => {
  const text = JSON.stringify(pageJson(0, pageSize, 100_000))
  const deserialize = await loadClerkDeserializer()
  const decodePage = Schema.decodeUnknown(SessionPage)
  const decoders: Record<Side, () => number> = {
    jsonParse: () => (JSON.parse(text) as { data: Array<unknown> }).data.length,
    effectClerk: () => Effect.runSync(decodePage(JSON.parse(text))).data.length,
    clerkBackend: () => (deserialize(JSON.parse(text)).data as Array<unknown>).length
  }
  const samples = new Map<Side, Array<number>>(sides.map((side) => [side, []]))
  for (let round = 0; round < options.warmupRounds + options.rounds; round++) {
    for (const side of rotate(sides, round)) {
      for (let i = 0; i < options.perRound; i++) {
        const start = performance.now()
        const n = decoders[side]()
        const time = performance.now() - start
        if (n !== pageSize) throw new Error(`${side} decoded ${n} sessions, not ${pageSize}`)
        if (round >= options.warmupRounds) samples.get(side)!.push(time)
      }
    }
  }
  return sides.map((side) => ({ side, bytes: text.length, median: median(samples.get(side)!) }))
}
