import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Redacted, TestClock } from "effect"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import { parseArgs } from "../../src/emulator/CliArgs.js"
import * as Quota from "../../src/emulator/Quota.js"

const get = (path: string, key?: string) =>
  Effect.gen(function*() {
    const emulator = yield* ClerkEmulator.ClerkEmulator
    const response = yield* Effect.promise(() =>
      emulator.fetch(`${emulator.url}${path}`, {
        headers: { authorization: `Bearer ${key ?? Redacted.value(emulator.secretKey)}` }
      })
    )
    const body = yield* Effect.promise(() => response.json() as Promise<any>)
    return { status: response.status, retryAfter: response.headers.get("retry-after"), body }
  })

describe("Emulator per-key quota (rateLimit)", () => {
  it.effect("answers 429 with Retry-After and Clerk's body once the window's budget is spent, then recovers", () =>
    Effect.gen(function*() {
      const user = ClerkEmulator.seededUserId(0)
      for (let i = 0; i < 3; i++) {
        assert.strictEqual((yield* get(`/v1/sessions?user_id=${user}`)).status, 200)
        yield* TestClock.adjust("1 second")
      }
      const limited = yield* get(`/v1/sessions?user_id=${user}`)
      assert.strictEqual(limited.status, 429)
      assert.strictEqual(limited.retryAfter, "7") // the first request (t=0) leaves the window at t=10 s; now t=3 s
      assert.strictEqual(limited.body.errors[0].code, "too_many_requests")
      assert.isString(limited.body.clerk_trace_id)
      yield* TestClock.adjust("6999 millis")
      assert.strictEqual((yield* get(`/v1/sessions?user_id=${user}`)).status, 429)
      yield* TestClock.adjust("1 millis")
      assert.strictEqual((yield* get(`/v1/sessions?user_id=${user}`)).status, 200)
      const stats = yield* Effect.flatMap(ClerkEmulator.ClerkEmulator, (e) => e.quotaStats)
      assert.deepStrictEqual(stats, { limit: 3, windowMillis: 10_000, accepted: 4, limited: 2 })
    }).pipe(Effect.provide(ClerkEmulator.layer({ rateLimit: { limit: 3, window: "10 seconds" } }))))

  it.effect("does not count GET /v1/jwks, nor requests with another key", () =>
    Effect.gen(function*() {
      for (let i = 0; i < 5; i++) assert.strictEqual((yield* get("/v1/jwks")).status, 200)
      for (let i = 0; i < 5; i++) assert.strictEqual((yield* get("/v1/sessions", "sk_test_other")).status, 401)
      const user = ClerkEmulator.seededUserId(0)
      assert.strictEqual((yield* get(`/v1/sessions?user_id=${user}`)).status, 200)
      assert.strictEqual((yield* get(`/v1/sessions?user_id=${user}`)).status, 429)
    }).pipe(Effect.provide(ClerkEmulator.layer({ rateLimit: { limit: 1 } }))))

  it.effect("without the option there is no quota", () =>
    Effect.gen(function*() {
      const user = ClerkEmulator.seededUserId(0)
      for (let i = 0; i < 150; i++) assert.strictEqual((yield* get(`/v1/sessions?user_id=${user}`)).status, 200)
      assert.isUndefined(yield* Effect.flatMap(ClerkEmulator.ClerkEmulator, (e) => e.quotaStats))
    }).pipe(Effect.provide(ClerkEmulator.layer())))

  it.live("ClerkEmulator.serve takes it too, for any client on the loopback port", () =>
    Effect.gen(function*() {
      const emulator = yield* ClerkEmulator.ClerkEmulator
      const { url } = yield* ClerkEmulator.serve({ port: 0, rateLimit: { limit: 2, window: "1 minute" } })
      const headers = { authorization: `Bearer ${Redacted.value(emulator.secretKey)}` }
      const status = (path: string) =>
        Effect.promise(() =>
          fetch(`${url}${path}`, { headers }).then(async (
            r
          ) => [r.status, r.headers.get("retry-after"), (await r.json() as any).errors?.[0]?.code])
        )
      const user = ClerkEmulator.seededUserId(0)
      assert.strictEqual((yield* status(`/v1/sessions?user_id=${user}`))[0], 200)
      assert.strictEqual((yield* status("/v1/jwks"))[0], 200)
      assert.strictEqual((yield* status(`/v1/sessions?user_id=${user}`))[0], 200)
      const [code, retryAfter, errorCode] = yield* status(`/v1/sessions?user_id=${user}`)
      assert.deepStrictEqual([code, errorCode], [429, "too_many_requests"])
      assert.isAtLeast(Number(retryAfter), 59)
    }).pipe(Effect.scoped, Effect.provide(ClerkEmulator.layer())))

  it("the CLI takes --rate-limit 100/10s, 5/500ms, 1000/10 or 100", () => {
    const window = (text: string) => {
      const options = parseArgs(["--rate-limit", text]).rateLimit!
      return [options.limit, Duration.toMillis(Duration.decode(options.window!))]
    }
    assert.deepStrictEqual(window("100/10s"), [100, 10_000])
    assert.deepStrictEqual(window("5/500ms"), [5, 500])
    assert.deepStrictEqual(window("1000/10"), [1000, 10_000])
    assert.deepStrictEqual(window("100"), [100, 10_000])
    assert.isUndefined(parseArgs(["--port", "0"]).rateLimit)
    assert.throws(() => parseArgs(["--rate-limit", "lots"]), /--rate-limit/)
    assert.throws(() => parseArgs(["--rate-limit", "0/10s"]), /--rate-limit/)
  })

  it("keeps at most `limit` accepted requests in any window-long span (sliding)", () => {
    const quota = Quota.make({ limit: 4, window: 1000 })
    const accepted: Array<number> = []
    for (let t = 0; t < 5000; t += 37) if (quota.take(t) === undefined) accepted.push(t)
    for (const start of accepted) {
      assert.isAtMost(accepted.filter((t) => t >= start && t < start + 1000).length, 4)
    }
    assert.isAtLeast(accepted.length, 18) // and it lets the budget be used: ~4 per second over 5 s
  })
})
