import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber } from "effect"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import { NotFound, Sessions, SignInTokens } from "../../src/index.js"
import { layerTest } from "../../src/layers/ClerkTest.js"
import { drive, received, settle } from "../support/Quota.js"
import { makeRecordingTracer } from "../support/Recording.js"

const { Fault } = ClerkEmulator

/** Holds the next matching request in the emulator for 1 s (test time), so that callers pile up behind it. */
const slow = (method: string, path: string, times = 1) =>
  ClerkEmulator.injectFault(Fault.latency("1 second", { method, path, times }))

const firstSession = Effect.map(ClerkEmulator.sessions, (sessions) => sessions[0]!)

describe("Coalescing of identical reads", () => {
  it.effect("100 concurrent Sessions.get of one id make one request; all get the session", () =>
    Effect.gen(function*() {
      const session = yield* firstSession
      yield* slow("GET", "/v1/sessions/:id")
      const fibers = yield* Effect.forEach(Array.from({ length: 100 }), () => Effect.fork(Sessions.get(session.id)))
      const exits = yield* drive(fibers, 250)
      assert.strictEqual((yield* received("/v1/sessions/")).length, 1)
      for (const exit of exits) assert.strictEqual(Exit.isSuccess(exit) ? exit.value.id : undefined, session.id)
    }).pipe(Effect.provide(layerTest())))

  it.effect("Sessions.list: the same parameters share one request, other parameters get their own", () =>
    Effect.gen(function*() {
      const session = yield* firstSession
      yield* slow("GET", "/v1/sessions", 3)
      const same = yield* Effect.forEach(
        Array.from({ length: 20 }),
        () => Effect.fork(Sessions.list({ userId: session.user_id, limit: 5 }))
      )
      const other = yield* Effect.fork(Sessions.list({ userId: session.user_id, limit: 6 }))
      const exits = yield* drive([...same, other], 250)
      assert.strictEqual((yield* received("/v1/sessions")).filter((r) => r.path === "/v1/sessions").length, 2)
      assert.isTrue(exits.every(Exit.isSuccess))
    }).pipe(Effect.provide(layerTest())))

  it.effect("a failure is shared: every caller gets the same typed error from one request", () =>
    Effect.gen(function*() {
      yield* slow("GET", "/v1/sessions/:id")
      const fibers = yield* Effect.forEach(
        Array.from({ length: 30 }),
        () => Effect.fork(Effect.flip(Sessions.get("sess_missing")))
      )
      const exits = yield* drive(fibers, 250)
      const errors = exits.map((exit) => Exit.isSuccess(exit) ? exit.value : undefined)
      assert.instanceOf(errors[0], NotFound)
      for (const error of errors) assert.strictEqual(error, errors[0])
      assert.strictEqual((yield* received("/v1/sessions/")).length, 1)
    }).pipe(Effect.provide(layerTest())))

  it.effect("interrupting one caller does not cancel the request for the others", () =>
    Effect.gen(function*() {
      const session = yield* firstSession
      yield* slow("GET", "/v1/sessions/:id")
      const first = yield* Effect.fork(Sessions.get(session.id))
      const second = yield* Effect.fork(Sessions.get(session.id))
      yield* settle
      yield* Fiber.interrupt(first) // the one whose fiber started the request
      const [exit] = yield* drive([second], 250)
      assert.isTrue(Exit.isSuccess(exit!))
      const requests = yield* received("/v1/sessions/")
      assert.deepStrictEqual(requests.map((r) => [r.outcome, r.status]), [["answered", 200]])
    }).pipe(Effect.provide(layerTest())))

  it.effect("the last caller to leave aborts the request; the next caller starts a new one", () =>
    Effect.gen(function*() {
      const session = yield* firstSession
      yield* slow("GET", "/v1/sessions/:id")
      const callers = yield* Effect.forEach([1, 2, 3], () => Effect.fork(Sessions.get(session.id)))
      yield* settle
      yield* Fiber.interruptAll(callers)
      yield* settle
      assert.deepStrictEqual((yield* received("/v1/sessions/")).map((r) => r.outcome), ["aborted"])
      const again = yield* Sessions.get(session.id)
      assert.strictEqual(again.id, session.id)
      assert.deepStrictEqual((yield* received("/v1/sessions/")).map((r) => r.outcome), ["aborted", "answered"])
    }).pipe(Effect.provide(layerTest())))

  it.effect("calls one after the other are not cached: each makes its request", () =>
    Effect.gen(function*() {
      const session = yield* firstSession
      yield* Sessions.get(session.id)
      yield* Sessions.get(session.id)
      assert.strictEqual((yield* received("/v1/sessions/")).length, 2)
    }).pipe(Effect.provide(layerTest())))

  it.effect("creations and revokes are never coalesced", () =>
    Effect.gen(function*() {
      const session = yield* firstSession
      yield* ClerkEmulator.injectFault(Fault.latency("1 second", { method: "POST", path: "*", times: 20 }))
      const revokes = yield* Effect.forEach(
        Array.from({ length: 5 }),
        () => Effect.fork(Effect.exit(Sessions.revoke(session.id)))
      )
      const creates = yield* Effect.forEach(
        Array.from({ length: 5 }),
        () => Effect.fork(Effect.exit(Sessions.create({ userId: session.user_id })))
      )
      const tokens = yield* Effect.forEach(
        Array.from({ length: 3 }),
        () => Effect.fork(Effect.exit(SignInTokens.create({ userId: session.user_id })))
      )
      yield* drive<unknown, never>([...revokes, ...creates, ...tokens], 250)
      const posts = (yield* ClerkEmulator.requests).filter((r) => r.method === "POST")
      assert.strictEqual(posts.filter((r) => r.path.endsWith("/revoke")).length, 5)
      assert.strictEqual(posts.filter((r) => r.path === "/v1/sessions").length, 5)
      assert.strictEqual(posts.filter((r) => r.path === "/v1/sign_in_tokens").length, 3)
    }).pipe(Effect.provide(layerTest())))

  it.effect("a joining caller's span says so (clerk.coalesced)", () =>
    Effect.gen(function*() {
      const recorder = makeRecordingTracer()
      const session = yield* firstSession
      yield* slow("GET", "/v1/sessions/:id")
      const fibers = yield* Effect.forEach(
        [1, 2],
        () => Effect.fork(Sessions.get(session.id).pipe(Effect.withTracer(recorder.tracer)))
      )
      yield* drive(fibers, 250)
      const gets = recorder.spans.filter((span) => span.name === "Sessions.get")
      assert.deepStrictEqual(gets.map((span) => span.attributes.get("clerk.coalesced")), [undefined, true])
      assert.strictEqual(gets[0]!.attributes.get("http.response.status_code"), 200)
    }).pipe(Effect.provide(layerTest())))
})
