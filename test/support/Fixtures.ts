import { Chunk, Effect, Fiber, Option, TestClock, TestServices } from "effect"
import type { Call } from "./FakeFetch.js"

/** A session as Clerk sends it (snake_case, unix ms), with every documented field set. */
export const wireSession = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  object: "session",
  id: "sess_123",
  user_id: "user_123",
  client_id: "client_123",
  actor: { sub: "user_admin" },
  status: "active",
  last_active_organization_id: "org_123",
  last_active_at: 1_700_000_000_000,
  latest_activity: {
    object: "session_activity",
    id: "sess_activity_123",
    device_type: "Macintosh",
    is_mobile: false,
    browser_name: "Chrome",
    browser_version: "120.0",
    ip_address: "203.0.113.7",
    city: "Berlin",
    country: "DE"
  },
  expire_at: 1_700_604_800_000,
  abandon_at: 1_702_592_000_000,
  updated_at: 1_700_000_100_000,
  created_at: 1_699_990_000_000,
  ...overrides
})

/** A sign-in token as Clerk sends it from `POST /sign_in_tokens`. */
export const wireSignInToken = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  object: "sign_in_token",
  id: "sit_123",
  status: "pending",
  user_id: "user_123",
  token: "ticket_SECRET_TICKET_VALUE",
  url: "https://accounts.example.test/sign-in?__clerk_ticket=ticket_SECRET_TICKET_VALUE",
  created_at: 1_700_000_000_000,
  updated_at: 1_700_000_000_500,
  ...overrides
})

/** A JWT-looking value that must never appear in an error. */
export const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEyMyJ9.SIGNATURE_SECRET_VALUE"

/** Lets real time pass (the fake fetch is async), even under the TestClock. */
export const liveSleep = (millis: number) => TestServices.provideLive(Effect.sleep(`${millis} millis`))

/** Waits, in real time, until `condition` holds (at most ~2 s). */
export const eventually = (condition: () => boolean, what = "condition") =>
  Effect.gen(function*() {
    for (let i = 0; i < 400; i++) {
      if (condition()) return
      yield* liveSleep(5)
    }
    return yield* Effect.dieMessage(`timed out waiting for ${what}`)
  })

/** Waits until the fake has seen `n` calls. */
export const callsReach = (calls: ReadonlyArray<Call>, n: number) =>
  eventually(() => calls.length >= n, `${n} calls (saw ${calls.length})`)

/** Waits until the TestClock has a sleep scheduled for exactly `now + delta` ms, and returns `now`. */
export const sleepScheduledAt = (deltaMillis: number) =>
  Effect.gen(function*() {
    for (let i = 0; i < 400; i++) {
      const now = yield* TestClock.currentTimeMillis
      const sleeps = yield* TestClock.sleeps()
      if (Chunk.some(sleeps, (time) => time === now + deltaMillis)) return now
      yield* liveSleep(5)
    }
    return yield* Effect.dieMessage(`no sleep scheduled at now + ${deltaMillis} ms`)
  })

/**
 * Waits for the next backoff sleep: one due later than now but sooner than `belowMillis` from now (per-attempt
 * timeouts of finished attempts linger in `TestClock.sleeps()` at `timeout` ms from their start; keep `belowMillis`
 * under the configured timeout). Returns its delay from now.
 */
export const nextBackoff = (belowMillis: number) =>
  Effect.gen(function*() {
    for (let i = 0; i < 400; i++) {
      const now = yield* TestClock.currentTimeMillis
      const due = Chunk.toReadonlyArray(yield* TestClock.sleeps()).map((time) => time - now).filter((d) =>
        d > 0 && d < belowMillis
      )
      if (due.length > 0) return Math.min(...due)
      yield* liveSleep(5)
    }
    return yield* Effect.dieMessage(`no backoff sleep scheduled within ${belowMillis} ms`)
  })

/**
 * Drives a forked call through its retries: each time a backoff sleep (due sooner than `belowMillis` from now) is
 * scheduled, jumps the TestClock to it, until the fiber is done. Returns the exit and the backoff delays seen.
 */
export const driveRetries = <A, E>(fiber: Fiber.RuntimeFiber<A, E>, belowMillis: number) =>
  Effect.gen(function*() {
    const delays: Array<number> = []
    for (let i = 0; i < 2000; i++) {
      const done = yield* Fiber.poll(fiber)
      if (Option.isSome(done)) return { exit: done.value, delays }
      const now = yield* TestClock.currentTimeMillis
      const due = Chunk.toReadonlyArray(yield* TestClock.sleeps()).map((time) => time - now).filter((d) =>
        d > 0 && d < belowMillis
      )
      if (due.length > 0) {
        const delay = Math.min(...due)
        delays.push(delay)
        yield* TestClock.adjust(`${delay} millis`)
      } else {
        yield* liveSleep(2)
      }
    }
    return yield* Effect.dieMessage("the call did not finish")
  })
