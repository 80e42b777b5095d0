/**
 * 3. Decoding a 500-session page, no network: `JSON.parse` alone, then `JSON.parse` + effect-clerk's page decoder
 * (the one `Sessions.list` runs: the fast path, else the schema), `JSON.parse` + the schema alone
 * (`Schema.decodeUnknown(SessionPage)`, what it ran before), and `JSON.parse` + `@clerk/backend`'s `deserialize`.
 * One more row is no decoder: `JSON.parse` + only the 5 `DateTime.Utc` per session that the public `Session` type
 * holds, made by `DateTime.unsafeMake` (each with its own `partsUtc`, one `defineProperty`): what the fast path's
 * lazy parts cache saves. Interleaved rounds; the median of single decodes.
 */
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { SessionPage } from "../src/index.js"
import { decodeSessionPage } from "../src/internal/fastDecode.js"
import { loadClerkDeserializer } from "./clerkDeserializer.js"
import { pageJson } from "./fixtures.js"
import { median, rotate } from "./stats.js"

export interface Options {
  readonly rounds: number
  readonly perRound: number
  readonly warmupRounds: number
}

export type Side = "jsonParse" | "effectClerk" | "effectClerkSchema" | "clerkBackend" | "eagerDateTimes"

export const sides: ReadonlyArray<Side> = [
  "jsonParse",
  "effectClerk",
  "effectClerkSchema",
  "clerkBackend",
  "eagerDateTimes"
]

const timestamps = ["last_active_at", "expire_at", "abandon_at", "updated_at", "created_at"] as const

export const pageSize = 500

export const run = async (options: Options) => {
  const text = JSON.stringify(pageJson(0, pageSize, 100_000))
  const deserialize = await loadClerkDeserializer()
  const schemaDecode = Schema.decodeUnknown(SessionPage)
  const decoders: Record<Side, () => number> = {
    jsonParse: () => (JSON.parse(text) as { data: Array<unknown> }).data.length,
    effectClerk: () => Effect.runSync(decodeSessionPage(JSON.parse(text))).data.length,
    effectClerkSchema: () => Effect.runSync(schemaDecode(JSON.parse(text))).data.length,
    clerkBackend: () => (deserialize(JSON.parse(text)).data as Array<unknown>).length,
    eagerDateTimes: () => {
      const page = JSON.parse(text) as { data: Array<Record<string, number>> }
      const out: Array<unknown> = []
      for (const session of page.data) out.push(timestamps.map((key) => DateTime.unsafeMake(session[key]!)))
      return out.length
    }
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
