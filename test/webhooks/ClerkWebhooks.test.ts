import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import { assert, describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as ClerkWebhooks from "../../src/services/ClerkWebhooks.js"
import * as Sign from "./support/Sign.js"

const secret = Sign.newSecret()
const body = JSON.stringify(Sign.userCreated())
/** The TestClock's start, as the unix seconds a delivery is signed at. */
const now = 1_800_000_000

const verifier = (options: Partial<ClerkWebhooks.Options> = {}) =>
  Effect.orDie(ClerkWebhooks.make({ secret: Redacted.make(secret), ...options }))

/** Runs with the TestClock at `now`. */
const at = <A, E>(self: Effect.Effect<A, E>) => Effect.zipRight(TestClock.setTime(now * 1000), self)

const reason = <A>(self: Effect.Effect<A, ClerkWebhooks.WebhookInvalid>) =>
  Effect.map(Effect.flip(self), (error) => error.reason)

for (const crypto of ["node", "web"] as const) {
  describe(`ClerkWebhooks (${crypto} crypto)`, () => {
    it.effect("verifies raw bytes and headers and decodes the event", () =>
      at(Effect.gen(function*() {
        const webhooks = yield* verifier({ crypto })
        const headers = Sign.headers(secret, body, { id: "msg_1", timestamp: now })
        const delivery = yield* webhooks.verifyDelivery({ body: new TextEncoder().encode(body), headers })
        assert.strictEqual(delivery.id, "msg_1")
        assert.strictEqual(DateTime.toEpochMillis(delivery.timestamp), now * 1000)
        assert.strictEqual(delivery.event._tag, "UserCreated")
        if (delivery.event._tag !== "UserCreated") return
        assert.strictEqual(delivery.event.data.id, "user_2g7np7Hrk0SN6kj5EDMLDaKNL0S")
        assert.deepStrictEqual(delivery.event.data.firstName, Option.some("Ada"))
      })))

    it.effect("verifies a web Request and an HttpServerRequest, reading the body as received", () =>
      at(Effect.gen(function*() {
        const webhooks = yield* verifier({ crypto })
        const headers = Sign.headers(secret, body, { timestamp: now })
        const request = () => new Request("http://localhost/webhooks", { method: "POST", headers, body })
        assert.strictEqual((yield* webhooks.verify(request()))._tag, "UserCreated")
        const serverRequest = HttpServerRequest.fromWeb(request())
        assert.strictEqual((yield* webhooks.verify(serverRequest))._tag, "UserCreated")
      })))

    it.effect("accepts any matching v1 signature of the header, and any of several secrets (rotation)", () =>
      at(Effect.gen(function*() {
        const old = Sign.newSecret()
        const webhooks = yield* verifier({ crypto, secret: [Redacted.make(secret), Redacted.make(old)] })
        const signed = Sign.headers(old, body, { id: "msg_2", timestamp: now })
        const wrong = Sign.signature(Sign.newSecret(), "msg_2", now, body)
        const headers = { ...signed, "svix-signature": `v2,abc ${wrong} ${signed["svix-signature"]}` }
        assert.strictEqual((yield* webhooks.verify({ body, headers }))._tag, "UserCreated")
      })))

    it.effect("rejects a wrong secret, a changed byte, and a re-serialized body (the usual mistake)", () =>
      at(Effect.gen(function*() {
        const webhooks = yield* verifier({ crypto })
        const headers = Sign.headers(secret, body, { timestamp: now })
        const wrongSecret = Sign.headers(Sign.newSecret(), body, { timestamp: now })
        assert.strictEqual(yield* reason(webhooks.verify({ body, headers: wrongSecret })), "bad-signature")
        assert.strictEqual(
          yield* reason(webhooks.verify({ body: body.replace("Ada", "Adb"), headers })),
          "bad-signature"
        )
        const reserialized = JSON.stringify(JSON.parse(body), null, 2)
        assert.strictEqual(yield* reason(webhooks.verify({ body: reserialized, headers })), "bad-signature")
        const noV1 = { ...headers, "svix-signature": headers["svix-signature"]!.replace("v1,", "v2,") }
        assert.strictEqual(yield* reason(webhooks.verify({ body, headers: noV1 })), "bad-signature")
      })))

    it.effect("verifySignature checks the signature only and gives the bytes back as received", () =>
      at(Effect.gen(function*() {
        const webhooks = yield* verifier({ crypto })
        const text = "not json, but signed"
        const signed = yield* webhooks.verifySignature({
          body: text,
          headers: Sign.headers(secret, text, { id: "msg_4", timestamp: now })
        })
        assert.strictEqual(signed.id, "msg_4")
        assert.strictEqual(new TextDecoder().decode(signed.body), text)
        const forged = Sign.headers(Sign.newSecret(), text, { timestamp: now })
        assert.strictEqual(yield* reason(webhooks.verifySignature({ body: text, headers: forged })), "bad-signature")
      })))

    it.effect("signs the bytes, not their text: a body that is not UTF-8 verifies, then is not JSON", () =>
      at(Effect.gen(function*() {
        const webhooks = yield* verifier({ crypto })
        const bytes = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])
        const headers = Sign.headers(secret, bytes, { timestamp: now })
        assert.strictEqual(yield* reason(webhooks.verify({ body: bytes, headers })), "body-not-json")
      })))
  })
}

describe("ClerkWebhooks", () => {
  it.effect("refuses deliveries without the three Svix headers", () =>
    at(Effect.gen(function*() {
      const webhooks = yield* verifier()
      const headers = Sign.headers(secret, body, { timestamp: now })
      for (const name of Object.keys(headers)) {
        const { [name]: _, ...rest } = headers
        assert.strictEqual(yield* reason(webhooks.verify({ body, headers: rest })), "missing-headers")
      }
    })))

  it.effect("reads headers in any case", () =>
    at(Effect.gen(function*() {
      const webhooks = yield* verifier()
      const headers = Object.fromEntries(
        Object.entries(Sign.headers(secret, body, { timestamp: now })).map(([k, v]) => [k.toUpperCase(), v])
      )
      assert.strictEqual((yield* webhooks.verify({ body, headers }))._tag, "UserCreated")
    })))

  it.effect("accepts timestamps within 5 minutes either way, and says which way one is off", () =>
    at(Effect.gen(function*() {
      const webhooks = yield* verifier()
      const signedAt = (timestamp: number) =>
        webhooks.verify({ body, headers: Sign.headers(secret, body, { timestamp }) })
      assert.strictEqual((yield* signedAt(now - 300))._tag, "UserCreated")
      assert.strictEqual((yield* signedAt(now + 300))._tag, "UserCreated")
      assert.strictEqual(yield* reason(signedAt(now - 301)), "timestamp-too-old")
      assert.strictEqual(yield* reason(signedAt(now + 301)), "timestamp-too-new")
      const notANumber = { ...Sign.headers(secret, body, { timestamp: now }), "svix-timestamp": "soon" }
      assert.strictEqual(yield* reason(webhooks.verify({ body, headers: notANumber })), "invalid-timestamp")
    })))

  it.effect("the tolerance is configurable, and a replay past it fails whatever its signature", () =>
    at(Effect.gen(function*() {
      const webhooks = yield* verifier({ tolerance: "10 seconds" })
      const headers = Sign.headers(secret, body, { timestamp: now })
      assert.strictEqual((yield* webhooks.verify({ body, headers }))._tag, "UserCreated")
      yield* TestClock.adjust("11 seconds")
      assert.strictEqual(yield* reason(webhooks.verify({ body, headers })), "timestamp-too-old")
    })))

  it.effect("signed but not JSON, or not an event: two reasons", () =>
    at(Effect.gen(function*() {
      const webhooks = yield* verifier()
      const signed = (text: string) =>
        webhooks.verify({ body: text, headers: Sign.headers(secret, text, { timestamp: now }) })
      assert.strictEqual(yield* reason(signed("not json")), "body-not-json")
      assert.strictEqual(yield* reason(signed(`{"hello":"world"}`)), "not-an-event")
      assert.strictEqual(
        yield* reason(signed(JSON.stringify({ ...Sign.userCreated(), data: "a string" }))),
        "not-an-event"
      )
    })))

  it.effect("an event type Clerk adds later decodes to UnknownEvent with its raw data", () =>
    at(Effect.gen(function*() {
      const webhooks = yield* verifier()
      const text = JSON.stringify({ ...Sign.userCreated(), type: "agent.spawned", data: { id: "agt_1" } })
      const event = yield* webhooks.verify({ body: text, headers: Sign.headers(secret, text, { timestamp: now }) })
      assert.strictEqual(event._tag, "UnknownEvent")
      assert.deepStrictEqual(event.data, { id: "agt_1" })
    })))

  it.effect("refuses a body over the limit: declared, streamed without a length, or raw", () =>
    at(Effect.gen(function*() {
      const webhooks = yield* verifier({ maxBodySize: 1024 })
      const big = "x".repeat(1025)
      const headers = Sign.headers(secret, big, { timestamp: now })
      assert.strictEqual(yield* reason(webhooks.verify({ body: big, headers })), "body-too-large")
      const declared = new Request("http://localhost/", { method: "POST", headers, body: big })
      assert.strictEqual(yield* reason(webhooks.verify(declared)), "body-too-large")
      let pulled = 0
      const endless = new ReadableStream<Uint8Array>({
        pull: (controller) => {
          pulled++
          controller.enqueue(new Uint8Array(512))
        }
      })
      const streamed = new Request(
        "http://localhost/",
        { method: "POST", headers, body: endless, duplex: "half" } as RequestInit
      )
      assert.strictEqual(yield* reason(webhooks.verify(streamed)), "body-too-large")
      assert.isBelow(pulled, 10)
      const serverRequest = HttpServerRequest.fromWeb(
        new Request("http://localhost/", { method: "POST", headers: { ...headers }, body: big })
      )
      assert.strictEqual(yield* reason(webhooks.verify(serverRequest)), "body-too-large")
    })))

  it.effect("errors carry the reason and the svix-id, never the secret, a signature or the body", () =>
    at(Effect.gen(function*() {
      const webhooks = yield* verifier()
      const headers = Sign.headers(Sign.newSecret(), body, { id: "msg_3", timestamp: now })
      const error = yield* Effect.flip(webhooks.verify({ body, headers }))
      assert.strictEqual(error.svixId, "msg_3")
      for (const text of [String(error), error.message, JSON.stringify(error), error.stack ?? ""]) {
        assert.notInclude(text, secret.slice(6))
        assert.notInclude(text, headers["svix-signature"]!.slice(3))
        assert.notInclude(text, "Ada")
      }
      const longId = { ...headers, "svix-id": "x".repeat(500) }
      assert.isUndefined((yield* Effect.flip(webhooks.verify({ body, headers: longId }))).svixId)
    })))

  it.effect("fromEnv reads CLERK_WEBHOOK_SIGNING_SECRET, several separated by spaces", () =>
    at(Effect.gen(function*() {
      const old = Sign.newSecret()
      const env = (value: string) =>
        Layer.provide(
          ClerkWebhooks.fromEnv,
          Layer.setConfigProvider(ConfigProvider.fromJson({ CLERK_WEBHOOK_SIGNING_SECRET: value }))
        )
      const headers = Sign.headers(old, body, { timestamp: now })
      const event = yield* ClerkWebhooks.verify({ body, headers }).pipe(Effect.provide(env(`${secret} ${old}`)))
      assert.strictEqual(event._tag, "UserCreated")
      const bad = yield* Effect.flip(Layer.build(env("whsec_not base64!")).pipe(Effect.scoped))
      assert.include(String(bad), "CLERK_WEBHOOK_SIGNING_SECRET")
      assert.notInclude(String(bad), "not base64")
      const missing = yield* Effect.flip(
        Layer.build(Layer.provide(ClerkWebhooks.fromEnv, Layer.setConfigProvider(ConfigProvider.fromJson({})))).pipe(
          Effect.scoped
        )
      )
      assert.include(String(missing), "CLERK_WEBHOOK_SIGNING_SECRET")
    })))
})
