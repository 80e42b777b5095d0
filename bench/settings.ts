/** Counts and durations of a full run and of `--quick` (CI: proves the bench runs, in under a minute). */
import type * as listAll from "./listAll.js"

export const settingsFor = (quick: boolean) =>
  quick
    ? {
      sequential: { calls: 200, batch: 50, warmupRounds: 1 },
      cpuPerCall: { calls: 200, rounds: 3, warmupRounds: 1 },
      throughput: { inFlight: 64, sliceMs: 600, slices: 1, warmupSlices: 0 },
      decode: { rounds: 5, perRound: 4, warmupRounds: 1 },
      listAll: {
        total: 10_000,
        checkpoints: [1_000, 5_000, 10_000],
        repetitions: 1,
        capMb: 48,
        cappedSides: ["effectClerk"] as ReadonlyArray<listAll.Side>
      },
      coldStartRuns: 3,
      verify: { tokens: 20, batch: 20, rounds: 2, warmupRounds: 1, server: undefined },
      webhooks: { rounds: 3, warmup: 1, batch: 50 }
    }
    : {
      sequential: { calls: 1_000, batch: 100, warmupRounds: 2 },
      cpuPerCall: { calls: 300, rounds: 10, warmupRounds: 2 },
      throughput: { inFlight: 64, sliceMs: 1000, slices: 5, warmupSlices: 1 },
      decode: { rounds: 30, perRound: 10, warmupRounds: 3 },
      listAll: {
        total: 100_000,
        checkpoints: [10_000, 50_000, 100_000],
        repetitions: 2,
        capMb: 48,
        cappedSides: ["raw", "effectClerk"] as ReadonlyArray<listAll.Side>
      },
      coldStartRuns: 15,
      verify: {
        tokens: 500,
        batch: 100,
        rounds: 40,
        warmupRounds: 10,
        server: { inFlight: 32, sliceMs: 1000, slices: 5, tokens: 2_000, reuse: 20, cacheSize: 1_000 }
      },
      webhooks: { rounds: 40, warmup: 10, batch: 1000 }
    }

export type Settings = ReturnType<typeof settingsFor>
