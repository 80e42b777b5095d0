/**
 * The fault matrix of docs/retries-and-errors.md ("What is retried"), for every operation, through the production layer (test/support/Transport.ts; real sockets) against
 * the emulator on 127.0.0.1: each operation gets the fault on its own route and the test checks what the client
 * reported, the requests the emulator received and, for the creations, the emulator's model.
 */
import { assert, describe } from "@effect/vitest"
import {
  Cause,
  Chunk,
  Deferred,
  Duration,
  Effect,
  Exit,
  Fiber,
  Ref,
  Schedule,
  Scope,
  TestClock,
  TestContext
} from "effect"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import * as Fault from "../../src/emulator/Fault.js"
import { ClerkApiError, RateLimited, Sessions, TransportError, UnexpectedResponse } from "../../src/index.js"
import { liveSleep } from "../support/Fixtures.js"
import {
  assertSuccess,
  at,
  closedPort,
  failureOf,
  fastAttempts,
  fresh,
  Loopback,
  loopbackSuite,
  modelCounts,
  operations,
  type Outcome,
  runAll,
  withClient
} from "./support/Loopback.js"

const creations = operations.filter((op) => !op.idempotent)

/** Asserts that the model gained exactly the sessions and sign-in tokens the successful creations report. */
const assertCreated = (
  before: { readonly sessions: number; readonly signInTokens: number },
  after: { readonly sessions: number; readonly signInTokens: number },
  outcomes: ReadonlyArray<Outcome>,
  actedOnFailure: boolean
) => {
  const succeeded = (kind: "session" | "signInToken") =>
    outcomes.filter((o) => o.op.creates === kind && (actedOnFailure || Exit.isSuccess(o.exit))).length
  assert.strictEqual(after.sessions - before.sessions, succeeded("session"), "sessions in the model")
  assert.strictEqual(after.signInTokens - before.signInTokens, succeeded("signInToken"), "sign-in tokens in the model")
}

/**
 * Runs every operation with `fault`, and checks the model against what the creations reported: one new session or
 * sign-in token per successful creation (or per creation, when the fault lets the emulator act but spoils the
 * answer: `actedOnFailure`), never two.
 */
const matrix = (
  fault: Parameters<typeof runAll>[1],
  options: Parameters<typeof runAll>[2] = {},
  actedOnFailure = false
) =>
  Effect.gen(function*() {
    yield* fresh
    const before = yield* modelCounts
    const outcomes = yield* runAll(operations, fault, options)
    const after = yield* modelCounts
    // preparing created the session or sign-in token each operation acts on
    const prepared = (prefix: string) => outcomes.filter((o) => o.prepared.target?.startsWith(prefix)).length
    assertCreated(
      { sessions: before.sessions + prepared("sess_"), signInTokens: before.signInTokens + prepared("sit_") },
      after,
      outcomes,
      actedOnFailure
    )
    assert.strictEqual(outcomes.length, operations.length)
    return outcomes
  })

const statuses = (outcome: Outcome) => outcome.requests.map((r) => r.status)

/**
 * Waits, in real time (the sockets are real; a loaded machine may take seconds), until `condition` holds of what
 * `effect` gives. For tests on the TestClock, where `eventually`'s `Effect.sleep` would wait on the test's clock.
 */
const liveUntil = <A, E, R>(effect: Effect.Effect<A, E, R>, condition: (a: A) => boolean, what: string) =>
  Effect.gen(function*() {
    for (let i = 0; i < 3000; i++) {
      const value = yield* effect
      if (condition(value)) return value
      yield* liveSleep(10)
    }
    return yield* Effect.dieMessage(`timed out waiting for ${what}`)
  })

/** How many sleeps on the TestClock end exactly `deltaMillis` from now. */
const sleepsDueIn = (deltaMillis: number) =>
  Effect.gen(function*() {
    const now = yield* TestClock.currentTimeMillis
    return Chunk.size(Chunk.filter(yield* TestClock.sleeps(), (time) => time === now + deltaMillis))
  })

const requestsOf = Effect.flatMap(Loopback, ({ emulator }) => emulator.requests)

loopbackSuite("Fault matrix over the loopback emulator", {}, (test) => {
  describe("429", () => {
    test("Retry-After: 1, then success: every operation succeeds, and none retries sooner than 1 s", () =>
      Effect.gen(function*() {
        const outcomes = yield* matrix((p) => [Fault.status(429, { retryAfter: 1, ...at(p) })])
        for (const o of outcomes) {
          assertSuccess(o.exit, o.op.name)
          assert.deepStrictEqual(statuses(o), [429, 200], o.op.name)
          // a lower bound only: a loaded machine makes it longer, never shorter (the wait itself: next test)
          assert.isAtLeast(o.millis, 1000, `${o.op.name} retried after ${o.millis} ms`)
        }
      }))

    test("Retry-After: 1 on the client's TestClock: every operation waits exactly 1 s, then retries", () =>
      Effect.gen(function*() {
        const { emulator } = yield* fresh
        const prepared = yield* Effect.forEach(operations, (op) => op.prepare.pipe(withClient(), Effect.orDie))
        yield* emulator.clearRequests
        // one 429 per operation, queued on its route (two operations share GET /v1/sessions: one each)
        for (const p of prepared) yield* emulator.injectFault(Fault.status(429, { retryAfter: 1, ...at(p) }))
        yield* Effect.gen(function*() {
          const fibers = yield* Effect.forEach(
            prepared,
            (p) => Effect.fork(p.run.pipe(withClient(p.apiVersion === undefined ? {} : { apiVersion: p.apiVersion })))
          )
          const n = prepared.length
          yield* liveUntil(requestsOf, (log) => log.length === n, `${n} first attempts answered`)
          yield* liveUntil(sleepsDueIn(1000), (count) => count === n, `${n} retries waiting 1 s`)
          yield* TestClock.adjust("999 millis")
          yield* liveSleep(50)
          assert.deepStrictEqual((yield* requestsOf).map((r) => r.status), prepared.map(() => 429), "none sooner")
          yield* TestClock.adjust("1 millis")
          const exits = yield* Effect.forEach(fibers, Fiber.await)
          exits.forEach((exit, i) => assertSuccess(exit, operations[i]!.name))
          const log = yield* requestsOf
          assert.strictEqual(log.filter((r) => r.status === 200).length, n, "each retried once, at 1 s")
          assert.strictEqual(yield* TestClock.currentTimeMillis, 1000)
        }).pipe(Effect.provide(TestContext.TestContext))
      }))

    test("a storm beyond the retry budget: RateLimited with retryAfter, after exactly the configured attempts", () =>
      Effect.gen(function*() {
        const outcomes = yield* matrix((p) => [Fault.status(429, { retryAfter: 0, ...at(p, Infinity) })])
        for (const o of outcomes) {
          const error = failureOf(o.exit, o.op.name)
          assert.strictEqual(error._tag, "RateLimited", o.op.name)
          if (!(error instanceof RateLimited)) continue
          assert.strictEqual(error.status, 429)
          assert.isTrue(error.retryAfter !== undefined && Duration.equals(error.retryAfter, Duration.zero), o.op.name)
          assert.strictEqual(o.requests.length, fastAttempts, o.op.name)
        }
      }))

    test("a Retry-After beyond maxRetryTime: RateLimited at once after one attempt, with its retryAfter", () =>
      Effect.gen(function*() {
        // on the TestClock: "at once" is no time at all on the client's clock (a wait would never end)
        const [outcomes, waited] = yield* Effect.all([
          matrix((p) => [Fault.status(429, { retryAfter: 5, ...at(p, Infinity) })], { maxRetryTime: "1 second" }),
          TestClock.currentTimeMillis
        ]).pipe(Effect.provide(TestContext.TestContext))
        assert.strictEqual(waited, 0, "no time waited")
        for (const o of outcomes) {
          const error = failureOf(o.exit, o.op.name)
          assert.strictEqual(error._tag, "RateLimited", o.op.name)
          if (!(error instanceof RateLimited)) continue
          assert.isTrue(error.retryAfter !== undefined && Duration.equals(error.retryAfter, Duration.seconds(5)))
          assert.strictEqual(o.requests.length, 1, o.op.name)
        }
      }))
  })

  describe("5xx", () => {
    for (const status of [500, 502, 503, 504]) {
      test(`${status} then success: retried where safe to repeat; creations not`, () =>
        Effect.gen(function*() {
          const outcomes = yield* matrix((p) => [Fault.status(status, at(p))])
          for (const o of outcomes) {
            if (o.op.idempotent) {
              assertSuccess(o.exit, o.op.name)
              assert.deepStrictEqual(statuses(o), [status, 200], o.op.name)
            } else {
              const error = failureOf(o.exit, o.op.name)
              assert.strictEqual(error._tag, "ClerkApiError", o.op.name)
              assert.strictEqual((error as ClerkApiError).status, status)
              assert.deepStrictEqual(statuses(o), [status], `${o.op.name} is not retried`)
            }
          }
        }))
    }

    for (const status of [500, 502, 503, 504]) {
      test(`${status} after Clerk acted (answer lost): creations are not repeated, exactly one created`, () =>
        Effect.gen(function*() {
          yield* fresh
          const before = yield* modelCounts
          const outcomes = yield* runAll(creations, (p) => [Fault.status(status, { ...at(p), afterProcessing: true })])
          const after = yield* modelCounts
          for (const o of outcomes) {
            const error = failureOf(o.exit, o.op.name)
            assert.strictEqual(error._tag, "ClerkApiError", o.op.name)
            assert.strictEqual((error as ClerkApiError).status, status)
            assert.deepStrictEqual(statuses(o), [status], `${o.op.name} is not retried`)
          }
          assertCreated(before, after, outcomes, true)
          assert.deepStrictEqual([after.sessions - before.sessions, after.signInTokens - before.signInTokens], [1, 1])
        }))
    }

    test("an HTML 502 page then success: retried where safe; creations fail with UnexpectedResponse", () =>
      Effect.gen(function*() {
        const outcomes = yield* matrix((p) => [Fault.html(at(p))])
        for (const o of outcomes) {
          if (o.op.idempotent) {
            assertSuccess(o.exit, o.op.name)
            assert.deepStrictEqual(statuses(o), [502, 200], o.op.name)
          } else {
            const error = failureOf(o.exit, o.op.name)
            assert.strictEqual(error._tag, "UnexpectedResponse", o.op.name)
            assert.strictEqual((error as UnexpectedResponse).status, 502)
            assert.deepStrictEqual(statuses(o), [502], o.op.name)
          }
        }
      }))
  })

  describe("connections", () => {
    test("a reset connection: retried where safe; creations fail with TransportError ConnectionReset", () =>
      Effect.gen(function*() {
        const outcomes = yield* matrix((p) => [Fault.reset(at(p))])
        for (const o of outcomes) {
          assert.strictEqual(o.requests[0]?.outcome, "reset", o.op.name)
          if (o.op.idempotent) {
            assertSuccess(o.exit, o.op.name)
            assert.deepStrictEqual(o.requests.map((r) => r.outcome), ["reset", "answered"], o.op.name)
          } else {
            const error = failureOf(o.exit, o.op.name)
            assert.strictEqual(error._tag, "TransportError", o.op.name)
            assert.strictEqual((error as TransportError).failure, "ConnectionReset", o.op.name)
            assert.strictEqual(o.requests.length, 1, o.op.name)
          }
        }
      }))

    test("a refused connection: every operation retried (nothing was sent), then TransportError", () =>
      Effect.gen(function*() {
        yield* fresh
        const port = yield* closedPort
        yield* Effect.forEach(operations, (op) =>
          Effect.gen(function*() {
            const prepared = yield* op.prepare.pipe(withClient(), Effect.orDie)
            const failures = yield* Ref.make(0)
            const counting = Schedule.spaced("10 millis").pipe(
              Schedule.intersect(Schedule.recurs(2)),
              Schedule.tapInput(() => Ref.update(failures, (n) => n + 1))
            )
            const exit = yield* Effect.exit(prepared.run.pipe(withClient({
              apiUrl: `http://127.0.0.1:${port}`,
              retry: counting,
              ...(prepared.apiVersion === undefined ? {} : { apiVersion: prepared.apiVersion })
            })))
            const error = failureOf(exit, op.name)
            assert.strictEqual(error._tag, "TransportError", op.name)
            assert.strictEqual((error as TransportError).failure, "ConnectionRefused", op.name)
            assert.strictEqual(yield* Ref.get(failures), fastAttempts, `${op.name}: attempts`)
          }), { concurrency: "unbounded", discard: true })
      }))

    for (const op of creations) {
      test(`${op.name}: refused, then the server is up: retried, one creation`, () =>
        Effect.gen(function*() {
          const { emulator } = yield* fresh
          const before = yield* modelCounts
          const prepared = yield* op.prepare.pipe(withClient(), Effect.orDie)
          yield* emulator.clearRequests
          const port = yield* closedPort
          const refused = yield* Deferred.make<void>()
          const schedule = Schedule.spaced("150 millis").pipe(
            Schedule.intersect(Schedule.recurs(5)),
            Schedule.tapInput(() => Deferred.succeed(refused, undefined))
          )
          const scope = yield* Scope.make()
          const fiber = yield* Effect.fork(
            prepared.run.pipe(withClient({ apiUrl: `http://127.0.0.1:${port}`, retry: schedule }))
          )
          yield* Deferred.await(refused)
          yield* ClerkEmulator.listen(emulator, { port }).pipe(Scope.extend(scope), Effect.orDie)
          const exit = yield* Fiber.await(fiber)
          yield* Scope.close(scope, Exit.void)
          assertSuccess(exit, op.name)
          const requests = yield* emulator.requests
          assert.strictEqual(requests.length, 1, "the refused attempt sent nothing")
          const after = yield* modelCounts
          assert.strictEqual(after.sessions - before.sessions, op.creates === "session" ? 1 : 0)
          assert.strictEqual(after.signInTokens - before.signInTokens, op.creates === "signInToken" ? 1 : 0)
        }))
    }
  })

  describe("timeouts", () => {
    test("slower than the per-attempt timeout: Timeout after it, retried where safe, aborted upstream", () =>
      Effect.gen(function*() {
        const { emulator } = yield* fresh
        const prepared = yield* Effect.forEach(operations, (op) => op.prepare.pipe(withClient(), Effect.orDie))
        const afterPreparing = yield* modelCounts
        yield* emulator.clearRequests
        // the first request of each operation answers in 3 s (two operations share GET /v1/sessions: one each)
        for (const p of prepared) yield* emulator.injectFault(Fault.latency("3 seconds", at(p)))
        // on the client's TestClock: the 500 ms timeout fires when the test says, however loaded the machine
        const exits = yield* Effect.gen(function*() {
          const fibers = yield* Effect.forEach(prepared, (p) =>
            Effect.fork(p.run.pipe(withClient({
              timeout: "500 millis",
              ...(p.apiVersion === undefined ? {} : { apiVersion: p.apiVersion })
            }))))
          const n = prepared.length
          const retried = operations.filter((op) => op.idempotent).length
          yield* liveUntil(requestsOf, (log) => log.filter((r) => r.outcome === "pending").length === n, `${n} sent`)
          yield* liveUntil(sleepsDueIn(500), (count) => count === n, `${n} attempts' timeouts`)
          yield* TestClock.adjust("499 millis")
          yield* liveSleep(50)
          assert.isTrue((yield* requestsOf).every((r) => r.outcome === "pending"), "nothing aborted before 500 ms")
          yield* TestClock.adjust("1 millis")
          yield* liveUntil(sleepsDueIn(10), (count) => count === retried, `${retried} retries waiting`)
          yield* TestClock.adjust("10 millis")
          return yield* Effect.forEach(fibers, Fiber.await)
        }).pipe(Effect.provide(TestContext.TestContext))
        const log = yield* eventually(emulator.requests, (log) => log.every((r) => r.outcome !== "pending"))
        operations.forEach((op, i) => {
          const p = prepared[i]!
          // a shared route's requests, in order: this operation's share of them
          const mine = log.filter((r) => r.method === p.method && r.path === p.path)
          const outcomes = mine.map((r) => r.outcome)
          const seen = `${op.name}: ${JSON.stringify(mine.map((r) => [r.outcome, r.status]))}`
          assert.include(outcomes, "aborted", `the emulator saw the abort: ${seen}`)
          if (op.idempotent) {
            assertSuccess(exits[i]!, seen)
            // its aborted attempt, then its retry, answered
            const count = (outcome: string) => outcomes.filter((o) => o === outcome).length
            assert.strictEqual(count("answered"), count("aborted"), seen)
          } else {
            const error = failureOf(exits[i]!, seen)
            assert.strictEqual(error._tag, "TransportError", seen)
            assert.strictEqual((error as TransportError).failure, "Timeout", seen)
            assert.deepStrictEqual(outcomes, ["aborted"], seen)
          }
        })
        // every attempt first aborted, then each idempotent operation retried once; no creation acted
        assert.deepStrictEqual(
          log.map((r) => r.outcome).sort(),
          [...prepared.map(() => "aborted"), ...operations.filter((op) => op.idempotent).map(() => "answered")].sort()
        )
        assert.deepStrictEqual(yield* modelCounts, afterPreparing, "no creation acted")
      }))

    test("always slow: Timeout after every attempt, total time bounded by the schedule", () =>
      Effect.gen(function*() {
        const { emulator } = yield* fresh
        const [session] = yield* emulator.sessions
        yield* emulator.injectFault(Fault.latency("2 seconds", { method: "GET", path: "/v1/sessions/:id", times: 10 }))
        // on the client's TestClock: 3 attempts of 200 ms and 2 waits of 10 ms are 620 ms, exactly
        yield* Effect.gen(function*() {
          const fiber = yield* Effect.fork(
            Effect.flip(Sessions.get(session!.id).pipe(withClient({ timeout: "200 millis" })))
          )
          for (let attempt = 1; attempt <= fastAttempts; attempt++) {
            yield* liveUntil(requestsOf, (log) => log.length === attempt, `attempt ${attempt} sent`)
            yield* liveUntil(sleepsDueIn(200), (count) => count === 1, `attempt ${attempt}'s timeout`)
            yield* TestClock.adjust("200 millis")
            if (attempt < fastAttempts) {
              yield* liveUntil(sleepsDueIn(10), (count) => count === 1, `the wait after attempt ${attempt}`)
              yield* TestClock.adjust("10 millis")
            }
          }
          const error = yield* Fiber.join(fiber)
          assert.strictEqual(error._tag, "TransportError")
          assert.strictEqual((error as TransportError).failure, "Timeout")
          assert.match(error.message, /within 200ms/)
          assert.strictEqual(yield* TestClock.currentTimeMillis, 3 * 200 + 2 * 10)
        }).pipe(Effect.provide(TestContext.TestContext))
        // none of them waited for its 2 s answer
        const requests = yield* eventually(emulator.requests, (log) => log.every((r) => r.outcome === "aborted"))
        assert.deepStrictEqual(requests.map((r) => r.outcome), Array(fastAttempts).fill("aborted"))
      }))
  })

  describe("broken answers", () => {
    const assertUnexpected = (o: Outcome, status: number, detail: RegExp) => {
      if (Exit.isFailure(o.exit)) {
        assert.notInclude(Cause.pretty(o.exit.cause), "SyntaxError", o.op.name)
      }
      const error = failureOf(o.exit, o.op.name)
      assert.strictEqual(error._tag, "UnexpectedResponse", o.op.name)
      if (!(error instanceof UnexpectedResponse)) return
      assert.strictEqual(error.status, status, o.op.name)
      assert.match(error.detail, detail, o.op.name)
    }

    test("an HTML 502 page every time: UnexpectedResponse 502 (after the retries where safe)", () =>
      Effect.gen(function*() {
        const outcomes = yield* matrix((p) => [Fault.html(at(p, Infinity))])
        for (const o of outcomes) {
          assertUnexpected(o, 502, /not a Clerk error body \(text\/html/)
          assert.strictEqual(o.requests.length, o.op.idempotent ? fastAttempts : 1, o.op.name)
        }
      }))

    test("malformed JSON: UnexpectedResponse 200, not retried, no SyntaxError", () =>
      Effect.gen(function*() {
        const outcomes = yield* matrix((p) => [Fault.malformedJson(at(p, Infinity))])
        for (const o of outcomes) {
          assertUnexpected(o, 200, /^body is not valid JSON$/)
          assert.strictEqual(o.requests.length, 1, o.op.name)
        }
      }))

    test("an empty body: UnexpectedResponse 200, not retried", () =>
      Effect.gen(function*() {
        const outcomes = yield* matrix((p) => [Fault.emptyBody(at(p, Infinity))])
        for (const o of outcomes) {
          assertUnexpected(o, 200, /^empty body$/)
          assert.strictEqual(o.requests.length, 1, o.op.name)
        }
      }))

    test("an empty 503 and a malformed 500: UnexpectedResponse with their status", () =>
      Effect.gen(function*() {
        const empty = yield* matrix((p) => [Fault.emptyBody({ status: 503, ...at(p, Infinity) })])
        for (const o of empty) assertUnexpected(o, 503, /^empty body \(application\/json\)$/)
        const malformed = yield* matrix((p) => [Fault.malformedJson({ status: 500, ...at(p, Infinity) })])
        for (const o of malformed) {
          assertUnexpected(o, 500, /^not a Clerk error body \(application\/json, \d+ chars\)$/)
          assert.strictEqual(o.requests.length, o.op.idempotent ? fastAttempts : 1, o.op.name)
        }
      }))

    test("a 2xx without a required field: UnexpectedResponse naming the field, not retried", () =>
      Effect.gen(function*() {
        const outcomes = yield* matrix((p, op) => [Fault.dropField(op.requiredField, at(p))], {}, true)
        for (const o of outcomes) {
          assertUnexpected(o, 200, new RegExp(`\\["${o.op.requiredField}"\\] is missing`))
          // the emulator acted (a creation did create): the client must not repeat it
          assert.strictEqual(o.requests.length, 1, o.op.name)
        }
      }))
  })

  describe("contract drift", () => {
    test("unknown extra fields: every operation succeeds", () =>
      Effect.gen(function*() {
        const outcomes = yield* matrix((p) => [Fault.extraFields(at(p))])
        for (const o of outcomes) {
          assertSuccess(o.exit, o.op.name)
          assert.strictEqual(o.requests[0]?.fault?._tag, "ExtraFields")
        }
      }))

    test("an unknown status value: every operation with a status succeeds and keeps the value", () =>
      Effect.gen(function*() {
        const outcomes = yield* matrix((p, op) => op.hasStatus ? [Fault.unknownEnum(at(p))] : [])
        for (const o of outcomes) {
          if (Exit.isFailure(o.exit)) return assert.fail(`${o.op.name}: ${Cause.pretty(o.exit.cause)}`)
          if (!o.op.hasStatus) continue
          const value: any = o.exit.value
          const statuses = "data" in value
            ? value.data.map((s: any) => s.status)
            : Symbol.iterator in value
            ? [...value].map((s: any) => s.status)
            : [value.status]
          assert.isAbove(statuses.length, 0, o.op.name)
          for (const status of statuses) assert.strictEqual(status, "emulator_unknown_value", o.op.name)
        }
      }))
  })
})

/** Waits in real time until `effect` satisfies `predicate`. */
const eventually = <A>(effect: Effect.Effect<A>, predicate: (a: A) => boolean) =>
  Effect.gen(function*() {
    for (let i = 0; i < 200; i++) {
      const value = yield* effect
      if (predicate(value)) return value
      yield* Effect.sleep("10 millis")
    }
    return yield* effect
  })
