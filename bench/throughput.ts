/**
 * 2. Throughput with a fixed number of calls in flight: each side gets the same total time, cut into slices
 * that alternate between sides (rotated order), so noise is shared. Counts completed calls per second.
 */
import { type Clients, type Side, sides } from "./clients.js"
import { sessionId } from "./fixtures.js"
import { rotate } from "./stats.js"

export interface Options {
  readonly inFlight: number
  readonly sliceMs: number
  readonly slices: number
  /** Slices per side run first and not counted: the JIT warms up over seconds at this load. */
  readonly warmupSlices: number
}

/** `inFlight` promise loops calling `call` until `deadline`; answers the number of completed calls. */
const promiseLoops = async (call: (id: string) => Promise<unknown>, inFlight: number, deadline: number) => {
  let done = 0
  const worker = async (w: number) => {
    for (let i = 0; performance.now() < deadline; i++) {
      await call(sessionId(w * 1000 + (i % 1000)))
      done++
    }
  }
  await Promise.all(Array.from({ length: inFlight }, (_, w) => worker(w)))
  return done
}

export const run = async (clients: Clients, options: Options) => {
  const totals = new Map<Side, { calls: number; ms: number }>(sides.map((side) => [side, { calls: 0, ms: 0 }]))
  for (let slice = 0; slice < options.warmupSlices + options.slices; slice++) {
    for (const side of rotate(sides, slice)) {
      const start = performance.now()
      const deadline = start + options.sliceMs
      const calls = await promiseLoops(clients.calls[side], options.inFlight, deadline)
      if (slice < options.warmupSlices) continue
      const total = totals.get(side)!
      total.calls += calls
      total.ms += performance.now() - start
    }
  }
  return sides.map((side) => {
    const { calls, ms } = totals.get(side)!
    return { side, calls, perSecond: calls / (ms / 1000) }
  })
}
