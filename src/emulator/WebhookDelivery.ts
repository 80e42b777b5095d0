/**
 * Webhook delivery, as Clerk does it through Svix: every event goes to each endpoint that subscribes to its type,
 * as a signed `POST` (`svix-id`, `svix-timestamp`, `svix-signature`), retried on anything but a 2xx answer within the
 * timeout on Svix's schedule (immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h later; shorter delays can be
 * given for tests). Each attempt is signed anew with its own timestamp. Deliveries run in fibers owned by the
 * emulator's scope, on its clock, and are recorded in a bounded log.
 *
 * @since 0.4.0
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberSet from "effect/FiberSet"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import * as Ids from "./Ids.js"
import * as WebhookSigner from "./WebhookSigner.js"

/**
 * An endpoint that receives webhooks: its URL, its signing secret (`whsec_…`) and the event types it subscribes to
 * (all of them when `events` is absent).
 *
 * @since 0.4.0
 * @category models
 */
export interface Endpoint {
  readonly url: string
  readonly secret: string | Redacted.Redacted<string>
  readonly events?: ReadonlyArray<string> | undefined
}

/**
 * The event envelope Clerk sends (`WebhookEventPayload` of the webhooks description); `timestamp` is unix ms.
 *
 * @since 0.4.0
 * @category models
 */
export interface Event {
  readonly data: unknown
  readonly event_attributes: { readonly http_request: { readonly client_ip: string; readonly user_agent: string } }
  readonly instance_id: string
  readonly object: "event"
  readonly timestamp: number
  readonly type: string
}

/**
 * An event to send: its `type` and `data`; the envelope's other fields default to the instance's id, the current
 * time and a loopback request.
 *
 * @since 0.4.0
 * @category models
 */
export interface EventInput {
  readonly type: string
  readonly data: unknown
  readonly timestamp?: number | undefined
  readonly instance_id?: string | undefined
  readonly event_attributes?: Event["event_attributes"] | undefined
}

/**
 * One attempt at a delivery: when it was made (unix ms), and the HTTP status answered or why none was.
 *
 * @since 0.4.0
 * @category models
 */
export interface Attempt {
  readonly at: number
  readonly status?: number | undefined
  readonly error?: string | undefined
}

/**
 * One event sent to one endpoint: `pending` while attempts remain, `delivered` after a 2xx, `failed` when the
 * schedule ran out.
 *
 * @since 0.4.0
 * @category models
 */
export interface Delivery {
  /** The `svix-id` header: one per event, the same for every endpoint and every attempt. */
  readonly id: string
  readonly url: string
  readonly event: Event
  readonly attempts: ReadonlyArray<Attempt>
  readonly state: "pending" | "delivered" | "failed"
}

/**
 * The delays before each retry of a failed delivery, as Svix schedules them.
 *
 * @since 0.4.0
 * @category constants
 */
export const svixRetryDelays: ReadonlyArray<Duration.DurationInput> = [
  "5 seconds",
  "5 minutes",
  "30 minutes",
  "2 hours",
  "5 hours",
  "10 hours",
  "10 hours"
]

/**
 * How long an attempt may take before it counts as failed (Svix: 15 s).
 *
 * @since 0.4.0
 * @category constants
 */
export const defaultTimeout: Duration.DurationInput = "15 seconds"

/**
 * Settings of the outbox.
 *
 * @since 0.4.0
 * @category models
 */
export interface Options {
  readonly endpoints: ReadonlyArray<Endpoint>
  readonly instanceId: string
  /** Delays before each retry (default `svixRetryDelays`); `[]` makes one attempt only. */
  readonly retryDelays?: ReadonlyArray<Duration.DurationInput> | undefined
  readonly timeout?: Duration.DurationInput | undefined
  /** How many deliveries the log keeps, oldest dropped first (default 10 000). */
  readonly logLimit?: number | undefined
}

/**
 * Sends events and remembers what became of them.
 *
 * @since 0.4.0
 * @category models
 */
export interface Outbox {
  /** Sends an event of this type with this `data` to every subscribed endpoint, in the background. */
  readonly emit: (type: string, data: unknown) => Effect.Effect<void>
  /** Sends this event to every subscribed endpoint, in the background; returns its `svix-id`. */
  readonly send: (event: EventInput) => Effect.Effect<string>
  /** Every delivery, oldest first. */
  readonly deliveries: Effect.Effect<ReadonlyArray<Delivery>>
  /** Waits until no delivery is pending (with Svix's schedule, that may be a day). */
  readonly settled: Effect.Effect<void>
}

const describe = (error: unknown): string => {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause
  return typeof cause?.code === "string" ? cause.code : error instanceof Error ? error.name : "request failed"
}

/**
 * A new outbox; its deliveries stop when the scope closes.
 *
 * @since 0.4.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Outbox, never, Scope.Scope> =>
  Effect.gen(function*() {
    const targets = yield* Effect.forEach(options.endpoints, (endpoint) =>
      Effect.map(
        WebhookSigner.make(Redacted.isRedacted(endpoint.secret) ? Redacted.value(endpoint.secret) : endpoint.secret),
        (signer) => ({ endpoint, signer })
      ))
    const log = yield* Ref.make<ReadonlyArray<Delivery>>([])
    const fibers = yield* FiberSet.make<void>()
    const fork = yield* FiberSet.runtime(fibers)<never>()
    const delays = (options.retryDelays ?? svixRetryDelays).map(Duration.decode)
    const timeout = Duration.decode(options.timeout ?? defaultTimeout)
    const logLimit = Math.max(1, options.logLimit ?? 10_000)

    const update = (id: string, url: string, f: (delivery: Delivery) => Delivery) =>
      Ref.update(log, (list) =>
        list.map((delivery) => delivery.id === id && delivery.url === url ? f(delivery) : delivery))

    const attempt = (target: (typeof targets)[number], id: string, body: string) =>
      Effect.gen(function*() {
        const at = yield* Clock.currentTimeMillis
        const timestamp = Math.floor(at / 1000)
        const signature = yield* target.signer.sign(id, timestamp, body)
        const outcome = yield* Effect.tryPromise({
          try: (signal) =>
            globalThis.fetch(target.endpoint.url, {
              method: "POST",
              headers: {
                "content-type": "application/json",
                "user-agent": "Svix-Webhooks/1.0 (clerk-emulator)",
                "svix-id": id,
                "svix-timestamp": String(timestamp),
                "svix-signature": signature
              },
              body,
              redirect: "manual",
              signal
            }).then((response) => {
              response.body?.cancel().catch(() =>
                undefined
              )
              return response.status
            }),
          catch: describe
        }).pipe(
          Effect.timeoutFail({ duration: timeout, onTimeout: () => "timeout" }),
          Effect.either
        )
        const result: Attempt = outcome._tag === "Right" ? { at, status: outcome.right } : { at, error: outcome.left }
        const ok = result.status !== undefined && result.status >= 200 && result.status < 300
        yield* update(id, target.endpoint.url, (delivery) => ({
          ...delivery,
          attempts: [...delivery.attempts, result],
          state: ok ? "delivered" : delivery.state
        }))
        return ok
      })

    const deliver = (target: (typeof targets)[number], id: string, body: string): Effect.Effect<void> =>
      Effect.gen(function*() {
        for (let i = 0; i <= delays.length; i++) {
          if (yield* attempt(target, id, body)) return
          const delay = delays[i]
          if (delay !== undefined) yield* Effect.sleep(delay)
        }
        yield* update(id, target.endpoint.url, (delivery) => ({ ...delivery, state: "failed" }))
      })

    const send = (input: EventInput) =>
      Effect.gen(function*() {
        const event: Event = {
          data: input.data,
          event_attributes: input.event_attributes ??
            { http_request: { client_ip: "127.0.0.1", user_agent: "clerk-emulator" } },
          instance_id: input.instance_id ?? options.instanceId,
          object: "event",
          timestamp: input.timestamp ?? (yield* Clock.currentTimeMillis),
          type: input.type
        }
        const id = `msg_${Ids.random(27)}`
        const body = JSON.stringify(event)
        const subscribed = targets.filter(({ endpoint }) =>
          endpoint.events === undefined || endpoint.events.includes(event.type)
        )
        const added = subscribed.map(({ endpoint }): Delivery => ({
          id,
          url: endpoint.url,
          event,
          attempts: [],
          state: "pending"
        }))
        yield* Ref.update(log, (list) => [...list, ...added].slice(-logLimit))
        for (const target of subscribed) fork(deliver(target, id, body))
        return id
      })

    return {
      emit: (type, data) => Effect.asVoid(send({ type, data })),
      send,
      deliveries: Ref.get(log),
      settled: FiberSet.awaitEmpty(fibers)
    }
  })
