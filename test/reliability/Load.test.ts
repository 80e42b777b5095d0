/**
 * Load: 64 concurrent fibers run a random mix of every operation through the production layer (Transport.ts; real sockets) against
 * the loopback emulator, which answers ~5% of the requests with 503 and some with 429 (`Retry-After: 0`). Every
 * operation must end in success or one of its documented errors, the emulator's model must match what the client
 * reported, and the heap must stay flat. Prints its figures.
 */
import { assert } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Schedule, Stream } from "effect"
import * as v8 from "node:v8"
import * as vm from "node:vm"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import * as Fault from "../../src/emulator/Fault.js"
import type { ClerkError } from "../../src/index.js"
import { ClerkConfig, Sessions, SignInTokens } from "../../src/index.js"
import { liveLayer } from "../support/Transport.js"
import { Loopback, loopbackSuite, type Services } from "./support/Loopback.js"

const concurrency = 64
const warmUpMillis = 500
const runMillis = 3_000
const faultRate = { status503: 0.05, status429: 0.01 }
const seed = { users: 8, sessionsPerUser: 4, signInTokensPerUser: 1 }

/** A small seeded PRNG (mulberry32), so a failing run can be replayed. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** `global.gc` without `--expose-gc` on the command line (vitest's workers are not started with it). */
let gc: (() => void) | undefined

/** The heap in use after full collections. */
const heapUsed = () => {
  if (gc === undefined) {
    v8.setFlagsFromString("--expose-gc")
    gc = vm.runInNewContext("gc") as () => void
  }
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

/** What the client reported, to compare with the emulator's model at the end. */
interface Ledger {
  readonly sessions: Array<string>
  readonly tokens: Map<string, string>
  readonly createdSessions: Array<string>
  readonly revokedSessions: Set<string>
  readonly pendingTickets: Array<string>
  readonly createdTickets: Array<string>
  readonly revokedTickets: Set<string>
}

type Operation =
  | "Sessions.list"
  | "Sessions.listAll"
  | "Sessions.create"
  | "Sessions.get"
  | "Sessions.refresh"
  | "Sessions.revoke"
  | "Sessions.verify"
  | "Sessions.createToken"
  | "Sessions.createTokenFromTemplate"
  | "SignInTokens.create"
  | "SignInTokens.revoke"

const common = ["InvalidInput", "Unauthorized", "RateLimited", "ClerkApiError", "UnexpectedResponse", "TransportError"]

/** The documented error tags of each operation (docs/retries-and-errors.md). */
const documented: Record<Operation, ReadonlyArray<string>> = {
  "Sessions.list": common,
  "Sessions.listAll": common,
  "Sessions.refresh": common,
  "Sessions.create": [...common, "NotFound"],
  "Sessions.get": [...common, "NotFound"],
  "Sessions.revoke": [...common, "NotFound"],
  "Sessions.createToken": [...common, "NotFound"],
  "Sessions.createTokenFromTemplate": [...common, "NotFound"],
  "Sessions.verify": [...common, "NotFound", "Gone"],
  "SignInTokens.create": [...common, "NotFound"],
  "SignInTokens.revoke": [...common, "NotFound"]
}

const templates = ["test", "supabase", "convex"]

/** One random operation over the ledger's sessions and tickets; records what succeeded. */
const randomOperation = (
  random: () => number,
  ledger: Ledger,
  legacy: <A, E>(effect: Effect.Effect<A, E, Services>) => Effect.Effect<A, E>
): [Operation, Effect.Effect<unknown, ClerkError, Services>] => {
  const pick = <A>(items: ReadonlyArray<A>): A => items[Math.floor(random() * items.length)] as A
  const user = ClerkEmulator.seededUserId(Math.floor(random() * seed.users))
  const session = pick(ledger.sessions)
  const tokenOf = [...ledger.tokens.keys()]
  const roll = random()
  if (roll < 0.14) return ["Sessions.list", Sessions.list({ userId: user, limit: 1 + Math.floor(random() * 20) })]
  if (roll < 0.2) return ["Sessions.listAll", Stream.runCount(Sessions.listAll({ userId: user, pageSize: 4 }))]
  if (roll < 0.3) {
    return [
      "Sessions.create",
      Effect.tap(Sessions.create({ userId: user }), (s) => {
        ledger.createdSessions.push(s.id)
        ledger.sessions.push(s.id)
      })
    ]
  }
  if (roll < 0.44) return ["Sessions.get", Sessions.get(session)]
  if (roll < 0.54 && tokenOf.length > 0) {
    const id = pick(tokenOf)
    const params = { expiredToken: ledger.tokens.get(id)!, refreshToken: "r", requestOrigin: "https://app.example" }
    return [
      "Sessions.refresh",
      random() < 0.5 ? Sessions.refresh(id, params) : Sessions.refresh(id, { ...params, format: "cookie" })
    ]
  }
  if (roll < 0.6) {
    // revoke mostly sessions created during the run, so that seeded ones stay active for the others
    const id = random() < 0.8 && ledger.createdSessions.length > 0 ? pick(ledger.createdSessions) : session
    return ["Sessions.revoke", Effect.tap(Sessions.revoke(id), (s) => ledger.revokedSessions.add(s.id))]
  }
  if (roll < 0.66 && tokenOf.length > 0) {
    const id = pick(tokenOf)
    return ["Sessions.verify", legacy(Sessions.verify(id, { token: ledger.tokens.get(id)! }))]
  }
  if (roll < 0.78) {
    return [
      "Sessions.createToken",
      Effect.tap(Sessions.createToken(session), (t) => ledger.tokens.set(session, t.jwt))
    ]
  }
  if (roll < 0.84) {
    return ["Sessions.createTokenFromTemplate", Sessions.createTokenFromTemplate(session, pick(templates))]
  }
  if (roll < 0.93 || ledger.pendingTickets.length === 0) {
    return [
      "SignInTokens.create",
      Effect.tap(SignInTokens.create({ userId: user, expiresInSeconds: 600 }), (t) => {
        ledger.createdTickets.push(t.id)
        ledger.pendingTickets.push(t.id)
      })
    ]
  }
  const ticket = ledger.pendingTickets.splice(Math.floor(random() * ledger.pendingTickets.length), 1)[0]!
  return ["SignInTokens.revoke", Effect.tap(SignInTokens.revoke(ticket), (t) => ledger.revokedTickets.add(t.id))]
}

loopbackSuite("Load", { seed, requestLogLimit: 200 }, (test) => {
  test(
    `${concurrency} concurrent mixed operations with 5% 503s and some 429s: typed outcomes, a consistent model, a flat heap`,
    () =>
      Effect.gen(function*() {
        const service = yield* Loopback
        const { emulator, url } = service
        yield* emulator.reset
        const random = prng(20261125)
        let failedAttempts = 0
        const retry = Schedule.spaced("5 millis").pipe(
          Schedule.intersect(Schedule.recurs(4)),
          Schedule.tapInput(() => Effect.sync(() => failedAttempts++))
        )
        const client = (apiVersion?: string) =>
          liveLayer.pipe(
            Layer.provide(ClerkConfig.layer({
              secretKey: emulator.secretKey,
              apiUrl: url,
              retry,
              rateLimit: false,
              ...(apiVersion === undefined ? {} : { apiVersion })
            })),
            Layer.orDie
          )
        const main = yield* Layer.build(client())
        const legacyContext = yield* Layer.build(client("2025-01-01"))
        const legacy = <A, E>(effect: Effect.Effect<A, E, Services>) => Effect.provide(effect, legacyContext)

        const seeded = yield* emulator.sessions
        const seededTickets = yield* emulator.signInTokens
        const ledger: Ledger = {
          sessions: seeded.filter((s) => s.status === "active").map((s) => s.id),
          tokens: new Map(),
          createdSessions: [],
          revokedSessions: new Set(),
          pendingTickets: [],
          createdTickets: [],
          revokedTickets: new Set()
        }

        const outcomes = new Map<string, number>()
        const problems: Array<string> = []
        const injected = { status503: 0, status429: 0 }
        let operations = 0
        let failedOperations = 0
        let failedByFault = 0

        const runOne = Effect.suspend(() => {
          const r = random()
          const fault = r < faultRate.status503
            ? (injected.status503++, Fault.status(503))
            : r < faultRate.status503 + faultRate.status429
            ? (injected.status429++, Fault.status(429, { retryAfter: 0 }))
            : undefined
          const [name, effect] = randomOperation(random, ledger, legacy)
          return Effect.zipRight(
            fault === undefined ? Effect.void : emulator.injectFault(fault),
            Effect.exit(effect)
          ).pipe(Effect.map((exit) => {
            operations++
            if (Exit.isSuccess(exit)) {
              outcomes.set(`${name} ok`, (outcomes.get(`${name} ok`) ?? 0) + 1)
              return
            }
            failedOperations++
            if (!Cause.isFailType(exit.cause)) {
              problems.push(`${name}: not a typed failure: ${Cause.pretty(exit.cause)}`)
              return
            }
            const error = exit.cause.error
            const key = `${name} ${error._tag}${"status" in error ? ` ${error.status}` : ""}`
            outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
            if (!documented[name].includes(error._tag)) problems.push(`${name}: undocumented ${error._tag}`)
            if (error._tag === "RateLimited" || (error._tag === "ClerkApiError" && error.status === 503)) {
              failedByFault++
            }
            // under load nothing should time out, break a connection or garble a body
            if (
              error._tag === "TransportError" || error._tag === "UnexpectedResponse" || error._tag === "InvalidInput"
            ) {
              problems.push(`${name}: ${error.message}`)
            }
          }))
        })

        const runFor = (millis: number) =>
          Effect.suspend(() => {
            const deadline = performance.now() + millis
            const worker = Effect.whileLoop({
              while: () => performance.now() < deadline,
              body: () => runOne,
              step: () => undefined
            })
            return Effect.forEach(Array.from({ length: concurrency }), () => worker, { concurrency, discard: true })
          }).pipe(Effect.provide(main))

        const rejections: Array<unknown> = []
        const onRejection = (reason: unknown) => rejections.push(reason)
        process.on("unhandledRejection", onRejection)
        yield* Effect.addFinalizer(() => Effect.sync(() => process.off("unhandledRejection", onRejection)))

        yield* runFor(warmUpMillis)
        const heapBefore = heapUsed()
        const sequenceBefore = (yield* emulator.requests).at(-1)?.sequence ?? -1
        const operationsBefore = operations
        const start = performance.now()
        yield* runFor(runMillis)
        const elapsed = performance.now() - start
        yield* emulator.clearFaults
        // let in-flight rejections (if any) surface
        yield* Effect.sleep("50 millis")
        const heapAfter = heapUsed()
        const requests = ((yield* emulator.requests).at(-1)?.sequence ?? -1) + 1
        const pendingFaults = (yield* emulator.pendingFaults).reduce((n, p) => n + p.remaining, 0)
        const consumedFaults = injected.status503 + injected.status429 - pendingFaults
        const retries = failedAttempts - failedOperations

        const figures = {
          concurrency,
          operations,
          measuredOperations: operations - operationsBefore,
          measuredSeconds: +(elapsed / 1000).toFixed(2),
          opsPerSecond: Math.round((operations - operationsBefore) / (elapsed / 1000)),
          requests,
          requestsDuringMeasure: requests - 1 - sequenceBefore,
          injected,
          consumedFaults,
          retries,
          failedOperations,
          heapBefore: mb(heapBefore),
          heapAfter: mb(heapAfter),
          heapGrowth: mb(heapAfter - heapBefore),
          createdSessions: ledger.createdSessions.length,
          revokedSessions: ledger.revokedSessions.size,
          createdSignInTokens: ledger.createdTickets.length,
          revokedSignInTokens: ledger.revokedTickets.size
        }
        console.log(`load figures ${JSON.stringify(figures, null, 2)}`)
        console.log(
          `load outcomes ${
            JSON.stringify(Object.fromEntries([...outcomes].sort(([a], [b]) => a.localeCompare(b))), null, 2)
          }`
        )

        assert.deepStrictEqual(problems, [], "every operation ends in success or a documented typed error")
        assert.deepStrictEqual(rejections, [], "no unhandled rejections")
        // a 2-CPU CI box shared with other jobs does ~100 ops/s here; a laptop, several times that
        assert.isAtLeast(operations, 2 * concurrency, "the run did a meaningful amount of work")
        assert.isAbove(injected.status503, 5)
        assert.isAbove(consumedFaults, 0)
        // every injected 503/429 failed one attempt; each was retried unless the call ran out of retries
        assert.strictEqual(retries, consumedFaults - failedByFault, "retries")

        // the model matches what the client reported
        const model = yield* emulator.sessions
        const modelIds = model.map((s) => s.id)
        assert.strictEqual(new Set(modelIds).size, modelIds.length, "no session id twice")
        assert.strictEqual(model.length, seeded.length + ledger.createdSessions.length, "no lost or duplicated create")
        const byId = new Map(model.map((s) => [s.id, s]))
        for (const id of ledger.createdSessions) assert.isTrue(byId.has(id), `created session ${id} exists`)
        for (const id of ledger.revokedSessions) assert.strictEqual(byId.get(id)?.status, "revoked", `${id} revoked`)
        const tickets = yield* emulator.signInTokens
        assert.strictEqual(tickets.length, seededTickets.length + ledger.createdTickets.length, "sign-in tokens")
        const ticketsById = new Map(tickets.map((t) => [t.id, t]))
        for (const id of ledger.createdTickets) assert.isTrue(ticketsById.has(id), `created ticket ${id} exists`)
        for (const id of ledger.revokedTickets) assert.strictEqual(ticketsById.get(id)?.status, "revoked", id)

        // flat heap: the emulator's model grows by what was created (about 1 kB each); the rest must not
        assert.isBelow(heapAfter - heapBefore, 10 * 1024 * 1024, `heap grew ${mb(heapAfter - heapBefore)}`)
      }).pipe(Effect.scoped),
    60_000
  )
})
