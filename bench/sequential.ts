/**
 * 1. Sequential `GET /v1/sessions/:id`: per-call latency of each side, in interleaved batches (each round runs
 * one batch per side, in rotated order) so machine noise hits every side alike. Warm-up rounds are discarded.
 */
import { type Clients, type Side, sides } from "./clients.js"
import { sessionId } from "./fixtures.js"
import { median, p99, rotate } from "./stats.js"

export interface Options {
  readonly calls: number
  readonly batch: number
  readonly warmupRounds: number
}

const batchOf = async (clients: Clients, side: Side, ids: ReadonlyArray<string>): Promise<Array<number>> => {
  const call = clients.calls[side]
  const out: Array<number> = []
  for (const id of ids) {
    const start = performance.now()
    await call(id)
    out.push(performance.now() - start)
  }
  return out
}

export const run = async (clients: Clients, options: Options) => {
  const samples = new Map<Side, Array<number>>(sides.map((side) => [side, []]))
  const rounds = options.warmupRounds + Math.ceil(options.calls / options.batch)
  const ids = Array.from({ length: options.batch }, (_, i) => sessionId(i))
  for (let round = 0; round < rounds; round++) {
    for (const side of rotate(sides, round)) {
      const times = await batchOf(clients, side, ids)
      if (round >= options.warmupRounds) samples.get(side)!.push(...times)
    }
  }
  return sides.map((side) => {
    const s = samples.get(side)!
    return { side, calls: s.length, median: median(s), p99: p99(s) }
  })
}
