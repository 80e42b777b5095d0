import { assert, describe, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"
import * as ClerkWebhookGuard from "../../src/services/ClerkWebhookGuard.js"
import * as ClerkWebhooksRedis from "../../src/services/ClerkWebhooksRedis.js"
import { redisServer } from "../support/RedisServer.js"

const guardOf = (layer: Layer.Layer<ClerkWebhookGuard.ClerkWebhookGuard>) =>
  Effect.map(Layer.build(layer), Context.get(ClerkWebhookGuard.ClerkWebhookGuard))

/** The behaviour every store gives: `guards` are two processes sharing the store (or one, twice, for memory). */
const contract = (
  guards: Effect.Effect<readonly [ClerkWebhookGuard.Service, ClerkWebhookGuard.Service], never, any>
) => {
  it.scoped("runs a delivery once; a repeat is dropped (None), wherever it arrives", () =>
    Effect.gen(function*() {
      const [a, b] = yield* guards
      const runs = yield* Ref.make(0)
      const handle = Ref.updateAndGet(runs, (n) => n + 1)
      assert.deepStrictEqual(yield* a.once("msg_once", handle), Option.some(1))
      assert.deepStrictEqual(yield* a.once("msg_once", handle), Option.none())
      assert.deepStrictEqual(yield* b.once("msg_once", handle), Option.none())
      assert.strictEqual(yield* Ref.get(runs), 1)
    }))

  it.scoped("a failed or interrupted handler gives the id back, so Svix's retry runs it", () =>
    Effect.gen(function*() {
      const [a, b] = yield* guards
      const failed = yield* Effect.flip(a.once("msg_fail", Effect.fail("boom")))
      assert.strictEqual(failed, "boom")
      assert.deepStrictEqual(yield* b.once("msg_fail", Effect.succeed("ran")), Option.some("ran"))
      const started = yield* Deferred.make<void>()
      const fiber = yield* Effect.fork(
        a.once("msg_interrupt", Effect.zipRight(Deferred.succeed(started, undefined), Effect.never))
      )
      yield* Deferred.await(started)
      yield* Fiber.interrupt(fiber)
      assert.deepStrictEqual(yield* b.once("msg_interrupt", Effect.succeed("ran")), Option.some("ran"))
    }))

  it.scoped("a delivery arriving while another run of it is under way fails with in-progress", () =>
    Effect.gen(function*() {
      const [a, b] = yield* guards
      const started = yield* Deferred.make<void>()
      const finish = yield* Deferred.make<void>()
      const first = yield* Effect.fork(
        a.once("msg_busy", Deferred.succeed(started, undefined).pipe(Effect.zipRight(Deferred.await(finish))))
      )
      yield* Deferred.await(started)
      const error = yield* Effect.flip(b.once("msg_busy", Effect.void))
      assert.strictEqual(error.reason, "in-progress")
      assert.strictEqual(error.svixId, "msg_busy")
      yield* Deferred.succeed(finish, undefined)
      assert.isTrue(Option.isSome(yield* Fiber.join(first)))
    }))
}

describe("ClerkWebhookGuard in memory", () => {
  contract(Effect.map(guardOf(ClerkWebhookGuard.layerMemory()), (guard) => [guard, guard] as const))

  it.effect("forgets a handled id after its retention, and the oldest ids past its capacity", () =>
    Effect.gen(function*() {
      const guard = yield* guardOf(ClerkWebhookGuard.layerMemory({ retention: "1 hour", capacity: 2 }))
      yield* guard.once("msg_1", Effect.void)
      yield* TestClock.adjust("59 minutes")
      assert.isTrue(Option.isNone(yield* guard.once("msg_1", Effect.void)))
      yield* TestClock.adjust("2 minutes")
      assert.isTrue(Option.isSome(yield* guard.once("msg_1", Effect.void)))
      yield* guard.once("msg_2", Effect.void)
      yield* guard.once("msg_3", Effect.void)
      assert.isTrue(Option.isNone(yield* guard.once("msg_3", Effect.void)))
      assert.isTrue(Option.isSome(yield* guard.once("msg_1", Effect.void)))
    }).pipe(Effect.scoped))

  it.effect("a lease ends: a run that never finished does not block its retries forever", () =>
    Effect.gen(function*() {
      const guard = yield* guardOf(ClerkWebhookGuard.layerMemory({ lease: "1 minute" }))
      yield* Effect.fork(guard.once("msg_stuck", Effect.never))
      yield* Effect.yieldNow()
      assert.strictEqual((yield* Effect.flip(guard.once("msg_stuck", Effect.void))).reason, "in-progress")
      yield* TestClock.adjust("61 seconds")
      assert.isTrue(Option.isSome(yield* guard.once("msg_stuck", Effect.void)))
    }).pipe(Effect.scoped))
})

describe("ClerkWebhookGuard over Redis (real redis-server)", () => {
  const layerFor = (port: number) =>
    ClerkWebhooksRedis.layerRedis({ redis: { port, host: "127.0.0.1" }, prefix: `test:${Math.random()}:` })

  contract(Effect.gen(function*() {
    const server = yield* redisServer
    const prefix = `test:${Math.random()}:`
    const layer = () => ClerkWebhooksRedis.layerRedis({ redis: { port: server.port, host: "127.0.0.1" }, prefix })
    return [yield* guardOf(layer()), yield* guardOf(layer())] as const
  }))

  it.scoped("Redis down: the delivery fails with store-unavailable and the handler does not run", () =>
    Effect.gen(function*() {
      const server = yield* redisServer
      const guard = yield* guardOf(layerFor(server.port))
      yield* Effect.promise(() => server.stop())
      const runs = yield* Ref.make(0)
      const error = yield* Effect.flip(guard.once("msg_down", Ref.update(runs, (n) => n + 1)))
      assert.strictEqual(error.reason, "store-unavailable")
      assert.strictEqual(yield* Ref.get(runs), 0)
    }))
})
