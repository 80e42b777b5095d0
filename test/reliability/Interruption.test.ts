/**
 * Interrupting the calling fiber mid-request, over real sockets: the emulator sees the request aborted (and acts on
 * nothing), the fiber ends interrupted, and no fiber, timer or socket is left behind.
 */
import { assert } from "@effect/vitest"
import { Effect, Exit, Fiber, Stream, Supervisor } from "effect"
import * as Net from "node:net"
import * as Fault from "../../src/emulator/Fault.js"
import type { RecordedRequest } from "../../src/emulator/RequestLog.js"
import { Sessions } from "../../src/index.js"
import {
  at,
  eventually,
  fresh,
  Loopback,
  loopbackSuite,
  modelCounts,
  operations,
  type Services,
  userId,
  withClient
} from "./support/Loopback.js"

/**
 * Tracks the `setTimeout` timers created while the scope is open (Effect's live clock, the client's per-attempt
 * timeout and the emulator's latency all use it): `pending()` counts those neither fired nor cleared, except the
 * timers of undici (under Node's fetch, or the undici package under `NodeHttpClient`) on its pooled connections,
 * which are not the client's to clear.
 */
const trackTimers = Effect.acquireRelease(
  Effect.sync(() => {
    const pending = new Set<unknown>()
    const { clearTimeout, setTimeout } = globalThis
    globalThis.setTimeout = ((callback: (...args: Array<unknown>) => void, ms?: number, ...args: Array<unknown>) => {
      const handle = setTimeout(
        (...a: Array<unknown>) => {
          pending.delete(handle)
          callback(...a)
        },
        ms,
        ...args
      )
      // undici's own timers (Node's fetch, or the undici package under NodeHttpClient): its pool's, not the client's
      if (!/node:internal\/deps\/undici|node_modules\/undici\//.test(new Error().stack ?? "")) pending.add(handle)
      return handle
    }) as typeof globalThis.setTimeout
    globalThis.clearTimeout = ((handle: Parameters<typeof clearTimeout>[0]) => {
      pending.delete(handle)
      clearTimeout(handle)
    }) as typeof globalThis.clearTimeout
    return { pending: () => pending.size, restore: () => Object.assign(globalThis, { clearTimeout, setTimeout }) }
  }),
  (tracker) => Effect.sync(tracker.restore)
)

type Timers = Effect.Effect.Success<typeof trackTimers>

/**
 * Connections to the emulator on `port`, by the client's port: `open` has every one (the emulator's end of each is
 * always referenced, so listed), `busy` those whose client end is referenced, i.e. carries a request (undici unrefs
 * idle pooled sockets).
 */
const connections = (port: number) =>
  Effect.sync(() => {
    const sockets = ((process as any)._getActiveHandles() as Array<unknown>).filter((h): h is Net.Socket =>
      h instanceof Net.Socket
    )
    const busy = new Set(sockets.filter((s) => s.remotePort === port).map((s) => s.localPort))
    const open = new Set([...sockets.filter((s) => s.localPort === port).map((s) => s.remotePort), ...busy])
    return { open, busy }
  })

const portOf = (url: string) => Number(new URL(url).port)

/**
 * Waits until the connections that carried the aborted request are closed at both ends, and no timer created since
 * tracking began is pending. (Node's fetch, undici, then opens a new idle connection, as plain `fetch` with an
 * `AbortController` does: the callers bound how many stay open.)
 */
const settles = (port: number, inFlight: ReadonlySet<number | undefined>, timers: Timers, what: string) =>
  Effect.gen(function*() {
    yield* eventually(
      connections(port),
      ({ open }) => [...inFlight].every((p) => !open.has(p)),
      `${what}: the connection of the aborted request is closed`
    )
    yield* eventually(Effect.sync(timers.pending), (n) => n === 0, `${what}: every timer fired or cleared`)
  })

/**
 * Forks `effect` under a fiber supervisor, waits until the emulator logs its request as pending, interrupts it,
 * and checks the exit, the emulator's log, fibers, timers and sockets.
 */
const interruptMidRequest = <A, E>(
  name: string,
  effect: Effect.Effect<A, E, Services>,
  route: { readonly method: string; readonly path: string },
  options: {
    readonly apiVersion?: string | undefined
    /** Requests of the route answered before the one interrupted. */
    readonly answeredBefore?: number
  } = {}
) =>
  Effect.gen(function*() {
    const { emulator, url } = yield* Loopback
    const matching = (log: ReadonlyArray<RecordedRequest>) =>
      log.filter((r) => r.method === route.method && r.path === route.path)
    const timers = yield* trackTimers
    const supervisor = yield* Supervisor.track
    const fiber = yield* effect.pipe(
      withClient(options.apiVersion === undefined ? {} : { apiVersion: options.apiVersion }),
      Effect.supervised(supervisor),
      Effect.fork
    )
    yield* eventually(emulator.requests, (log) => matching(log).some((r) => r.outcome === "pending"), `${name} sent`)
    const inFlight = (yield* connections(portOf(url))).busy
    assert.strictEqual(inFlight.size, 1, `${name}: one connection carries the request`)
    assert.isAtLeast(timers.pending(), 2, `${name}: the attempt's timeout and the emulator's latency are pending`)
    const exit = yield* Fiber.interrupt(fiber)
    assert.isTrue(Exit.isInterrupted(exit), `${name}: the fiber ends interrupted`)
    const log = yield* eventually(
      emulator.requests,
      (log) => matching(log).every((r) => r.outcome !== "pending"),
      `${name}: the emulator notices`
    )
    assert.deepStrictEqual(
      matching(log).map((r): ReadonlyArray<unknown> => [r.outcome, r.aborted, r.status]),
      [
        ...Array.from({ length: options.answeredBefore ?? 0 }, () => ["answered", false, 200]),
        ["aborted", true, undefined]
      ],
      `${name}: the request in flight was aborted`
    )
    assert.strictEqual((yield* supervisor.value).length, 0, `${name}: no fiber left`)
    yield* settles(portOf(url), inFlight, timers, name)
    return log
  })

loopbackSuite("Interrupting a call over the loopback emulator", {}, (test) => {
  test("every operation: the request is aborted, nothing acted on, no fiber, timer or socket left", () =>
    Effect.gen(function*() {
      for (const op of operations) {
        const { emulator } = yield* fresh
        const prepared = yield* op.prepare.pipe(withClient(), Effect.orDie)
        const sessionsBefore = yield* emulator.sessions
        const ticketsBefore = yield* emulator.signInTokens
        yield* emulator.injectFault(Fault.latency("10 seconds", at(prepared)))
        yield* interruptMidRequest(op.name, prepared.run, prepared, { apiVersion: prepared.apiVersion })
        // nothing was processed: no creation, no revocation, no token activity
        assert.deepStrictEqual(yield* emulator.sessions, sessionsBefore, op.name)
        assert.deepStrictEqual(yield* emulator.signInTokens, ticketsBefore, op.name)
        // the latency fault was consumed by the aborted request, so the emulator is idle again
        assert.deepStrictEqual(yield* emulator.pendingFaults, [], op.name)
      }
      // twelve aborted requests left no more than undici's fresh idle connections behind (one per abort at worst
      // if they raced; in practice one or two, reused by the next request)
      const { url } = yield* Loopback
      const open = yield* connections(portOf(url))
      assert.strictEqual(open.busy.size, 0, "no connection carries a request")
      assert.isAtMost(open.open.size, 2, `open connections after ${operations.length} interruptions`)
    }))

  test("interrupting a Retry-After wait: no further attempt, the wait's timer is cleared", () =>
    Effect.gen(function*() {
      const { emulator, url } = yield* fresh
      const [session] = yield* emulator.sessions
      const timers = yield* trackTimers
      yield* emulator.injectFault(Fault.status(429, { retryAfter: 10, method: "GET", path: "/v1/sessions/:id" }))
      const supervisor = yield* Supervisor.track
      const fiber = yield* Sessions.get(session!.id).pipe(withClient(), Effect.supervised(supervisor), Effect.fork)
      yield* eventually(emulator.requests, (log) => log[0]?.status === 429, "the 429")
      yield* Effect.sleep("50 millis")
      assert.isAtLeast(timers.pending(), 1, "the Retry-After wait is a timer")
      assert.strictEqual((yield* connections(portOf(url))).busy.size, 0, "no request in flight during the wait")
      const start = performance.now()
      const exit = yield* Fiber.interrupt(fiber)
      assert.isBelow(performance.now() - start, 500, "interrupting the wait is immediate")
      assert.isTrue(Exit.isInterrupted(exit))
      yield* Effect.sleep("200 millis")
      assert.strictEqual((yield* emulator.requests).length, 1, "no retry after the interruption")
      assert.strictEqual((yield* supervisor.value).length, 0)
      yield* settles(portOf(url), new Set(), timers, "Retry-After wait")
    }))

  test("interrupting listAll while its second page is in flight aborts that page's request", () =>
    Effect.gen(function*() {
      const { emulator } = yield* fresh
      const slow = Fault.latency("10 seconds", { method: "GET", path: "/v1/sessions" })
      const pages = Sessions.listAll({ userId, pageSize: 2 }).pipe(
        // once the first page is in (its first session pulled), make the next request slow
        Stream.zipWithIndex,
        Stream.tap(([, index]) => index === 0 ? emulator.injectFault(slow) : Effect.void),
        Stream.runCollect
      )
      yield* interruptMidRequest("Sessions.listAll", pages, { method: "GET", path: "/v1/sessions" }, {
        answeredBefore: 1
      })
      const log = yield* emulator.requests
      assert.deepStrictEqual(log.map((r) => r.query.offset), ["0", "2"], "the second page was the one aborted")
    }))

  test("a caller's own timeout interrupts the request the same way", () =>
    Effect.gen(function*() {
      const { emulator, url } = yield* fresh
      const before = yield* modelCounts
      const port = portOf(url)
      const timers = yield* trackTimers
      yield* emulator.injectFault(Fault.latency("10 seconds", { method: "POST", path: "/v1/sessions" }))
      const start = performance.now()
      const call = yield* Effect.fork(
        Sessions.create({ userId }).pipe(withClient(), Effect.timeout("300 millis"), Effect.flip)
      )
      yield* eventually(emulator.requests, (log) => log[0]?.outcome === "pending", "the request")
      const inFlight = (yield* connections(port)).busy
      assert.strictEqual(inFlight.size, 1)
      const error = yield* Fiber.join(call)
      assert.strictEqual(error._tag, "TimeoutException")
      assert.isBelow(performance.now() - start, 1500)
      const [entry] = yield* eventually(emulator.requests, (log) => log[0]?.outcome === "aborted", "the abort")
      assert.isTrue(entry?.aborted)
      assert.deepStrictEqual(yield* modelCounts, before, "no session created")
      yield* settles(port, inFlight, timers, "caller timeout")
    }))
})
