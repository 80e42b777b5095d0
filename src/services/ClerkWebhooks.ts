/**
 * Clerk's webhooks, verified and typed: `verify` takes a web `Request`, an `HttpServerRequest` or raw bytes with
 * their headers, checks the Standard Webhooks (Svix) signature over the body exactly as received, and decodes the
 * event (`WebhookEvent`: 45 known types, `UnknownEvent` for the rest).
 *
 * ```ts
 * const handle = (request: Request) =>
 *   Effect.gen(function*() {
 *     const event = yield* ClerkWebhooks.verify(request)
 *     if (event._tag === "UserCreated") yield* Console.log(event.data.id)
 *   }).pipe(Effect.provide(ClerkWebhooks.fromEnv)) // CLERK_WEBHOOK_SIGNING_SECRET
 * ```
 *
 * The HMAC is the platform's (`node:crypto`, else WebCrypto on edge runtimes), not the `standardwebhooks` package:
 * that one computes SHA-256 in JavaScript (slower than native by an order of magnitude on 2 KiB), turns a `Buffer`
 * body into a string before signing it (a body that is not valid UTF-8 then fails to verify), reads
 * `Date.now()` (no `TestClock`) and takes one secret.
 *
 * @since 0.4.0
 */
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { WebhookInvalid, type WebhookInvalidReason } from "../errors/WebhookInvalid.js"
import * as Signature from "../internal/webhookSignature.js"
import { WebhookEvent } from "../schemas/WebhookEvent.js"

/**
 * Options of the webhook verifier.
 *
 * @since 0.4.0
 * @category models
 */
export interface Options {
  /**
   * The endpoint's signing secret (`whsec_…`, from the Clerk dashboard), or several while one is rotated: a delivery
   * signed with any of them verifies. A secret may itself hold several, separated by spaces or commas.
   */
  readonly secret: Redacted.Redacted<string> | ReadonlyArray<Redacted.Redacted<string>>
  /** How far `svix-timestamp` may be from the clock, either way (default 5 minutes, as Svix). */
  readonly tolerance?: Duration.DurationInput | undefined
  /** The largest body accepted, in bytes (default 1 MiB); a larger one is refused before it is read whole. */
  readonly maxBodySize?: number | undefined
  /** Which HMAC implementation: `node` (`node:crypto`, the default where present) or `web` (WebCrypto). */
  readonly crypto?: "node" | "web" | undefined
}

/**
 * Headers as a web `Headers`, or a record (any case; Node's `IncomingHttpHeaders` fits).
 *
 * @since 0.4.0
 * @category models
 */
export type HeadersInput = Headers | Readonly<Record<string, string | ReadonlyArray<string> | undefined>>

/**
 * A delivery as bytes (or the text as received) and its headers, from any framework.
 *
 * @since 0.4.0
 * @category models
 */
export interface RawWebhook {
  readonly body: Uint8Array | string
  readonly headers: HeadersInput
}

/**
 * What `verify` reads a delivery from.
 *
 * @since 0.4.0
 * @category models
 */
export type WebhookInput = Request | HttpServerRequest.HttpServerRequest | RawWebhook

/**
 * A verified delivery: its `svix-id` (the same for every retry of it: the key to drop repeats by), the time it was
 * signed, and the event.
 *
 * @since 0.4.0
 * @category models
 */
export interface Delivery {
  readonly id: string
  readonly timestamp: DateTime.Utc
  readonly event: WebhookEvent
}

/**
 * A delivery whose signature verified: its `svix-id`, signing time and body bytes, not parsed yet.
 *
 * @since 0.4.0
 * @category models
 */
export interface SignedBody {
  readonly id: string
  readonly timestamp: DateTime.Utc
  readonly body: Uint8Array
}

/**
 * The verifier.
 *
 * @since 0.4.0
 * @category models
 */
export interface Service {
  /** Verifies a delivery and decodes its event. */
  readonly verify: (input: WebhookInput) => Effect.Effect<WebhookEvent, WebhookInvalid>
  /** Verifies a delivery and decodes its event, with its `svix-id` and signing time. */
  readonly verifyDelivery: (input: WebhookInput) => Effect.Effect<Delivery, WebhookInvalid>
  /** Verifies a delivery's headers and signature only: the body bytes are given back unparsed. */
  readonly verifySignature: (input: WebhookInput) => Effect.Effect<SignedBody, WebhookInvalid>
  /** The largest body accepted, in bytes. */
  readonly maxBodySize: number
}

/**
 * The webhook verifier service.
 *
 * @since 0.4.0
 * @category tags
 */
export class ClerkWebhooks extends Context.Tag("effect-clerk/ClerkWebhooks")<ClerkWebhooks, Service>() {}

/**
 * The default largest body: 1 MiB (Clerk's events are a few KiB).
 *
 * @since 0.4.0
 * @category constants
 */
export const defaultMaxBodySize = 1024 * 1024

/**
 * The default tolerance of `svix-timestamp`: 5 minutes either way.
 *
 * @since 0.4.0
 * @category constants
 */
export const defaultTolerance: Duration.Duration = Duration.minutes(5)

const decodeEvent = Schema.decodeUnknown(WebhookEvent)
const idPattern = /^[A-Za-z0-9_-]{1,64}$/
const utf8 = new TextDecoder("utf-8", { fatal: true })
const encoder = new TextEncoder()

const invalid = (reason: WebhookInvalidReason, id?: string) =>
  new WebhookInvalid({ reason, ...(id !== undefined && idPattern.test(id) ? { svixId: id } : {}) })

const headerOf = (headers: HeadersInput, name: string): string | undefined => {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined
  const record = headers as Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  const value = record[name] ?? Object.entries(record).find(([key]) => key.toLowerCase() === name)?.[1]
  return typeof value === "string" ? value : value?.[0]
}

const declaredTooLarge = (length: string | null | undefined, max: number): boolean =>
  length !== undefined && length !== null && /^\d+$/.test(length) && Number(length) > max

/** Reads at most `max` bytes of a web body, cancelling it past that. */
const readWebBody = (request: Request, max: number): Effect.Effect<Uint8Array, WebhookInvalid> =>
  Effect.tryPromise({
    try: async () => {
      const reader = request.body?.getReader()
      if (reader === undefined) return new Uint8Array(0)
      const chunks: Array<Uint8Array> = []
      let size = 0
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        size += value.length
        if (size > max) {
          await reader.cancel().catch(() => undefined)
          throw tooLarge
        }
        chunks.push(value)
      }
      return concat(chunks, size)
    },
    catch: (error) => error === tooLarge ? invalid("body-too-large") : invalid("body-unreadable")
  })

const tooLarge = Symbol("tooLarge")

const concat = (chunks: ReadonlyArray<Uint8Array>, size: number): Uint8Array => {
  if (chunks.length === 1) return chunks[0]!
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.length
  }
  return bytes
}

/** Reads at most `max` bytes of a server request's body stream. */
const readServerBody = (
  request: HttpServerRequest.HttpServerRequest,
  max: number
): Effect.Effect<Uint8Array, WebhookInvalid> =>
  request.stream.pipe(
    Stream.mapError(() => invalid("body-unreadable")),
    Stream.runFoldEffect({ chunks: [] as Array<Uint8Array>, size: 0 }, (acc, chunk) => {
      const size = acc.size + chunk.length
      if (size > max) return Effect.fail(invalid("body-too-large"))
      acc.chunks.push(chunk)
      return Effect.succeed({ chunks: acc.chunks, size })
    }),
    Effect.map(({ chunks, size }) => concat(chunks, size))
  )

const isServerRequest = (input: WebhookInput): input is HttpServerRequest.HttpServerRequest =>
  HttpServerRequest.TypeId in input

/** A body and its headers. */
interface Parts {
  readonly body: Uint8Array
  readonly headers: HeadersInput
}

/** The body bytes and headers of a raw input (nothing to read), bounded. */
const rawParts = (raw: RawWebhook, max: number): Parts | Effect.Effect<never, WebhookInvalid> => {
  const body = typeof raw.body === "string" ? encoder.encode(raw.body) : raw.body
  return body.length > max
    ? Effect.fail(invalid("body-too-large", headerOf(raw.headers, "svix-id")))
    : { body, headers: raw.headers }
}

/** The body bytes and headers of any input, bounded: read from a request's stream, or at hand in a raw one. */
const read = (input: WebhookInput, max: number): Effect.Effect<Parts, WebhookInvalid> | Parts => {
  if (typeof Request !== "undefined" && input instanceof Request) {
    return declaredTooLarge(input.headers.get("content-length"), max)
      ? Effect.fail(invalid("body-too-large", input.headers.get("svix-id") ?? undefined))
      : Effect.map(readWebBody(input, max), (body) => ({ body, headers: input.headers }))
  }
  if (isServerRequest(input)) {
    return declaredTooLarge(input.headers["content-length"], max)
      ? Effect.fail(invalid("body-too-large", input.headers["svix-id"]))
      : Effect.map(readServerBody(input, max), (body) => ({ body, headers: input.headers }))
  }
  return rawParts(input as RawWebhook, max)
}

const secretsOf = (secret: Options["secret"]): Array<string> =>
  (Redacted.isRedacted(secret) ? [secret] : secret).flatMap((one) =>
    Redacted.value(one).split(/[\s,]+/).filter((part) => part !== "")
  )

/**
 * Builds a verifier. Fails with a `ConfigError` (naming `CLERK_WEBHOOK_SIGNING_SECRET`, never quoting it) when no
 * secret is `whsec_` followed by base64.
 *
 * @since 0.4.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Service, ConfigError.ConfigError> =>
  Effect.gen(function*() {
    const secrets = secretsOf(options.secret)
    const keyBytes = secrets.map(Signature.secretBytes)
    if (secrets.length === 0 || keyBytes.some((bytes) => bytes === undefined)) {
      return yield* Effect.fail(ConfigError.InvalidData(
        [envName],
        `${envName} must be whsec_ followed by base64 (several separated by spaces while rotating)`
      ))
    }
    const backend = options.crypto ?? Signature.defaultBackend
    const keys = yield* Effect.promise(() =>
      Promise.all(keyBytes.map((bytes) => Signature.importKey(bytes as Uint8Array, backend)))
    )
    const toleranceSeconds = Duration.toSeconds(options.tolerance ?? defaultTolerance)
    const maxBodySize = options.maxBodySize ?? defaultMaxBodySize

    /** The checks, synchronous but for WebCrypto's HMAC: a failure, or the signed body. */
    const check = (
      body: Uint8Array,
      headers: HeadersInput,
      nowMillis: number
    ): WebhookInvalid | SignedBody | Promise<WebhookInvalid | SignedBody> => {
      const id = headerOf(headers, "svix-id")
      const timestamp = headerOf(headers, "svix-timestamp")
      const signature = headerOf(headers, "svix-signature")
      if (!id || !timestamp || !signature) return invalid("missing-headers", id)
      if (!/^\d{1,12}$/.test(timestamp)) return invalid("invalid-timestamp", id)
      const seconds = Number(timestamp)
      const now = nowMillis / 1000
      if (now - seconds > toleranceSeconds) return invalid("timestamp-too-old", id)
      if (seconds - now > toleranceSeconds) return invalid("timestamp-too-new", id)
      const prefix = `${id}.${timestamp}.`
      const outcome = (matched: boolean): WebhookInvalid | SignedBody =>
        matched ? { id, timestamp: DateTime.unsafeMake(seconds * 1000), body } : invalid("bad-signature", id)
      // every key is tried (a rotation has two), whichever matches
      let matched = false
      let pending: Array<Promise<boolean>> | undefined
      for (const key of keys) {
        const result = key.matches(prefix, body, signature)
        if (typeof result === "boolean") matched = result || matched
        else (pending ??= []).push(result)
      }
      return pending === undefined
        ? outcome(matched)
        : Promise.all(pending).then((all) => outcome(matched || all.includes(true)))
    }

    /** The checks at the clock's time (read once), as an Effect. */
    const checkSignature = (parts: Parts): Effect.Effect<SignedBody, WebhookInvalid> =>
      Effect.clockWith((clock) => {
        const result = check(parts.body, parts.headers, clock.unsafeCurrentTimeMillis())
        return result instanceof Promise
          ? Effect.flatMap(Effect.promise(() => result), settle)
          : settle(result)
      })

    const verifySignature = (input: WebhookInput): Effect.Effect<SignedBody, WebhookInvalid> => {
      const parts = read(input, maxBodySize)
      return Effect.isEffect(parts) ? Effect.flatMap(parts, checkSignature) : checkSignature(parts)
    }

    const verifyDelivery = (input: WebhookInput) =>
      Effect.flatMap(verifySignature(input), ({ body, id, timestamp }) => {
        let json: unknown
        try {
          json = JSON.parse(utf8.decode(body))
        } catch {
          return Effect.fail(invalid("body-not-json", id))
        }
        return decodeEvent(json).pipe(
          Effect.mapBoth({
            onFailure: () => invalid("not-an-event", id),
            onSuccess: (event) => ({ id, timestamp, event })
          })
        )
      })

    return ClerkWebhooks.of({
      verify: (input) => Effect.map(verifyDelivery(input), (delivery) => delivery.event),
      verifyDelivery,
      verifySignature,
      maxBodySize
    })
  })

const envName = "CLERK_WEBHOOK_SIGNING_SECRET"

const settle = (result: WebhookInvalid | SignedBody): Effect.Effect<SignedBody, WebhookInvalid> =>
  "body" in result ? Effect.succeed(result) : Effect.fail(result)

/**
 * A layer from literal options: `ClerkWebhooks.layer({ secret: Redacted.make("whsec_…") })`.
 *
 * @since 0.4.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<ClerkWebhooks, ConfigError.ConfigError> =>
  Layer.effect(ClerkWebhooks, make(options))

/**
 * A layer from `Config` values: `ClerkWebhooks.layerConfig({ secret: Config.redacted("MY_SECRET") })`.
 *
 * @since 0.4.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Config.Wrap<Options>
): Layer.Layer<ClerkWebhooks, ConfigError.ConfigError> =>
  Layer.effect(ClerkWebhooks, Effect.flatMap(Config.unwrap(config), make))

/**
 * Reads the secret from `CLERK_WEBHOOK_SIGNING_SECRET` (Clerk's own name; several separated by spaces while one is
 * rotated) through the `ConfigProvider`, when the layer is built.
 *
 * @since 0.4.0
 * @category layers
 */
export const fromEnv: Layer.Layer<ClerkWebhooks, ConfigError.ConfigError> = layerConfig({
  secret: Config.redacted(envName)
})

/**
 * Verifies a delivery with the `ClerkWebhooks` of the context and decodes its event.
 *
 * @since 0.4.0
 * @category accessors
 */
export const verify = (input: WebhookInput): Effect.Effect<WebhookEvent, WebhookInvalid, ClerkWebhooks> =>
  Effect.flatMap(ClerkWebhooks, (webhooks) => webhooks.verify(input))

/**
 * Verifies a delivery with the `ClerkWebhooks` of the context: its `svix-id`, signing time and event.
 *
 * @since 0.4.0
 * @category accessors
 */
export const verifyDelivery = (input: WebhookInput): Effect.Effect<Delivery, WebhookInvalid, ClerkWebhooks> =>
  Effect.flatMap(ClerkWebhooks, (webhooks) => webhooks.verifyDelivery(input))

/**
 * The events (see `WebhookEvent`): `ClerkWebhooks.Events.UserCreated`, `ClerkWebhooks.Events.User`, ….
 *
 * @since 0.4.0
 * @category schemas
 */
export * as Events from "../schemas/WebhookEvent.js"

/**
 * Any Clerk webhook event, and the one this version does not know.
 *
 * @since 0.4.0
 * @category schemas
 */
export { UnknownEvent, WebhookEvent } from "../schemas/WebhookEvent.js"

/**
 * The webhook failure and its reasons.
 *
 * @since 0.4.0
 * @category errors
 */
export { WebhookInvalid, WebhookInvalidReason } from "../errors/WebhookInvalid.js"
