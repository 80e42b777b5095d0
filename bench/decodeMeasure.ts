/** Table 3's measurement (decode.ts). */
import { pageJson } from "./fixtures.js"
import { median, rotate } from "./stats.js"

export interface Options {
  readonly rounds: number
  readonly perRound: number
  readonly warmupRounds: number
}

export const pageSize = 500

export const pageText = () => JSON.stringify(pageJson(0, pageSize, 100_000))

/**
 * Interleaved rounds of single decodes; the median of each side, in ms of CPU time (`process.cpuUsage`, user +
 * system, GC threads included): on a machine shared with other work, wall time counts the time the process waits
 * for a core, which swamped these ~1 ms figures (2026-12-02, load average 8-15 on 2 cores).
 */
export const measure = <S extends string>(
  decoders: Record<S, () => number>,
  names: ReadonlyArray<S>,
  options: Options
): Map<S, number> => {
  const samples = new Map<S, Array<number>>(names.map((side) => [side, []]))
  for (let round = 0; round < options.warmupRounds + options.rounds; round++) {
    for (const side of rotate(names, round)) {
      for (let i = 0; i < options.perRound; i++) {
        const start = process.cpuUsage()
        const n = decoders[side]()
        const used = process.cpuUsage(start)
        const time = (used.user + used.system) / 1000
        if (n !== pageSize) throw new Error(`${side} decoded ${n} sessions, not ${pageSize}`)
        if (round >= options.warmupRounds) samples.get(side)!.push(time)
      }
    }
  }
  return new Map(names.map((side) => [side, median(samples.get(side)!)]))
}
