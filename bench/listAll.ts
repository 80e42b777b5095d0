/**
 * 4. `listAll` over N sessions: each side runs in its own `node --expose-gc` child (a clean heap per side),
 * one after the other in rotated order per repetition.
 */
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { rotate } from "./stats.js"

export interface Options {
  readonly total: number
  readonly checkpoints: ReadonlyArray<number>
  readonly repetitions: number
}

export type Side = "raw" | "clerkBackend" | "effectClerk"

export const sides: ReadonlyArray<Side> = ["raw", "clerkBackend", "effectClerk"]

export interface Result {
  readonly side: Side
  readonly sessions: number
  readonly ms: number
  readonly baseline: number
  readonly samples: ReadonlyArray<{ readonly sessions: number; readonly heapUsed: number; readonly peak: number }>
}

const child = fileURLToPath(new URL("./listAllChild.ts", import.meta.url))

export const run = async (apiUrl: string, setTotal: (n: number) => Promise<void>, options: Options) => {
  await setTotal(options.total)
  const results = new Map<Side, Array<Result>>(sides.map((side) => [side, []]))
  for (let rep = 0; rep < options.repetitions; rep++) {
    for (const side of rotate(sides, rep)) {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ["--expose-gc", "--import", "tsx", child, apiUrl, side, String(options.total), options.checkpoints.join(",")],
        { maxBuffer: 1 << 20 }
      )
      results.get(side)!.push(JSON.parse(stdout) as Result)
    }
  }
  // The fastest repetition of each side (least disturbed by noise); heap figures come from the same run.
  return sides.map((side) => results.get(side)!.reduce((best, r) => (r.ms < best.ms ? r : best)))
}
