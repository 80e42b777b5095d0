/**
 * One emulated Clerk instance: its secret key, signing key, model, pending faults and request log.
 * The HTTP app (`App.ts`) and the public handle (`ClerkEmulator.ts`) share it.
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import type * as Fault from "./Fault.js"
import * as Ids from "./Ids.js"
import * as MachineTokens from "./MachineTokens.js"
import type * as Model from "./Model.js"
import type * as Problem from "./Problem.js"
import * as Quota from "./Quota.js"
import type { RecordedRequest } from "./RequestLog.js"
import * as Seed from "./Seed.js"
import * as Signer from "./Signer.js"
import * as WebhookDelivery from "./WebhookDelivery.js"

/**
 * The state and settings of an emulated instance.
 *
 * @since 0.1.0
 * @category models
 */
export interface Instance {
  readonly secretKey: string
  readonly issuer: string
  readonly accountsUrl: string
  /** Suffix of the suffixed cookies (`__session_<suffix>`), derived from the secret key. */
  readonly cookieSuffix: string
  readonly signer: Signer.Signer
  readonly state: Ref.Ref<Model.State>
  readonly faults: Ref.Ref<ReadonlyArray<Fault.Pending>>
  readonly log: Ref.Ref<ReadonlyArray<RecordedRequest>>
  /** How many recorded requests are kept (the oldest are dropped first). */
  readonly requestLogLimit: number
  /** The web `Request`s a `Reset` fault answered: their transport must drop the connection. */
  readonly resets: WeakSet<object>
  /** The per-key quota, when one is set. */
  readonly quota: Quota.Quota | undefined
  /** Its machine credentials: M2M tokens, API keys, OAuth access tokens. */
  readonly machines: MachineTokens.Store
  /** The `instance_id` of its webhook events (`ins_…`, derived from the secret key). */
  readonly instanceId: string
  /** Webhook deliveries to the configured endpoints. */
  readonly webhooks: WebhookDelivery.Outbox
  /**
   * Sends a webhook event of this type with this `data` (the wire payload of the webhooks description) to every
   * subscribed endpoint, in the background. Routes call it after each state change they make.
   */
  readonly emit: (type: string, data: unknown) => Effect.Effect<void>
}

/**
 * Settings of a new instance.
 *
 * @since 0.1.0
 * @category models
 */
export interface Settings {
  readonly secretKey?: string | undefined
  readonly issuer?: string | undefined
  readonly accountsUrl?: string | undefined
  readonly seed?: Seed.SeedOptions | undefined
  readonly requestLogLimit?: number | undefined
  readonly rateLimit?: Quota.Options | undefined
  readonly webhooks?: ReadonlyArray<WebhookDelivery.Endpoint> | undefined
  readonly webhookRetryDelays?: ReadonlyArray<Duration.DurationInput> | undefined
  readonly webhookTimeout?: Duration.DurationInput | undefined
}

/**
 * Issuer (`iss`) of the emulator's tokens by default.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultIssuer = "https://emulator.clerk.local"

/**
 * How many recorded requests an instance keeps by default.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultRequestLogLimit = 10_000

/**
 * Base of sign-in token URLs by default.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultAccountsUrl = "https://accounts.emulator.local"

const cookieSuffix = (secretKey: string) =>
  Effect.promise(async () => {
    const digest = await globalThis.crypto.subtle.digest("SHA-1", new TextEncoder().encode(secretKey))
    const base64 = globalThis.btoa(String.fromCharCode(...new Uint8Array(digest)))
    return base64.replaceAll("+", "-").replaceAll("/", "_").slice(0, 8)
  })

/**
 * A new instance: a random `sk_test_…` key unless one is given, a fresh key pair, the seeded model. Its webhook
 * deliveries stop when the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (settings: Settings = {}): Effect.Effect<Instance, never, Scope.Scope> =>
  Effect.gen(function*() {
    const secretKey = settings.secretKey ?? `sk_test_${Ids.random(40)}`
    const accountsUrl = settings.accountsUrl ?? defaultAccountsUrl
    const instanceId = `ins_${Ids.noise(`instance:${secretKey}`, 27)}`
    const webhooks = yield* WebhookDelivery.make({
      endpoints: settings.webhooks ?? [],
      instanceId,
      retryDelays: settings.webhookRetryDelays,
      timeout: settings.webhookTimeout
    })
    return {
      secretKey,
      issuer: settings.issuer ?? defaultIssuer,
      accountsUrl,
      cookieSuffix: yield* cookieSuffix(secretKey),
      signer: yield* Signer.make,
      state: yield* Ref.make(Seed.seed(settings.seed, accountsUrl)),
      faults: yield* Ref.make<ReadonlyArray<Fault.Pending>>([]),
      log: yield* Ref.make<ReadonlyArray<RecordedRequest>>([]),
      requestLogLimit: Math.max(1, settings.requestLogLimit ?? defaultRequestLogLimit),
      resets: new WeakSet(),
      quota: settings.rateLimit === undefined ? undefined : Quota.make(settings.rateLimit),
      machines: yield* MachineTokens.makeStore,
      instanceId,
      webhooks,
      emit: webhooks.emit
    }
  })

/**
 * Applies a model operation atomically; `undefined` (and no change) when it finds nothing to act on.
 *
 * @since 0.1.0
 * @category state
 */
export const update = <A>(
  instance: Instance,
  operation: (state: Model.State) => readonly [A, Model.State] | undefined
): Effect.Effect<A | undefined> =>
  Ref.modify(instance.state, (state): readonly [A | undefined, Model.State] => operation(state) ?? [undefined, state])

/**
 * Applies a model operation atomically: `Either.right([result, state])` commits, `Either.left(problem)` fails
 * and changes nothing.
 *
 * @since 0.4.0
 * @category state
 */
export const transact = <A>(
  instance: Instance,
  operation: (state: Model.State) => Either.Either<readonly [A, Model.State], Problem.Problem>
): Effect.Effect<A, Problem.Problem> =>
  Effect.flatten(
    Ref.modify(instance.state, (state): readonly [Either.Either<A, Problem.Problem>, Model.State] =>
      Either.match(operation(state), {
        onLeft: (problem) => [Either.left(problem), state],
        onRight: ([result, next]) => [Either.right(result), next]
      }))
  )

/**
 * Sends these webhook events, in order (each delivered in the background).
 *
 * @since 0.4.0
 * @category webhooks
 */
export const emitAll = (
  instance: Instance,
  events: ReadonlyArray<{ readonly type: string; readonly data: unknown }>
): Effect.Effect<void> => Effect.forEach(events, (event) => instance.emit(event.type, event.data), { discard: true })
