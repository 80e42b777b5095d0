/**
 * An emulator of Clerk's Backend API for tests, demos and local development: all 249 operations of Clerk's
 * description (`spec/clerk-bapi-2026-05-12.yml`), users, organizations, memberships, invitations, sessions, sign-in
 * tokens, JWT templates and allow/block lists statefully with Clerk's rules, every other operation through a
 * description-driven responder (see docs/testing.md). Use it in process through `fetch` (no sockets), or on a
 * loopback port with `serve`.
 *
 * ```ts
 * const program = Effect.gen(function*() {
 *   const emulator = yield* ClerkEmulator.ClerkEmulator
 *   const response = yield* Effect.promise(() =>
 *     emulator.fetch(`${emulator.url}/v1/sessions?user_id=${ClerkEmulator.seededUserId(0)}`, {
 *       headers: { authorization: `Bearer ${Redacted.value(emulator.secretKey)}` }
 *     })
 *   )
 * }).pipe(Effect.provide(ClerkEmulator.layer()))
 * ```
 *
 * Time comes from the Effect `Clock` of the fiber that built the emulator: under `TestClock`,
 * latency faults wait for `TestClock.adjust` and tokens carry test-clock times.
 *
 * @since 0.1.0
 */
import * as HttpApp from "@effect/platform/HttpApp"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import * as App from "./App.js"
import * as Fault from "./Fault.js"
import * as InProcessFetch from "./InProcessFetch.js"
import * as Instance from "./Instance.js"
import * as LoopbackServer from "./LoopbackServer.js"
import * as MachineTokens from "./MachineTokens.js"
import * as Model from "./Model.js"
import * as Quota from "./Quota.js"
import type { RecordedRequest } from "./RequestLog.js"
import * as Seed from "./Seed.js"
import * as SessionTokenError_ from "./SessionTokenError.js"
import * as SessionTokens from "./SessionTokens.js"
import * as Signer from "./Signer.js"
import type * as Delivery from "./WebhookDelivery.js"
import * as WebhookPayloads from "./WebhookPayloads.js"
import type { WireClient, WireJwks, WireOrganization, WireSession, WireSignInToken, WireUser } from "./Wire.js"

/**
 * Options of a new emulator.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The secret key clients must send as `Authorization: Bearer …` (default: a random `sk_test_…`). */
  readonly secretKey?: string | Redacted.Redacted<string> | undefined
  /** What to seed (default: `Seed.defaults`). */
  readonly seed?: Seed.SeedOptions | undefined
  /** The `iss` of its tokens (default `https://emulator.clerk.local`). */
  readonly issuer?: string | undefined
  /** Base of sign-in token URLs (default `https://accounts.emulator.local`). */
  readonly accountsUrl?: string | undefined
  /** How many recorded requests are kept, oldest dropped first (default 10 000). */
  readonly requestLogLimit?: number | undefined
  /**
   * A per-key quota like Clerk's: `{ limit: 100, window: "10 seconds" }` answers 429 with `Retry-After` once
   * `limit` requests were accepted within the last `window` (`GET /v1/jwks` is not counted). Default: none.
   */
  readonly rateLimit?: Quota.Options | undefined
  /**
   * Where to send webhooks: `[{ url, secret: "whsec_…", events? }]`. Every state change is sent, signed as Clerk
   * does (Svix's scheme), to each endpoint subscribed to its type (all types without `events`). Default: none.
   */
  readonly webhooks?: ReadonlyArray<WebhookEndpoint> | undefined
  /**
   * Delays before each retry of a failed delivery (default Svix's: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h);
   * tests pass shorter ones, `[]` for a single attempt.
   */
  readonly webhookRetryDelays?: ReadonlyArray<Duration.DurationInput> | undefined
  /** How long a delivery attempt may take before it counts as failed (default 15 s, as Svix). */
  readonly webhookTimeout?: Duration.DurationInput | undefined
}

/**
 * An endpoint the emulator sends webhooks to: its URL, its signing secret (`whsec_…`), and the event types it
 * subscribes to (all when absent).
 *
 * @since 0.4.0
 * @category models
 */
export type WebhookEndpoint = Delivery.Endpoint

/**
 * A webhook delivery as the emulator's log keeps it: the `svix-id`, the URL, the event sent, each attempt (time,
 * status or error) and its state (`pending`, `delivered`, `failed`).
 *
 * @since 0.4.0
 * @category models
 */
export type WebhookDelivery = Delivery.Delivery

/**
 * An event to send with `sendWebhook`: its `type` and `data` (the wire payload, snake_case); the envelope's other
 * fields default to what the emulator sends (its `instance_id`, the current time).
 *
 * @since 0.4.0
 * @category models
 */
export type WebhookEventInput = Delivery.EventInput

/**
 * Options of `emulator.sessionToken(sessionId, options)`.
 *
 * @since 0.3.0
 * @category models
 */
export interface SessionTokenOptions {
  /**
   * The `azp` claim: the origin of the app whose browser called the Frontend API (default
   * `"http://localhost:3000"`). `null` leaves it out, as Clerk does when the request had no `Origin`.
   */
  readonly azp?: string | null | undefined
  /** Lifetime in seconds: `exp` = `iat` + this (default 60, Clerk's). Zero or less gives an expired token. */
  readonly expiresInSeconds?: number | undefined
  /** The `fva` claim (default `[minutes since the session was created, -1]`: no second factor). */
  readonly factorVerificationAge?: readonly [number, number] | undefined
  /** Extra claims, as a JWT template adds them; the default claims win over them. */
  readonly claims?: Readonly<Record<string, unknown>> | undefined
}

/**
 * Options of `emulator.rotateSigningKey(options)`.
 *
 * @since 0.3.0
 * @category models
 */
export interface RotateSigningKeyOptions {
  /**
   * Keep the previous keys in the JWKS, so the tokens they signed still verify until they expire
   * (default `true`: a graceful rotation). `false` drops them: only the new key is served and accepted.
   */
  readonly keepPrevious?: boolean | undefined
}

/**
 * A running emulator.
 *
 * @since 0.1.0
 * @category models
 */
export interface Handle {
  /** The secret key clients must send as `Authorization: Bearer …`. */
  readonly secretKey: Redacted.Redacted<string>
  /** A placeholder origin for the in-process `fetch` (any origin works; path-only URLs resolve against it). */
  readonly url: string
  /** The `iss` claim of its tokens. */
  readonly issuer: string
  /** The public signing keys, current first, as `GET /v1/jwks` serves them now (rotations included). */
  readonly jwks: WireJwks
  /**
   * A session token for an active session, as Clerk's Frontend API mints it: RS256 with the current
   * `kid`, version 2 claims (`azp`, `exp`, `fea`/`o` with an active organization, `fva`, `iat`, `iss`,
   * `nbf`, `sid`, `sts`, `sub`, `v`, and `act` when impersonated). Its time is the emulator's clock.
   */
  readonly sessionToken: (
    sessionId: string,
    options?: SessionTokenOptions
  ) => Effect.Effect<string, SessionTokenError_.SessionTokenError>
  /**
   * A new signing key with a new `kid`: it signs every token from now on, and `GET /v1/jwks` serves
   * it first, with the previous keys unless `keepPrevious: false`.
   */
  readonly rotateSigningKey: (options?: RotateSigningKeyOptions) => Effect.Effect<Signer.Rotation>
  /** An in-process `fetch`: no sockets, honours `init.signal`, rejects like undici on a `Reset` fault. */
  readonly fetch: typeof globalThis.fetch
  /** The web handler behind `fetch` and `serve`; rejects with undici's reset error on a `Reset` fault. */
  readonly handler: (request: Request) => Promise<Response>
  /**
   * Replaces the model, seeded with these options (defaults for what they omit) or, without options,
   * with the emulator's own. The request log and pending faults are kept.
   */
  readonly seed: (options?: Seed.SeedOptions) => Effect.Effect<void>
  /** Back to the start: the model seeded with the emulator's options, no request log, no faults. */
  readonly reset: Effect.Effect<void>
  /** All sessions, newest first. */
  readonly sessions: Effect.Effect<ReadonlyArray<WireSession>>
  /** All users (the seeded ones, then those created), with their names and primary email address. */
  readonly users: Effect.Effect<ReadonlyArray<WireUser>>
  /** All clients, in creation order. */
  readonly clients: Effect.Effect<ReadonlyArray<WireClient>>
  /** All organizations, with their members' roles. */
  readonly organizations: Effect.Effect<ReadonlyArray<WireOrganization>>
  /** All JWT templates. */
  readonly templates: Effect.Effect<ReadonlyArray<Model.JwtTemplate>>
  /** All sign-in tokens, newest first, with their `token` and `url`. */
  readonly signInTokens: Effect.Effect<ReadonlyArray<WireSignInToken>>
  /** Every request received, in order of arrival. */
  readonly requests: Effect.Effect<ReadonlyArray<RecordedRequest>>
  /** Forgets the recorded requests. */
  readonly clearRequests: Effect.Effect<void>
  /** Queues a fault for the next matching requests (see `Fault`). */
  readonly injectFault: (fault: Fault.Fault) => Effect.Effect<void>
  /** Drops every pending fault. */
  readonly clearFaults: Effect.Effect<void>
  /** The faults still pending, with how many requests each still applies to. */
  readonly pendingFaults: Effect.Effect<ReadonlyArray<Fault.Pending>>
  /** What the `rateLimit` quota accepted and refused (`undefined` without one). */
  readonly quotaStats: Effect.Effect<Quota.Stats | undefined>
  /** The `instance_id` of its webhook events. */
  readonly instanceId: string
  /** Sends a webhook event now, to every subscribed endpoint, in the background; returns its `svix-id`. */
  readonly sendWebhook: (event: WebhookEventInput) => Effect.Effect<string>
  /** Every webhook delivery, oldest first (the last 10 000). */
  readonly webhookDeliveries: Effect.Effect<ReadonlyArray<WebhookDelivery>>
  /** Waits until no webhook delivery is pending (delivered, or failed after its last retry). */
  readonly webhooksSettled: Effect.Effect<void>
  /**
   * Ends an active session as Clerk's Frontend API does, which the Backend API cannot: `ended` when its user signs
   * out (the default), `removed` when its client removes it. Sends that `session.ended` / `session.removed` webhook;
   * `false` (and nothing sent) when there is no active session with this id.
   */
  readonly endSession: (sessionId: string, status?: "ended" | "removed") => Effect.Effect<boolean>
  /** Machine credentials (M2M tokens, API keys, OAuth access tokens): issue, revoke, list. */
  readonly machines: Machines
}

/**
 * The machine credentials of an emulator, issued as Clerk issues them: what a client sends is the credential's
 * `token` (an opaque `mt_…`/`oat_…`/`ak_…` secret, or a JWT signed with the instance's current key), verified by
 * `POST /v1/m2m_tokens/verify`, `/v1/api_keys/verify`, `/v1/oauth_applications/access_tokens/verify` or networklessly.
 *
 * @since 0.4.0
 * @category models
 */
export interface Machines {
  /** An M2M token (default: opaque, 1 hour, a fresh `mch_…` subject). */
  readonly createM2MToken: (options?: MachineTokens.IssueOptions) => Effect.Effect<MachineCredential>
  /** An API key (default: no expiry, a fresh `user_…` subject, named `emulator-key`). */
  readonly createApiKey: (options?: MachineTokens.IssueOptions) => Effect.Effect<MachineCredential>
  /** An OAuth access token (default: opaque, 1 hour, a fresh `user_…` subject and `client_…` application). */
  readonly createOAuthToken: (options?: MachineTokens.IssueOptions) => Effect.Effect<MachineCredential>
  /** Revokes a credential by id (`mt_…`, `ak_…`, `oat_…`); `false` when there is none. */
  readonly revoke: (id: string, reason?: string) => Effect.Effect<boolean>
  /** Every credential issued, revoked ones included. */
  readonly list: Effect.Effect<ReadonlyArray<MachineCredential>>
}

/**
 * A machine credential of the emulator (see `Machines`).
 *
 * @since 0.4.0
 * @category models
 */
export type MachineCredential = MachineTokens.Credential

/**
 * What to issue (see `Machines`).
 *
 * @since 0.4.0
 * @category models
 */
export type MachineIssueOptions = MachineTokens.IssueOptions

/**
 * The emulator service.
 *
 * @since 0.1.0
 * @category tags
 */
export class ClerkEmulator extends Context.Tag("effect-clerk/ClerkEmulator")<ClerkEmulator, Handle>() {}

/**
 * The placeholder origin of the in-process `fetch`.
 *
 * @since 0.1.0
 * @category constants
 */
export const inProcessUrl = "http://clerk-emulator.invalid"

/**
 * Builds an emulator. Its clock is the `Clock` of the calling fiber; its webhook deliveries stop when the scope
 * closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Handle, never, Scope.Scope> =>
  Effect.gen(function*() {
    const runtime = yield* Effect.runtime<never>()
    const instance = yield* Instance.make({
      secretKey: options.secretKey === undefined
        ? undefined
        : Redacted.isRedacted(options.secretKey)
        ? Redacted.value(options.secretKey)
        : options.secretKey,
      issuer: options.issuer,
      accountsUrl: options.accountsUrl,
      seed: options.seed,
      requestLogLimit: options.requestLogLimit,
      rateLimit: options.rateLimit,
      webhooks: options.webhooks,
      webhookRetryDelays: options.webhookRetryDelays,
      webhookTimeout: options.webhookTimeout
    })
    const webHandler = HttpApp.toWebHandlerRuntime(runtime)(App.make(instance))
    const handler = (request: Request): Promise<Response> =>
      webHandler(request).then((response) =>
        instance.resets.has(request) ? Promise.reject(InProcessFetch.connectionReset()) : response
      )
    const seed = (seedOptions?: Seed.SeedOptions) =>
      Ref.set(instance.state, Seed.seed(seedOptions ?? options.seed, instance.accountsUrl))
    const state = Ref.get(instance.state)
    const clock = yield* Effect.clock

    const issueMachine = (kind: MachineTokens.Kind, issue: MachineTokens.IssueOptions = {}) =>
      Effect.flatMap(
        clock.currentTimeMillis,
        (now) => MachineTokens.issue(instance.machines, instance.signer, instance.issuer, kind, now, issue)
      )

    const endSession = (sessionId: string, status: "ended" | "removed" = "ended") =>
      Effect.gen(function*() {
        const now = yield* clock.currentTimeMillis
        const events = yield* Instance.update(instance, (before) => {
          const ended = before.sessions.get(sessionId)?.status === "active"
            ? Model.setSessionStatus(before, sessionId, status, now)
            : undefined
          return ended === undefined ? undefined : [WebhookPayloads.implied(before, ended[1]), ended[1]] as const
        })
        if (events === undefined) return false
        yield* Instance.emitAll(instance, events)
        return true
      })

    const sessionToken = (sessionId: string, tokenOptions: SessionTokenOptions = {}) =>
      Effect.gen(function*() {
        const current = yield* state
        const session = current.sessions.get(sessionId)
        if (session === undefined) {
          return yield* new SessionTokenError_.SessionTokenError({ reason: "not-found", sessionId })
        }
        if (session.status !== "active") {
          return yield* new SessionTokenError_.SessionTokenError({
            reason: "not-active",
            sessionId,
            status: session.status
          })
        }
        const azp = tokenOptions.azp === undefined ? SessionTokens.defaultAuthorizedParty : tokenOptions.azp
        return yield* instance.signer.sign(
          SessionTokens.sessionClaims({
            state: current,
            session,
            issuer: instance.issuer,
            now: yield* clock.currentTimeMillis,
            lifetimeSeconds: tokenOptions.expiresInSeconds ?? SessionTokens.defaultLifetimeSeconds,
            azp: azp ?? undefined,
            factorVerificationAge: tokenOptions.factorVerificationAge,
            extra: tokenOptions.claims
          }),
          Signer.category.session
        )
      })

    return ClerkEmulator.of({
      secretKey: Redacted.make(instance.secretKey),
      url: inProcessUrl,
      issuer: instance.issuer,
      get jwks() {
        return instance.signer.unsafeJwks()
      },
      sessionToken,
      rotateSigningKey: (rotateOptions = {}) =>
        instance.signer.rotate({ keepPrevious: rotateOptions.keepPrevious ?? true }),
      fetch: InProcessFetch.make(handler, inProcessUrl),
      handler,
      seed,
      reset: Effect.all([
        seed(),
        Ref.set(instance.log, []),
        Ref.set(instance.faults, []),
        Effect.sync(() => instance.quota?.reset()),
        Ref.set(instance.machines, new Map())
      ], { discard: true }),
      sessions: Effect.map(state, Model.sessions),
      users: Effect.map(state, (state) => [...state.users.values()].map((user) => Model.wireUser(state, user))),
      clients: Effect.map(
        state,
        (state) => [...state.clients.values()].map((client) => Model.wireClient(state, client))
      ),
      organizations: Effect.map(state, (state) =>
        [...state.organizations.values()].map((o) => Model.wireOrganization(state, o))),
      templates: Effect.map(state, (state) => [...state.templates.values()]),
      signInTokens: Effect.map(state, (state) =>
        [...state.signInTokens.values()]
          .map((record) =>
            Model.wireSignInToken(record, true)
          )
          .sort(Model.newestFirst)),
      requests: Ref.get(instance.log),
      clearRequests: Ref.set(instance.log, []),
      injectFault: (fault) => Ref.update(instance.faults, (queue) => [...queue, Fault.pending(fault)]),
      clearFaults: Ref.set(instance.faults, []),
      pendingFaults: Ref.get(instance.faults),
      quotaStats: Effect.sync(() => instance.quota?.stats()),
      instanceId: instance.instanceId,
      sendWebhook: instance.webhooks.send,
      webhookDeliveries: instance.webhooks.deliveries,
      webhooksSettled: instance.webhooks.settled,
      endSession,
      machines: {
        createM2MToken: (issue) => issueMachine("m2m_token", issue),
        createApiKey: (issue) => issueMachine("api_key", issue),
        createOAuthToken: (issue) => issueMachine("oauth_token", issue),
        revoke: (id, reason) =>
          Effect.map(
            Effect.flatMap(clock.currentTimeMillis, (now) => MachineTokens.revoke(instance.machines, id, now, reason)),
            (revoked) => revoked !== undefined
          ),
        list: Effect.map(Ref.get(instance.machines), (all) => [...all.values()])
      }
    })
  })

/**
 * A layer with a new emulator.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<ClerkEmulator> => Layer.scoped(ClerkEmulator, make(options))

/**
 * Serves an emulator on 127.0.0.1 until the scope closes (`port: 0`, the default, picks a free port).
 *
 * @since 0.1.0
 * @category servers
 */
export const listen = (
  handle: Handle,
  options: ServeOptions = {}
): Effect.Effect<LoopbackServer.Address, LoopbackServer.ServeError, Scope.Scope> =>
  LoopbackServer.listen(
    options.rateLimit === undefined
      ? handle.handler
      : Quota.guard(Quota.make(options.rateLimit), Redacted.value(handle.secretKey), handle.handler),
    options
  )

/**
 * Options of `serve` / `listen`: the port (0, the default, picks a free one) and a per-key quota for this server
 * (`rateLimit: { limit: 100, window: "10 seconds" }`, on the live clock; the same as the emulator's own option).
 *
 * @since 0.3.0
 * @category models
 */
export interface ServeOptions {
  readonly port?: number | undefined
  readonly rateLimit?: Quota.Options | undefined
}

/**
 * Serves the `ClerkEmulator` of the context on 127.0.0.1 until the scope closes.
 *
 * @since 0.1.0
 * @category servers
 */
export const serve = (
  options: ServeOptions = {}
): Effect.Effect<LoopbackServer.Address, LoopbackServer.ServeError, ClerkEmulator | Scope.Scope> =>
  Effect.flatMap(ClerkEmulator, (handle) => listen(handle, options))

/**
 * Queues a fault on the `ClerkEmulator` of the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const injectFault = (fault: Fault.Fault): Effect.Effect<void, never, ClerkEmulator> =>
  Effect.flatMap(ClerkEmulator, (handle) => handle.injectFault(fault))

/**
 * Drops the pending faults of the `ClerkEmulator` of the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const clearFaults: Effect.Effect<void, never, ClerkEmulator> = Effect.flatMap(
  ClerkEmulator,
  (handle) => handle.clearFaults
)

/**
 * The requests recorded by the `ClerkEmulator` of the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const requests: Effect.Effect<ReadonlyArray<RecordedRequest>, never, ClerkEmulator> = Effect.flatMap(
  ClerkEmulator,
  (handle) => handle.requests
)

/**
 * The sessions of the `ClerkEmulator` of the context, newest first.
 *
 * @since 0.1.0
 * @category accessors
 */
export const sessions: Effect.Effect<ReadonlyArray<WireSession>, never, ClerkEmulator> = Effect.flatMap(
  ClerkEmulator,
  (handle) => handle.sessions
)

/**
 * Resets the `ClerkEmulator` of the context (seed, request log, faults).
 *
 * @since 0.1.0
 * @category accessors
 */
export const reset: Effect.Effect<void, never, ClerkEmulator> = Effect.flatMap(ClerkEmulator, (handle) => handle.reset)

/**
 * Re-seeds the `ClerkEmulator` of the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const seed = (options?: Seed.SeedOptions): Effect.Effect<void, never, ClerkEmulator> =>
  Effect.flatMap(ClerkEmulator, (handle) => handle.seed(options))

/**
 * Mints a session token on the `ClerkEmulator` of the context (see `Handle.sessionToken`).
 *
 * @since 0.3.0
 * @category accessors
 */
export const sessionToken = (
  sessionId: string,
  options?: SessionTokenOptions
): Effect.Effect<string, SessionTokenError_.SessionTokenError, ClerkEmulator> =>
  Effect.flatMap(ClerkEmulator, (handle) => handle.sessionToken(sessionId, options))

/**
 * Rotates the signing key of the `ClerkEmulator` of the context (see `Handle.rotateSigningKey`).
 *
 * @since 0.3.0
 * @category accessors
 */
export const rotateSigningKey = (
  options?: RotateSigningKeyOptions
): Effect.Effect<Signer.Rotation, never, ClerkEmulator> =>
  Effect.flatMap(ClerkEmulator, (handle) => handle.rotateSigningKey(options))

/**
 * The id of the `index`-th seeded user (`seededUserId(0)` exists in every seed with at least one user).
 *
 * @since 0.1.0
 * @category constants
 */
export const seededUserId: (index: number) => string = Seed.userId

/**
 * The loopback server could not listen.
 *
 * @since 0.1.0
 * @category errors
 */
export const ServeError = LoopbackServer.ServeError

/**
 * The loopback server could not listen.
 *
 * @since 0.1.0
 * @category errors
 */
export type ServeError = LoopbackServer.ServeError

/**
 * The emulator could not mint a session token: `reason` is `not-found` or `not-active`.
 *
 * @since 0.3.0
 * @category errors
 */
export const SessionTokenError = SessionTokenError_.SessionTokenError

/**
 * The emulator could not mint a session token: `reason` is `not-found` or `not-active`.
 *
 * @since 0.3.0
 * @category errors
 */
export type SessionTokenError = SessionTokenError_.SessionTokenError

/**
 * What a key rotation did: the new `kid`, the dropped `kid`s, the JWKS now.
 *
 * @since 0.3.0
 * @category models
 */
export type Rotation = Signer.Rotation

/**
 * Seed options (see `Seed`).
 *
 * @since 0.1.0
 * @category models
 */
export type SeedOptions = Seed.SeedOptions

/**
 * A request recorded by the emulator (see `RequestLog`).
 *
 * @since 0.1.0
 * @category models
 */
export type { RecordedRequest } from "./RequestLog.js"

/**
 * The per-key quota option and its counters (see `Quota`).
 *
 * @since 0.3.0
 * @category models
 */
export type { Options as RateLimitOptions, Stats as QuotaStats } from "./Quota.js"

/**
 * Wire shapes of the emulator's answers and snapshots (see `Wire`).
 *
 * @since 0.1.0
 * @category models
 */
export type { WireClient, WireJwks, WireOrganization, WireSession, WireSignInToken, WireUser } from "./Wire.js"

/**
 * Fault constructors and types: `ClerkEmulator.Fault.status(429, { retryAfter: 1 })`.
 *
 * @since 0.1.0
 * @category faults
 */
export * as Fault from "./Fault.js"
