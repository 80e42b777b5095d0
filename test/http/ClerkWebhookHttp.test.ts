import { HttpApi, HttpApiBuilder, HttpApiGroup, HttpRouter, HttpServer } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Layer, Redacted, type Scope } from "effect"
import { createServer } from "node:http"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import * as ClerkWebhookHttp from "../../src/http/ClerkWebhookHttp.js"
import * as ClerkWebhookGuard from "../../src/services/ClerkWebhookGuard.js"
import * as ClerkWebhooks from "../../src/services/ClerkWebhooks.js"
import * as Sign from "../webhooks/support/Sign.js"

const secret = Sign.newSecret()
const body = JSON.stringify(Sign.userCreated())

/** What the handler of a test server saw, and whether it fails next. */
interface Seen {
  readonly events: Array<string>
  failNext: number
}

const onEvent = (seen: Seen) => (event: ClerkWebhooks.WebhookEvent, delivery: ClerkWebhooks.Delivery) =>
  Effect.suspend(() => {
    if (seen.failNext > 0) {
      seen.failNext--
      return Effect.fail("handler failed")
    }
    seen.events.push(`${event.type} ${delivery.id}`)
    return Effect.void
  })

const api = HttpApi.make("webhooks").add(
  HttpApiGroup.make("webhooks").add(ClerkWebhookHttp.endpoint("clerk", "/webhooks/clerk"))
)

type Kind = "router" | "api"

/** A server of `kind` on 127.0.0.1:0 with the webhook route (and the guard when asked); answers its webhook URL. */
const serve = (
  kind: Kind,
  seen: Seen,
  options: { readonly guard?: boolean; readonly maxBodySize?: number } = {}
): Effect.Effect<string, never, Scope.Scope> =>
  Effect.gen(function*() {
    const app = kind === "router"
      ? HttpServer.serve(HttpRouter.empty.pipe(ClerkWebhookHttp.route("/webhooks/clerk", onEvent(seen))))
      : HttpApiBuilder.serve().pipe(
        Layer.provide(HttpApiBuilder.api(api)),
        Layer.provide(HttpApiBuilder.group(api, "webhooks", (handlers) =>
          handlers.handle("clerk", () =>
            ClerkWebhookHttp.handleEndpoint((event, delivery) =>
              // an HttpApi endpoint declares its errors: a failing handler dies, the server answers 500
              Effect.orDie(onEvent(seen)(event, delivery))
            ))))
      )
    const services = Layer.mergeAll(
      ClerkWebhooks.layer({ secret: Redacted.make(secret), maxBodySize: options.maxBodySize }),
      options.guard === true ? ClerkWebhookGuard.layerMemory() : Layer.empty
    )
    const context = yield* Layer.build(
      (app as Layer.Layer<never>).pipe(
        Layer.provideMerge(NodeHttpServer.layer(() =>
          createServer(), { port: 0, host: "127.0.0.1" })),
        Layer.provide(services),
        Layer.orDie
      )
    )
    const address = Context.get(context, HttpServer.HttpServer).address
    return address._tag === "TcpAddress" ? `http://127.0.0.1:${address.port}/webhooks/clerk` : ""
  })

const post = (url: string, text: string, headers: Record<string, string>) =>
  Effect.promise(async () => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: text
    })
    return { status: response.status, body: await response.text() }
  })

for (const kind of ["router", "api"] as const) {
  describe(`ClerkWebhookHttp (${kind}, real sockets)`, () => {
    it.live("hands the handler the verified event, answers 204", () =>
      Effect.gen(function*() {
        const seen: Seen = { events: [], failNext: 0 }
        const url = yield* serve(kind, seen)
        const response = yield* post(url, body, Sign.headers(secret, body, { id: "msg_ok" }))
        assert.strictEqual(response.status, 204)
        assert.deepStrictEqual(seen.events, ["user.created msg_ok"])
      }).pipe(Effect.scoped))

    it.live("answers 400 with the reason, and does not run the handler, for a delivery that does not verify", () =>
      Effect.gen(function*() {
        const seen: Seen = { events: [], failNext: 0 }
        const url = yield* serve(kind, seen, { maxBodySize: 4096 })
        const headers = Sign.headers(secret, body)
        const reserialized = yield* post(url, JSON.stringify(JSON.parse(body), null, 1), headers)
        assert.strictEqual(reserialized.status, 400)
        assert.strictEqual(JSON.parse(reserialized.body).reason, "bad-signature")
        const big = "x".repeat(5000)
        const tooLarge = yield* post(url, big, Sign.headers(secret, big))
        assert.strictEqual(tooLarge.status, 400)
        assert.strictEqual(JSON.parse(tooLarge.body).reason, "body-too-large")
        const unsigned = yield* post(url, body, {})
        assert.strictEqual(JSON.parse(unsigned.body).reason, "missing-headers")
        assert.deepStrictEqual(seen.events, [])
      }).pipe(Effect.scoped))

    it.live("with the guard: a repeated delivery runs once; a failed one (500) runs again when retried", () =>
      Effect.gen(function*() {
        const seen: Seen = { events: [], failNext: 1 }
        const url = yield* serve(kind, seen, { guard: true })
        const headers = Sign.headers(secret, body, { id: "msg_retry" })
        assert.strictEqual((yield* post(url, body, headers)).status, 500)
        assert.strictEqual((yield* post(url, body, headers)).status, 204)
        const resigned = Sign.headers(secret, body, { id: "msg_retry", timestamp: Math.floor(Date.now() / 1000) + 1 })
        assert.strictEqual((yield* post(url, body, resigned)).status, 204)
        assert.deepStrictEqual(seen.events, ["user.created msg_retry"])
      }).pipe(Effect.scoped))
  })
}

describe("ClerkWebhookHttp with the emulator", () => {
  it.live("the emulator's deliveries reach a route and verify, end to end", () =>
    Effect.gen(function*() {
      const seen: Seen = { events: [], failNext: 0 }
      const url = yield* serve("router", seen)
      const emulator = yield* ClerkEmulator.make({ webhooks: [{ url, secret }] })
      const sent = yield* emulator.sendWebhook({ type: "user.created", data: Sign.userCreated().data })
      yield* emulator.webhooksSettled
      assert.deepStrictEqual(seen.events, [`user.created ${sent}`])
      const [delivery] = yield* emulator.webhookDeliveries
      assert.deepStrictEqual(delivery?.attempts.map((attempt) => attempt.status), [204])
    }).pipe(Effect.scoped))

  it.live("a handler that fails is retried by the emulator on its schedule until it succeeds", () =>
    Effect.gen(function*() {
      const seen: Seen = { events: [], failNext: 2 }
      const url = yield* serve("router", seen, { guard: true })
      const emulator = yield* ClerkEmulator.make({
        webhooks: [{ url, secret }],
        webhookRetryDelays: ["10 millis", "10 millis", "10 millis"]
      })
      const sent = yield* emulator.sendWebhook({ type: "user.created", data: Sign.userCreated().data })
      yield* emulator.webhooksSettled
      assert.deepStrictEqual(seen.events, [`user.created ${sent}`])
      const [delivery] = yield* emulator.webhookDeliveries
      assert.deepStrictEqual(delivery?.attempts.map((attempt) => attempt.status), [500, 500, 204])
    }).pipe(Effect.scoped))
})
