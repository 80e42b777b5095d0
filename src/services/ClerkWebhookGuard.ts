/**
 * Deliveries repeat: Svix retries one whose answer was lost or late (after 15 s) even when the handler did its
 * work, re-signed with a new timestamp, for up to about 28 hours. `ClerkWebhookGuard.once(id, handle)` runs the
 * handler for a `svix-id` not handled yet and marks it handled only when the handler succeeds, so a failed handler's
 * delivery is retried by Svix and a succeeded one is dropped.
 *
 * The ids live in a `Store`: in memory by default (`layerMemory`: one process), or in Redis for a fleet
 * (`effect-clerk/ClerkWebhooksRedis`). While a delivery is being handled its id is leased, so a retry arriving then
 * fails with `WebhookGuardError` (`in-progress`: answer 409, Svix tries again later) instead of running twice.
 *
 * @since 0.4.0
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

/**
 * What the store knew of an id when it was claimed: `new` (now leased to the caller), `handled`, or `in-progress`
 * (leased to another run).
 *
 * @since 0.4.0
 * @category models
 */
export type Claim = "new" | "handled" | "in-progress"

/**
 * Why a delivery was not handled: `in-progress` (another run of it holds the lease) or `store-unavailable`.
 *
 * @since 0.4.0
 * @category errors
 */
export class WebhookGuardError extends Schema.TaggedError<WebhookGuardError>("effect-clerk/WebhookGuardError")(
  "WebhookGuardError",
  {
    reason: Schema.Literal("in-progress", "store-unavailable"),
    svixId: Schema.String
  }
) {
  override get message(): string {
    return this.reason === "in-progress"
      ? `Webhook delivery ${this.svixId} is being handled already`
      : `Webhook delivery ${this.svixId}: the guard's store did not answer`
  }
}

/**
 * Where handled ids are kept. Every operation may fail with `store-unavailable`.
 *
 * @since 0.4.0
 * @category models
 */
export interface Store {
  /** Claims an id: when `new`, it is leased to the caller for `lease`. */
  readonly claim: (id: string, lease: Duration.Duration) => Effect.Effect<Claim, WebhookGuardError>
  /** Marks a claimed id handled, remembered for `retention`. */
  readonly complete: (id: string, retention: Duration.Duration) => Effect.Effect<void, WebhookGuardError>
  /** Gives a claimed id back (its handler failed), so the next delivery of it runs. */
  readonly release: (id: string) => Effect.Effect<void, WebhookGuardError>
}

/**
 * Settings of the guard.
 *
 * @since 0.4.0
 * @category models
 */
export interface Options {
  /**
   * How long a handled id is remembered (default 48 hours: past Svix's whole retry schedule, about 28 hours, and
   * far past the 5-minute window in which a captured delivery could be replayed as it is).
   */
  readonly retention?: Duration.DurationInput | undefined
  /** How long a run holds its id before another delivery of it may run (default 5 minutes). */
  readonly lease?: Duration.DurationInput | undefined
}

/**
 * The guard.
 *
 * @since 0.4.0
 * @category models
 */
export interface Service {
  /**
   * Runs `handle` unless the delivery `id` was handled already (then `None`); marks it handled when `handle`
   * succeeds, gives it back when `handle` fails or is interrupted.
   */
  readonly once: <A, E, R>(
    id: string,
    handle: Effect.Effect<A, E, R>
  ) => Effect.Effect<Option.Option<A>, E | WebhookGuardError, R>
}

/**
 * The guard service.
 *
 * @since 0.4.0
 * @category tags
 */
export class ClerkWebhookGuard extends Context.Tag("effect-clerk/ClerkWebhookGuard")<ClerkWebhookGuard, Service>() {}

/**
 * The default retention of handled ids: 48 hours.
 *
 * @since 0.4.0
 * @category constants
 */
export const defaultRetention: Duration.Duration = Duration.hours(48)

/**
 * The default lease of a run: 5 minutes.
 *
 * @since 0.4.0
 * @category constants
 */
export const defaultLease: Duration.Duration = Duration.minutes(5)

/**
 * A guard over a store.
 *
 * @since 0.4.0
 * @category constructors
 */
export const make = (store: Store, options: Options = {}): Service => {
  const retention = Duration.decode(options.retention ?? defaultRetention)
  const lease = Duration.decode(options.lease ?? defaultLease)
  return {
    once: <A, E, R>(id: string, handle: Effect.Effect<A, E, R>) =>
      Effect.uninterruptibleMask((restore) =>
        Effect.flatMap(store.claim(id, lease), (claim): Effect.Effect<Option.Option<A>, E | WebhookGuardError, R> => {
          if (claim === "handled") return Effect.succeedNone
          if (claim === "in-progress") return Effect.fail(new WebhookGuardError({ reason: "in-progress", svixId: id }))
          // a store that fails to record the outcome leaves the lease to expire: the next delivery then runs
          return restore(handle).pipe(
            Effect.onExit((exit) =>
              Effect.ignore(Exit.isSuccess(exit) ? store.complete(id, retention) : store.release(id))
            ),
            Effect.map(Option.some)
          )
        })
      )
  }
}

interface Entry {
  readonly state: "handled" | "in-progress"
  readonly expiresAt: number
}

/**
 * A store in this process's memory: at most `capacity` ids (default 100 000), the oldest dropped first, each
 * forgotten when its retention or lease ends. Every operation is synchronous, so a claim is atomic.
 *
 * @since 0.4.0
 * @category constructors
 */
export const makeMemoryStore = (options: { readonly capacity?: number | undefined } = {}): Effect.Effect<Store> =>
  Effect.sync(() => {
    const capacity = Math.max(1, options.capacity ?? 100_000)
    // insertion order: the oldest first; an id is re-inserted when its state changes
    const entries = new Map<string, Entry>()
    const put = (id: string, entry: Entry, now: number) => {
      entries.delete(id)
      entries.set(id, entry)
      for (const [key, value] of entries) {
        if (entries.size <= capacity && value.expiresAt > now) break
        entries.delete(key)
      }
    }
    return {
      claim: (id, lease) =>
        Effect.map(Clock.currentTimeMillis, (now): Claim => {
          const entry = entries.get(id)
          if (entry !== undefined && entry.expiresAt > now) return entry.state
          put(id, { state: "in-progress", expiresAt: now + Duration.toMillis(lease) }, now)
          return "new"
        }),
      complete: (id, retention) =>
        Effect.map(
          Clock.currentTimeMillis,
          (now) => put(id, { state: "handled", expiresAt: now + Duration.toMillis(retention) }, now)
        ),
      release: (id) =>
        Effect.sync(() => {
          if (entries.get(id)?.state === "in-progress") entries.delete(id)
        })
    }
  })

/**
 * A guard over a store of this process's memory (see `makeMemoryStore`).
 *
 * @since 0.4.0
 * @category layers
 */
export const layerMemory = (
  options: Options & { readonly capacity?: number | undefined } = {}
): Layer.Layer<ClerkWebhookGuard> =>
  Layer.effect(ClerkWebhookGuard, Effect.map(makeMemoryStore(options), (store) => make(store, options)))

/**
 * A guard over your own store.
 *
 * @since 0.4.0
 * @category layers
 */
export const layerStore = (store: Store, options: Options = {}): Layer.Layer<ClerkWebhookGuard> =>
  Layer.succeed(ClerkWebhookGuard, make(store, options))

/**
 * Runs `handle` once per delivery id with the `ClerkWebhookGuard` of the context (see `Service.once`).
 *
 * @since 0.4.0
 * @category accessors
 */
export const once = <A, E, R>(
  id: string,
  handle: Effect.Effect<A, E, R>
): Effect.Effect<Option.Option<A>, E | WebhookGuardError, R | ClerkWebhookGuard> =>
  Effect.flatMap(ClerkWebhookGuard, (guard) => guard.once(id, handle))
