/**
 * 4. `listAll` over N sessions: each side runs in its own `node --expose-gc` child (a clean heap per side),
 * one after the other in rotated order per repetition. Then effect-clerk (and raw) run once more with the old space
 * capped (`--max-old-space-size`): without a cap V8 lets garbage pile up to whatever limit it picks, so the
 * uncapped peak says more about V8 than about the client; under the cap a run that kept sessions would die, and
 * the peaks per interval show what the client needs.
 */
import { execFile } from "node:child_process"
import { promisify } from "node:util"
import { buildScript } from "./build.js"
import { benchFile } from "./cache.js"
import { rotate } from "./stats.js"

export interface Options {
  readonly total: number
  readonly checkpoints: ReadonlyArray<number>
  readonly repetitions: number
  /** Old-space cap (MB) of the capped runs, and the sides run under it. */
  readonly capMb: number
  readonly cappedSides: ReadonlyArray<Side>
}

export type Side = "raw" | "clerkBackend" | "effectClerk" | "effectClerkNode"

export const sides: ReadonlyArray<Side> = ["raw", "clerkBackend", "effectClerk", "effectClerkNode"]

export interface Result {
  readonly side: Side
  readonly capped: boolean
  readonly error?: string
  readonly sessions: number
  readonly ms: number
  readonly baseline: number
  readonly samples: ReadonlyArray<{ readonly sessions: number; readonly heapUsed: number; readonly peak: number }>
}

const childSource = benchFile("listAllChild.ts")

const once = async (
  child: string,
  apiUrl: string,
  side: Side,
  options: Options,
  capMb: number | undefined
): Promise<Result> => {
  const flags = capMb === undefined ? ["--expose-gc"] : ["--expose-gc", `--max-old-space-size=${capMb}`]
  const args = [...flags, child, apiUrl, side, String(options.total), options.checkpoints.join(",")]
  try {
    const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 20 })
    return { ...(JSON.parse(stdout) as Omit<Result, "capped">), capped: capMb !== undefined }
  } catch (error) {
    const text = String((error as { stderr?: unknown }).stderr ?? error)
    const reason = /heap out of memory/i.test(text) ? "out of memory" : text.split("\n")[0] ?? "failed"
    return { side, capped: capMb !== undefined, error: reason, sessions: 0, ms: NaN, baseline: NaN, samples: [] }
  }
}

export const run = async (apiUrl: string, setTotal: (n: number) => Promise<void>, options: Options) => {
  const child = await buildScript(childSource)
  await setTotal(options.total)
  const results = new Map<Side, Array<Result>>(sides.map((side) => [side, []]))
  for (let rep = 0; rep < options.repetitions; rep++) {
    for (const side of rotate(sides, rep)) results.get(side)!.push(await once(child, apiUrl, side, options, undefined))
  }
  // The fastest repetition of each side (least disturbed by noise); heap figures come from the same run.
  const uncapped = sides.map((side) => results.get(side)!.reduce((best, r) => (r.ms < best.ms ? r : best)))
  const capped: Array<Result> = []
  for (const side of options.cappedSides) capped.push(await once(child, apiUrl, side, options, options.capMb))
  return { uncapped, capped }
}
