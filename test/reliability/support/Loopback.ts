/**
 * Reliability tests run the production client (test/support/Transport.ts; real sockets) against the emulator served on
 * 127.0.0.1. One emulator per test file (its RSA key takes a while to make); every test starts from `reset`.
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import {
  Cause,
  Context,
  Duration,
  Effect,
  Exit,
  Layer,
  ManagedRuntime,
  Option,
  Redacted,
  Schedule,
  type Scope,
  Stream
} from "effect"
import * as Net from "node:net"
import * as ClerkEmulator from "../../../src/emulator/ClerkEmulator.js"
import type * as Fault from "../../../src/emulator/Fault.js"
import type { RecordedRequest } from "../../../src/emulator/RequestLog.js"
import type { ClerkError } from "../../../src/index.js"
import { ClerkConfig, Sessions, SignInTokens } from "../../../src/index.js"
import type { Services as ClientServices } from "../../../src/layers/ClerkLive.js"
import { liveLayer } from "../../support/Transport.js"

/** The client services. */
export type Services = ClientServices

/** An emulator and where it listens. */
export interface LoopbackService {
  readonly emulator: ClerkEmulator.Handle
  readonly url: string
}

export class Loopback extends Context.Tag("test/reliability/Loopback")<Loopback, LoopbackService>() {}

/** A new emulator (on the live clock of whoever builds the layer) served on an ephemeral loopback port. */
export const loopbackLayer = (options: ClerkEmulator.Options = {}): Layer.Layer<Loopback> =>
  Layer.scoped(
    Loopback,
    Effect.gen(function*() {
      const emulator = yield* ClerkEmulator.make(options)
      const { url } = yield* ClerkEmulator.listen(emulator, { port: 0 })
      return { emulator, url }
    }).pipe(Effect.orDie)
  )

/** A test of a loopback suite: live clock, the suite's emulator in context, a scope closed at its end. */
export type LoopbackTest = (
  name: string,
  self: () => Effect.Effect<unknown, unknown, Loopback | Scope.Scope>,
  timeout?: number
) => void

/**
 * A suite sharing one loopback emulator (built before its first test, closed after its last), on the live clock.
 *
 * Not `layer(...)` of @effect/vitest: that assigns the layer's runner to the module-wide `it.effect` and
 * `it.scoped`, so with `isolate: false` (vitest.config.ts) the top-level `it.effect` of files that run later in the
 * same worker would run inside this suite's runtime, without the TestClock.
 */
export const loopbackSuite = (
  name: string,
  options: ClerkEmulator.Options,
  body: (test: LoopbackTest) => void
) =>
  describe(name, () => {
    const runtime = ManagedRuntime.make(loopbackLayer(options))
    afterAll(() => runtime.dispose())
    body((title, self, timeout) =>
      it.live(
        title,
        () => Effect.flatMap(runtime.runtimeEffect, (rt) => Effect.provide(Effect.scoped(self()), rt)),
        timeout
      )
    )
  })

/** A fast retry schedule: 2 retries, 10 ms apart (so 3 attempts at most). */
export const fastRetry = Schedule.spaced("10 millis").pipe(Schedule.intersect(Schedule.recurs(2)))

/** Attempts made under {@link fastRetry}. */
export const fastAttempts = 3

/** Client settings of a test (the secret key and URL default to the emulator's). */
export type ClientOptions = Partial<ClerkConfig.Options>

/** The production layer (Transport.ts) configured for the loopback emulator (fast retries unless told otherwise). */
export const clientLayer = (
  service: LoopbackService,
  options: ClientOptions = {}
): Layer.Layer<Services | ClerkConfig.ClerkConfig> =>
  liveLayer.pipe(
    Layer.provideMerge(
      ClerkConfig.layer({
        secretKey: service.emulator.secretKey,
        apiUrl: service.url,
        retry: fastRetry,
        rateLimit: false, // hundreds of requests per suite; the limit has its own tests
        ...options
      })
    ),
    Layer.orDie
  )

/** Runs a client effect against the loopback emulator. */
export const withClient = (options: ClientOptions = {}) => <A, E>(effect: Effect.Effect<A, E, Services>) =>
  Effect.flatMap(Loopback, (service) => Effect.provide(effect, clientLayer(service, options)))

/** The loopback service, reset (seed, log, faults) for a new test. */
export const fresh = Effect.tap(Loopback, ({ emulator }) => emulator.reset)

/** An operation ready to run: where it goes (to target faults) and the call. */
export interface Prepared {
  readonly method: "GET" | "POST"
  readonly path: string
  readonly run: Effect.Effect<unknown, ClerkError, Services>
  /** A `Clerk-API-Version` to run with (verify is gone from the default one). */
  readonly apiVersion?: string
  /** The session or sign-in token it acts on, to check the model. */
  readonly target?: string
}

/** One client operation, how to set it up, and what the contract says about it. */
export interface Op {
  readonly name: string
  readonly idempotent: boolean
  /** What a successful call adds to the emulator's model. */
  readonly creates?: "session" | "signInToken" | undefined
  /** A required wire field of its 2xx answer. */
  readonly requiredField: string
  /** Whether its answer has an enum `status` (sessions, sign-in tokens). */
  readonly hasStatus: boolean
  /** Sets up what it needs through the client (no faults pending), then gives the call. */
  readonly prepare: Effect.Effect<Prepared, ClerkError, Services>
}

export const userId = ClerkEmulator.seededUserId(0)

const newSession = Effect.map(Sessions.create({ userId }), (session) => session.id)
const newToken = (sessionId: string) => Effect.map(Sessions.createToken(sessionId), (token) => token.jwt)

/** Every operation of the client (refresh in both formats). */
export const operations: ReadonlyArray<Op> = [
  {
    name: "Sessions.list",
    idempotent: true,
    requiredField: "total_count",
    hasStatus: true,
    prepare: Effect.succeed({ method: "GET", path: "/v1/sessions", run: Sessions.list({ userId, limit: 10 }) })
  },
  {
    name: "Sessions.listAll",
    idempotent: true,
    requiredField: "total_count",
    hasStatus: true,
    prepare: Effect.succeed({
      method: "GET",
      path: "/v1/sessions",
      run: Stream.runCollect(Sessions.listAll({ userId, pageSize: 500 }))
    })
  },
  {
    name: "Sessions.create",
    idempotent: false,
    creates: "session",
    requiredField: "user_id",
    hasStatus: true,
    prepare: Effect.succeed({ method: "POST", path: "/v1/sessions", run: Sessions.create({ userId }) })
  },
  {
    name: "Sessions.get",
    idempotent: true,
    requiredField: "user_id",
    hasStatus: true,
    prepare: Effect.map(newSession, (id) => ({
      method: "GET",
      path: `/v1/sessions/${id}`,
      run: Sessions.get(id),
      target: id
    }))
  },
  {
    name: "Sessions.refresh (token)",
    idempotent: true,
    requiredField: "jwt",
    hasStatus: false,
    prepare: Effect.gen(function*() {
      const id = yield* newSession
      const expiredToken = yield* newToken(id)
      return {
        method: "POST",
        path: `/v1/sessions/${id}/refresh`,
        run: Sessions.refresh(id, { expiredToken, refreshToken: "refresh_1", requestOrigin: "https://app.example" }),
        target: id
      } as const
    })
  },
  {
    name: "Sessions.refresh (cookie)",
    idempotent: true,
    requiredField: "cookies",
    hasStatus: false,
    prepare: Effect.gen(function*() {
      const id = yield* newSession
      const expiredToken = yield* newToken(id)
      return {
        method: "POST",
        path: `/v1/sessions/${id}/refresh`,
        run: Sessions.refresh(id, {
          expiredToken,
          refreshToken: "refresh_1",
          requestOrigin: "https://app.example",
          format: "cookie"
        }),
        target: id
      } as const
    })
  },
  {
    name: "Sessions.revoke",
    idempotent: true,
    requiredField: "user_id",
    hasStatus: true,
    prepare: Effect.map(newSession, (id) => ({
      method: "POST",
      path: `/v1/sessions/${id}/revoke`,
      run: Sessions.revoke(id),
      target: id
    }))
  },
  {
    name: "Sessions.verify",
    idempotent: true,
    requiredField: "user_id",
    hasStatus: true,
    prepare: Effect.gen(function*() {
      const id = yield* newSession
      const token = yield* newToken(id)
      return {
        method: "POST",
        path: `/v1/sessions/${id}/verify`,
        run: Sessions.verify(id, { token }),
        apiVersion: "2025-01-01",
        target: id
      } as const
    })
  },
  {
    name: "Sessions.createToken",
    idempotent: true,
    requiredField: "jwt",
    hasStatus: false,
    prepare: Effect.map(newSession, (id) => ({
      method: "POST",
      path: `/v1/sessions/${id}/tokens`,
      run: Sessions.createToken(id, { expiresInSeconds: 120 }),
      target: id
    }))
  },
  {
    name: "Sessions.createTokenFromTemplate",
    idempotent: true,
    requiredField: "jwt",
    hasStatus: false,
    prepare: Effect.map(newSession, (id) => ({
      method: "POST",
      path: `/v1/sessions/${id}/tokens/supabase`,
      run: Sessions.createTokenFromTemplate(id, "supabase"),
      target: id
    }))
  },
  {
    name: "SignInTokens.create",
    idempotent: false,
    creates: "signInToken",
    requiredField: "user_id",
    hasStatus: true,
    prepare: Effect.succeed({
      method: "POST",
      path: "/v1/sign_in_tokens",
      run: SignInTokens.create({ userId, expiresInSeconds: 600 })
    })
  },
  {
    name: "SignInTokens.revoke",
    idempotent: true,
    requiredField: "user_id",
    hasStatus: true,
    prepare: Effect.map(SignInTokens.create({ userId }), (ticket) => ({
      method: "POST",
      path: `/v1/sign_in_tokens/${ticket.id}/revoke`,
      run: SignInTokens.revoke(ticket.id),
      target: ticket.id
    }))
  }
]

/** How one operation ended, with the requests the emulator saw for it. */
export interface Outcome {
  readonly op: Op
  readonly prepared: Prepared
  readonly exit: Exit.Exit<unknown, ClerkError>
  readonly millis: number
  readonly requests: ReadonlyArray<RecordedRequest>
}

/** Splits operations into waves in which no two share a method and path (so targeted faults stay apart). */
const waves = <A extends { readonly prepared: Prepared }>(items: ReadonlyArray<A>): Array<Array<A>> => {
  const result: Array<Array<A>> = []
  for (const item of items) {
    const key = `${item.prepared.method} ${item.prepared.path}`
    const wave = result.find((w) => w.every((other) => `${other.prepared.method} ${other.prepared.path}` !== key))
    if (wave === undefined) result.push([item])
    else wave.push(item)
  }
  return result
}

/**
 * Prepares every operation (without faults), forgets those requests, then for each one queues `fault(prepared)`
 * (targeted at its method and path) and runs it with `options`. Operations run concurrently, in waves where no two
 * share a route; each outcome lists the requests of its route during its wave.
 */
export const runAll = (
  ops: ReadonlyArray<Op>,
  fault: (prepared: Prepared, op: Op) => ReadonlyArray<Fault.Fault>,
  options: ClientOptions = {}
): Effect.Effect<ReadonlyArray<Outcome>, never, Loopback> =>
  Effect.gen(function*() {
    const { emulator } = yield* Loopback
    const prepared = yield* Effect.forEach(ops, (op) =>
      op.prepare.pipe(
        withClient(),
        Effect.orDieWith((e) => new Error(`preparing ${op.name}: ${e.message}`)),
        Effect.map((prepared) => ({ op, prepared }))
      ), { concurrency: "unbounded" })
    yield* emulator.clearRequests
    const outcomes: Array<Outcome> = []
    for (const wave of waves(prepared)) {
      const since = Option.match(Option.fromNullable((yield* emulator.requests).at(-1)), {
        onNone: () => -1,
        onSome: (last) => last.sequence
      })
      const results = yield* Effect.forEach(wave, ({ op, prepared }) =>
        Effect.gen(function*() {
          for (const f of fault(prepared, op)) yield* emulator.injectFault(f)
          const start = performance.now()
          const exit = yield* Effect.exit(
            prepared.run.pipe(
              withClient(prepared.apiVersion === undefined ? options : { ...options, apiVersion: prepared.apiVersion })
            )
          )
          return { op, prepared, exit, millis: performance.now() - start }
        }), { concurrency: "unbounded" })
      yield* emulator.clearFaults
      const log = yield* emulator.requests
      for (const result of results) {
        outcomes.push({
          ...result,
          requests: log.filter((r) =>
            r.sequence > since && r.method === result.prepared.method && r.path === result.prepared.path
          )
        })
      }
    }
    return outcomes
  })

/** A fault's target: exactly this operation's route. */
export const at = (prepared: Prepared, times = 1) => ({ method: prepared.method, path: prepared.path, times })

/** The typed failure of an exit, asserting it is one (not a defect or an interruption). */
export const failureOf = (exit: Exit.Exit<unknown, ClerkError>, what: string): ClerkError => {
  if (Exit.isSuccess(exit)) return assert.fail(`${what}: expected a failure, got a success`)
  const failure = Cause.failureOption(exit.cause)
  if (Option.isNone(failure) || !Cause.isFailType(exit.cause)) {
    return assert.fail(`${what}: expected one typed failure, got ${Cause.pretty(exit.cause)}`)
  }
  return failure.value
}

/** Asserts an exit is a success. */
export const assertSuccess = (exit: Exit.Exit<unknown, ClerkError>, what: string) => {
  if (Exit.isFailure(exit)) assert.fail(`${what}: expected a success, got ${Cause.pretty(exit.cause)}`)
}

/** Counts of the emulator's model. */
export const modelCounts = Effect.flatMap(Loopback, ({ emulator }) =>
  Effect.all({
    sessions: Effect.map(emulator.sessions, (s) => s.length),
    signInTokens: Effect.map(emulator.signInTokens, (s) => s.length)
  }))

/** A loopback port nothing listens on (bound, then closed). */
export const closedPort = Effect.async<number>((resume) => {
  const server = Net.createServer()
  server.listen({ port: 0, host: "127.0.0.1" }, () => {
    const { port } = server.address() as Net.AddressInfo
    server.close(() => resume(Effect.succeed(port)))
  })
})

/** Milliseconds of a duration. */
export const millis = (duration: Duration.DurationInput) => Duration.toMillis(Duration.decode(duration))

/** Waits in real time until `effect` gives a value satisfying `predicate` (at most ~3 s). */
export const eventually = <A, E, R>(effect: Effect.Effect<A, E, R>, predicate: (a: A) => boolean, what: string) =>
  Effect.gen(function*() {
    for (let i = 0; i < 300; i++) {
      const value = yield* effect
      if (predicate(value)) return value
      yield* Effect.sleep("10 millis")
    }
    return yield* Effect.dieMessage(`timed out waiting for ${what}`)
  })

/** A secret key for clients that must be refused (`Unauthorized`); tests assert it never leaks either. */
export const wrongKey = Redacted.make("sk_test_WRONG_KEY_0123456789abcdef")
