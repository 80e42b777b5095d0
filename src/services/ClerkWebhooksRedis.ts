/**
 * The webhook guard's store in Redis, for a fleet: every process sees which deliveries were handled, so a retry
 * that reaches another process is dropped too. Its own entry point, so that `ioredis` (an optional peer) is loaded
 * only by those who import it.
 *
 * ```ts
 * import * as ClerkWebhooksRedis from "effect-clerk/ClerkWebhooksRedis"
 * const GuardLive = ClerkWebhooksRedis.layerRedis({ redis: { host: "redis.internal" } })
 * ```
 *
 * One key per delivery, `prefix` + `svix-id`: `in-progress` while a run holds it (expiring with the lease, so a
 * crashed run does not block its retries forever), `handled` for the retention. The claim is one Lua script, so
 * two processes never both get `new`. A Redis that does not answer within `timeout` fails the delivery with
 * `store-unavailable` (answer 503: Svix retries), never runs it unguarded.
 *
 * @since 0.4.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { Redis, type RedisOptions } from "ioredis"
import * as ClerkWebhookGuard from "./ClerkWebhookGuard.js"

/**
 * Options of `layerRedis`.
 *
 * @since 0.4.0
 * @category models
 */
export interface Options extends ClerkWebhookGuard.Options, StoreOptions {
  /** ioredis options (host, port, username, password, db, tls…). Default 127.0.0.1:6379. */
  readonly redis?: RedisOptions | undefined
}

/**
 * Options of `makeStore`.
 *
 * @since 0.4.0
 * @category models
 */
export interface StoreOptions {
  /** Prefix of the keys (default `effect-clerk:webhook:`). */
  readonly prefix?: string | undefined
  /** How long one Redis call may take (default 1 second). */
  readonly timeout?: Duration.DurationInput | undefined
}

const claimScript = `local state = redis.call("GET", KEYS[1])
if state then return state end
redis.call("SET", KEYS[1], "in-progress", "PX", ARGV[1])
return "new"`

const releaseScript = `if redis.call("GET", KEYS[1]) == "in-progress" then redis.call("DEL", KEYS[1]) end
return 0`

/**
 * A store over an ioredis client (yours: it is not closed here).
 *
 * @since 0.4.0
 * @category constructors
 */
export const makeStore = (redis: Redis, options: StoreOptions = {}): ClerkWebhookGuard.Store => {
  const prefix = options.prefix ?? "effect-clerk:webhook:"
  const timeout = Duration.decode(options.timeout ?? "1 second")
  const call = <A>(id: string, command: () => Promise<A>) =>
    Effect.tryPromise({
      try: command,
      catch: () => new ClerkWebhookGuard.WebhookGuardError({ reason: "store-unavailable", svixId: id })
    }).pipe(
      Effect.timeoutFail({
        duration: timeout,
        onTimeout: () => new ClerkWebhookGuard.WebhookGuardError({ reason: "store-unavailable", svixId: id })
      })
    )
  return {
    claim: (id, lease) =>
      Effect.map(
        call(id, () => redis.eval(claimScript, 1, prefix + id, Math.max(1, Duration.toMillis(lease)))),
        (state): ClerkWebhookGuard.Claim => state === "handled" ? "handled" : state === "new" ? "new" : "in-progress"
      ),
    complete: (id, retention) =>
      Effect.asVoid(call(id, () => redis.set(prefix + id, "handled", "PX", Math.max(1, Duration.toMillis(retention))))),
    release: (id) => Effect.asVoid(call(id, () => redis.eval(releaseScript, 1, prefix + id)))
  }
}

/**
 * The guard over Redis: a new ioredis client, closed with the layer. Waits up to `timeout` for the first
 * connection; until Redis answers, deliveries fail with `store-unavailable`.
 *
 * @since 0.4.0
 * @category layers
 */
export const layerRedis = (options: Options = {}): Layer.Layer<ClerkWebhookGuard.ClerkWebhookGuard> =>
  Layer.scoped(
    ClerkWebhookGuard.ClerkWebhookGuard,
    Effect.gen(function*() {
      const redis = yield* Effect.acquireRelease(
        Effect.sync(() => {
          const redis = new Redis({ maxRetriesPerRequest: 1, enableOfflineQueue: false, ...options.redis })
          // connection errors surface as store-unavailable on each call; without a listener ioredis prints them
          redis.on("error", () => undefined)
          return redis
        }),
        (redis) => Effect.sync(() => redis.disconnect())
      )
      yield* Effect.async<void>((resume) => {
        if (redis.status === "ready") return resume(Effect.void)
        const ready = () => resume(Effect.void)
        redis.once("ready", ready)
        return Effect.sync(() => redis.off("ready", ready))
      }).pipe(Effect.timeout(options.timeout ?? "1 second"), Effect.ignore)
      return ClerkWebhookGuard.make(makeStore(redis, options), options)
    })
  )
