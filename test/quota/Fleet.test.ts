/**
 * The fleet test of issue 14: 4 worker processes sharing one key, 64 calls in flight each, against one loopback
 * emulator enforcing 100 requests per 10 s. Shorter than the bench's run (10 s instead of 30 s) to keep CI quick;
 * `npm run bench -- --only quota` runs the full scenario (bench/RESULTS.md).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Path from "node:path"
import { buildScript } from "../../bench/build.js"
import { type FleetResult, runFleet, type Side } from "../../bench/quota.js"
import { redisServer } from "../support/RedisServer.js"

/** The worker, bundled once (plain node starts it in a fraction of tsx's time). */
const worker = Effect.promise(() => buildScript(Path.resolve(import.meta.dirname, "../../bench/quotaWorker.ts")))

const fleet = (side: Side, redisPort: number) =>
  Effect.flatMap(worker, (script) =>
    Effect.promise(() =>
      runFleet({
        side,
        workers: 4,
        concurrency: 64,
        durationMs: 10_000,
        limit: 100,
        windowMs: 10_000,
        redisPort,
        // 256 calls queue at ~9 per second: the last waits ~28 s in a full run
        maxRetryTimeMs: 60_000,
        workerCommand: [process.execPath, script]
      })
    ))

const describeRun = (r: FleetResult) =>
  `${r.side}: ${r.ok} ok, ${r.failed} failed ${JSON.stringify(r.byTag)}, ${r.tooManyRequests} 429s, ` +
  `${r.accepted} accepted, quota used ${(r.quotaUsed * 100).toFixed(1)} %`

describe("a fleet of 4 processes on one key (100 per 10 s)", () => {
  it.live(
    "with the Redis limit: no RateLimited at the callers, few or no 429s, ≥ 90 % of the quota used; without: 429s",
    () =>
      Effect.gen(function*() {
        const redis = yield* redisServer
        const limited = yield* fleet("redis", redis.port)
        console.log(describeRun(limited))
        assert.strictEqual(limited.byTag.RateLimited ?? 0, 0, "no 429 reached a caller")
        assert.strictEqual(limited.byTag["RateLimited(client)"] ?? 0, 0, "no call outwaited its budget")
        assert.strictEqual(limited.failed, 0)
        assert.isAtMost(limited.tooManyRequests, 3)
        assert.isAtLeast(limited.quotaUsed, 0.9)

        const unlimited = yield* fleet("retries", redis.port)
        console.log(describeRun(unlimited))
        assert.isAbove(unlimited.tooManyRequests, 10 * Math.max(1, limited.tooManyRequests))
      }).pipe(Effect.scoped),
    120_000
  )
})
