/**
 * The fleet scenario of issue 14: `workers` processes sharing one secret key, each with `concurrency` calls in flight
 * for `durationMs`, against one loopback emulator enforcing `limit` per `windowMs` (a sliding window, answering 429
 * with `Retry-After`). Reports per side: calls that succeeded and failed (by tag) at the callers, the emulator's
 * 429s, and the quota used: requests the emulator accepted during the run / what the quota allows in that time.
 * Used by `npm run bench -- --only quota` and by test/quota/Fleet.test.ts (shorter).
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { spawn } from "node:child_process"
import * as ClerkEmulator from "../src/emulator/ClerkEmulator.js"
import type { WorkerArgs, WorkerResult } from "./quotaWorker.js"

export type Side = WorkerArgs["side"]

export interface FleetOptions {
  readonly side: Side
  readonly workers: number
  readonly concurrency: number
  readonly durationMs: number
  readonly limit: number
  readonly windowMs: number
  readonly redisPort: number
  readonly maxRetryTimeMs: number
  /** How to start a worker: `[command, ...args]` before the JSON argument (tsx in tests, a bundle in the bench). */
  readonly workerCommand: ReadonlyArray<string>
}

export interface FleetResult {
  readonly side: Side
  readonly ok: number
  readonly failed: number
  readonly byTag: Record<string, number>
  /** 429s the emulator answered during the run. */
  readonly tooManyRequests: number
  /** Requests the emulator accepted during the run. */
  readonly accepted: number
  /** accepted / (limit × durationMs / windowMs). */
  readonly quotaUsed: number
}

/** A worker process: `ready` resolves once it is set up; `go(start)` tells it when to begin; `result` at its end. */
const spawnWorker = (command: ReadonlyArray<string>, args: WorkerArgs) => {
  const child = spawn(command[0]!, [...command.slice(1), JSON.stringify(args)], { stdio: ["pipe", "pipe", "pipe"] })
  let signalReady: () => void = () => {}
  const ready = new Promise<void>((resolve) => (signalReady = resolve))
  const result = new Promise<WorkerResult>((resolve, reject) => {
    let out = ""
    let err = ""
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes("ready\n")) signalReady()
    })
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()))
    child.once("error", reject)
    child.once("exit", (code) => {
      signalReady()
      const line = out.trim().split("\n").pop() ?? ""
      try {
        resolve(JSON.parse(line) as WorkerResult)
      } catch {
        reject(new Error(`worker exited ${code}: ${err.slice(-2000)} ${out.slice(-500)}`))
      }
    })
  })
  return { ready, go: (start: number) => child.stdin.end(`${start}\n`), result }
}

/** Runs one side of the scenario against a fresh emulator. */
export const runFleet = (options: FleetOptions): Promise<FleetResult> =>
  Effect.gen(function*() {
    const emulator = yield* ClerkEmulator.make({
      rateLimit: { limit: options.limit, window: `${options.windowMs} millis` },
      requestLogLimit: 1
    })
    const { url } = yield* ClerkEmulator.listen(emulator, { port: 0 })
    const userId = ClerkEmulator.seededUserId(0)
    const stats = emulator.quotaStats
    const args: WorkerArgs = {
      side: options.side,
      apiUrl: url,
      secretKey: Redacted.value(emulator.secretKey),
      userId,
      redisPort: options.redisPort,
      concurrency: options.concurrency,
      durationMs: options.durationMs,
      quota: { limit: options.limit, windowMs: options.windowMs },
      maxRetryTimeMs: options.maxRetryTimeMs,
      prefix: `bench:${Date.now()}:`
    }
    const workers = Array.from({ length: options.workers }, () => spawnWorker(options.workerCommand, args))
    yield* Effect.promise(() => Promise.all(workers.map((w) => w.ready)))
    // all set up: start together, shortly
    const start = Date.now() + 200
    for (const worker of workers) worker.go(start)
    const fiber = yield* Effect.fork(Effect.promise(() => Promise.all(workers.map((w) => w.result))))
    // the emulator's counters at the common start and at its end
    yield* Effect.sleep(Math.max(0, start - Date.now()))
    const before = (yield* stats)!
    yield* Effect.sleep(Math.max(0, start + options.durationMs - Date.now()))
    const after = (yield* stats)!
    const results = yield* Effect.fromFiber(fiber)
    const byTag: Record<string, number> = {}
    for (const r of results) for (const [tag, n] of Object.entries(r.byTag)) byTag[tag] = (byTag[tag] ?? 0) + n
    const accepted = after.accepted - before.accepted
    return {
      side: options.side,
      ok: results.reduce((sum, r) => sum + r.ok, 0),
      failed: results.reduce((sum, r) => sum + r.failed, 0),
      byTag,
      tooManyRequests: after.limited - before.limited,
      accepted,
      quotaUsed: accepted / (options.limit * options.durationMs / options.windowMs)
    }
  }).pipe(Effect.scoped, Effect.runPromise)
