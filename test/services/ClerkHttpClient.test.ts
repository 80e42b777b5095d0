import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it, layer } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Option, Redacted, Schedule } from "effect"
import {
  ClerkConfig,
  ClerkHttpClient,
  ClerkLiveFromHttpClient,
  Jwks,
  Sessions,
  SignInTokens,
  TransportError,
  UnexpectedResponse,
  version
} from "../../src/index.js"
import { fakeClerkLayer, json, makeFakeFetch, noRetry, packageVersion, type Script } from "../support/FakeFetch.js"
import { jwt, wireSession, wireSignInToken } from "../support/Fixtures.js"
import { harness } from "../support/Harness.js"

const fake = makeFakeFetch()
const { withFake } = harness(fake)

/** Runs `effect` against `answers` and returns its typed failure, asserting the cause holds no defect. */
const failsWithoutDefect = <A, E, R>(effect: Effect.Effect<A, E, R>, ...answers: ReadonlyArray<Script>) =>
  Effect.gen(function*() {
    const { calls, exit } = yield* withFake(effect, ...answers)
    assert.isTrue(Exit.isFailure(exit))
    if (Exit.isSuccess(exit)) throw new Error("unreachable")
    assert.isFalse(Cause.isDie(exit.cause), Cause.pretty(exit.cause))
    assert.isTrue(Option.isNone(Cause.dieOption(exit.cause)))
    return { error: Option.getOrThrow(Cause.failureOption(exit.cause)), calls }
  })

describe("version", () => {
  it("equals the version in package.json", () => {
    assert.strictEqual(version, packageVersion)
    assert.strictEqual(ClerkHttpClient.userAgent, `effect-clerk/${packageVersion}`)
  })
})

layer(fakeClerkLayer(fake.fetch, noRetry))("ClerkHttpClient", (it) => {
  describe("unexpected responses", () => {
    it.effect("turns an HTML 502 page into UnexpectedResponse with its status", () =>
      Effect.gen(function*() {
        const { error } = yield* failsWithoutDefect(
          Sessions.get("sess_123"),
          new Response("<html><body>Bad gateway</body></html>", {
            status: 502,
            headers: { "content-type": "text/html" }
          })
        )
        assert.instanceOf(error, UnexpectedResponse)
        assert.strictEqual(error.status, 502)
        assert.strictEqual(error.method, "GET")
        assert.strictEqual(error.path, "/v1/sessions/sess_123")
        assert.include(error.detail, "text/html")
        assert.notInclude(error.detail, "Bad gateway")
      }))

    it.effect("turns an empty 503 into UnexpectedResponse", () =>
      Effect.gen(function*() {
        const { error } = yield* failsWithoutDefect(Sessions.get("sess_123"), new Response(null, { status: 503 }))
        assert.instanceOf(error, UnexpectedResponse)
        assert.strictEqual(error.status, 503)
        assert.include(error.detail, "empty")
      }))

    it.effect("turns malformed or empty JSON on a 200 into UnexpectedResponse", () =>
      Effect.gen(function*() {
        const malformed = yield* failsWithoutDefect(
          Sessions.get("sess_123"),
          new Response("{\"object\": \"session\", ", { status: 200, headers: { "content-type": "application/json" } })
        )
        assert.instanceOf(malformed.error, UnexpectedResponse)
        assert.strictEqual(malformed.error.status, 200)
        assert.include(malformed.error.detail, "JSON")
        const empty = yield* failsWithoutDefect(Sessions.revoke("sess_123"), new Response("", { status: 200 }))
        assert.instanceOf(empty.error, UnexpectedResponse)
        assert.include(empty.error.detail, "empty")
      }))

    it.effect("turns a JSON error body that is not Clerk's into UnexpectedResponse for a 500", () =>
      Effect.gen(function*() {
        const { error } = yield* failsWithoutDefect(Sessions.get("sess_123"), json(500, { message: "oops" }))
        assert.instanceOf(error, UnexpectedResponse)
        assert.strictEqual(error.status, 500)
      }))

    it.effect("names a missing required field without any field value", () =>
      Effect.gen(function*() {
        const { user_id: _, ...withoutUser } = wireSession({ id: "sess_BODY_ONLY" })
        const { error } = yield* failsWithoutDefect(Sessions.get("sess_123"), json(200, withoutUser))
        assert.instanceOf(error, UnexpectedResponse)
        assert.strictEqual(error.status, 200)
        assert.include(error.detail, "user_id")
        assert.include(error.detail, "missing")
        for (const value of ["sess_BODY_ONLY", "client_123", "Berlin", "203.0.113.7", "user_admin"]) {
          assert.notInclude(error.detail, value)
          assert.notInclude(error.message, value)
        }
      }))

    it.effect("never repeats the JWT of a token response that fails to decode", () =>
      Effect.gen(function*() {
        const bodies: ReadonlyArray<readonly [unknown, string]> = [
          [{ object: "jwt", jwt }, "object"],
          [{ object: "token" }, "jwt"],
          [{ object: "token", jwt: 42 }, "jwt"],
          [[jwt], "body"],
          [jwt, "body"]
        ]
        for (const [body, field] of bodies) {
          const { error } = yield* failsWithoutDefect(Sessions.createToken("sess_123"), json(200, body))
          assert.instanceOf(error, UnexpectedResponse)
          assert.include(error.detail, field, JSON.stringify(body))
          for (const text of [error.detail, error.message, String(error), JSON.stringify(error)]) {
            assert.notInclude(text, "SIGNATURE_SECRET_VALUE")
          }
        }
      }))

    it.effect("never repeats the ticket of a sign-in token response that fails to decode", () =>
      Effect.gen(function*() {
        const { error } = yield* failsWithoutDefect(
          SignInTokens.create({ userId: "user_1" }),
          json(200, wireSignInToken({ created_at: "yesterday" }))
        )
        assert.instanceOf(error, UnexpectedResponse)
        assert.include(error.detail, "created_at")
        for (const text of [error.detail, error.message, String(error), JSON.stringify(error)]) {
          assert.notInclude(text, "ticket_SECRET_TICKET_VALUE")
          assert.notInclude(text, "yesterday")
        }
      }))

    it.effect("fails a page with a bad session with UnexpectedResponse naming its index", () =>
      Effect.gen(function*() {
        const { error } = yield* failsWithoutDefect(
          Sessions.list(),
          json(200, { data: [wireSession(), wireSession({ expire_at: null })], total_count: 2 })
        )
        assert.instanceOf(error, UnexpectedResponse)
        assert.include(error.detail, "[1]")
        assert.include(error.detail, "expire_at")
      }))
  })

  describe("transport failures", () => {
    it.effect("classifies a refused connection", () =>
      Effect.gen(function*() {
        const { error } = yield* failsWithoutDefect(Sessions.get("sess_123"), { fail: "ECONNREFUSED" })
        assert.instanceOf(error, TransportError)
        assert.strictEqual(error.failure, "ConnectionRefused")
        assert.strictEqual(error.method, "GET")
        assert.strictEqual(error.path, "/v1/sessions/sess_123")
        assert.include(error.detail, "ECONNREFUSED")
      }))

    it.effect("classifies an answer whose body breaks off as a reset connection, not an empty body", () =>
      Effect.gen(function*() {
        const cut = () =>
          new Response(
            new ReadableStream({
              start(controller) {
                controller.enqueue(new TextEncoder().encode("{\"object\": \"sess"))
                controller.error(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))
              }
            }),
            { status: 200, headers: { "content-type": "application/json" } }
          )
        const { calls, error } = yield* failsWithoutDefect(Sessions.get("sess_123"), cut)
        assert.instanceOf(error, TransportError)
        assert.strictEqual(error.failure, "ConnectionReset")
        assert.strictEqual(calls.length, 1)
      }))

    it.effect("classifies a reset connection", () =>
      Effect.gen(function*() {
        const { error } = yield* failsWithoutDefect(Sessions.revoke("sess_123"), { fail: "ECONNRESET" })
        assert.instanceOf(error, TransportError)
        assert.strictEqual(error.failure, "ConnectionReset")
        assert.strictEqual(error.path, "/v1/sessions/sess_123/revoke")
      }))
  })
})

describe("ClerkLiveFromHttpClient", () => {
  it.effect("runs over any platform HttpClient", () =>
    Effect.gen(function*() {
      const seen: Array<string> = []
      const client = HttpClient.make((request) =>
        Effect.sync(() => {
          seen.push(`${request.method} ${request.url}`)
          return HttpClientResponse.fromWeb(request, json(200, wireSession({ id: "sess_stub" })))
        })
      )
      const live = ClerkLiveFromHttpClient.pipe(
        Layer.provide(Layer.succeed(HttpClient.HttpClient, client)),
        Layer.provide(ClerkConfig.layer({ secretKey: Redacted.make("sk_test_stub"), apiUrl: "https://stub.test" }))
      )
      const session = yield* Sessions.get("sess_stub").pipe(Effect.provide(live))
      assert.strictEqual(session.id, "sess_stub")
      assert.deepStrictEqual(seen, ["GET https://stub.test/v1/sessions/sess_stub"])
    }))

  it.effect("a user's client wrapped with mapRequest and tapRequest carries every request, the JWKS one included", () =>
    Effect.gen(function*() {
      const tapped: Array<string> = []
      const client = HttpClient.make((request) =>
        Effect.succeed(
          HttpClientResponse.fromWeb(
            request,
            request.headers["x-proxy-auth"] !== "proxy-secret"
              ? new Response(null, { status: 407 })
              : request.url.endsWith("/v1/jwks")
              ? json(200, { keys: [] })
              : json(200, wireSession({ id: "sess_wrapped" }))
          )
        )
      ).pipe(
        HttpClient.mapRequest(HttpClientRequest.setHeader("x-proxy-auth", "proxy-secret")),
        HttpClient.tapRequest((request) => Effect.sync(() => tapped.push(`${request.method} ${request.url}`)))
      )
      const live = ClerkLiveFromHttpClient.pipe(
        Layer.provide(Layer.succeed(HttpClient.HttpClient, client)),
        Layer.provide(ClerkConfig.layer({ secretKey: Redacted.make("sk_test_stub"), apiUrl: "https://stub.test" }))
      )
      const [session, keys] = yield* Effect.all([Sessions.get("sess_wrapped"), Jwks.get()]).pipe(Effect.provide(live))
      assert.strictEqual(session.id, "sess_wrapped")
      assert.deepStrictEqual(keys.keys, [])
      assert.deepStrictEqual(tapped, [
        "GET https://stub.test/v1/sessions/sess_wrapped",
        "GET https://stub.test/v1/jwks"
      ])
    }))

  it.effect("an HttpClient that follows redirects itself: another origin's answer is an UnexpectedResponse", () =>
    Effect.gen(function*() {
      const seen: Array<string> = []
      const client = HttpClient.make((request) =>
        Effect.sync(() => {
          seen.push(request.url)
          return HttpClientResponse.fromWeb(
            request,
            request.url.startsWith("https://stub.test")
              ? new Response(null, {
                status: 307,
                headers: { location: "https://elsewhere.test/v1/x?token=LOC_SECRET" }
              })
              : json(200, wireSession({ id: "sess_elsewhere" }))
          )
        })
      ).pipe(HttpClient.followRedirects(3))
      const live = ClerkLiveFromHttpClient.pipe(
        Layer.provide(Layer.succeed(HttpClient.HttpClient, client)),
        Layer.provide(
          ClerkConfig.layer({
            secretKey: Redacted.make("sk_test_stub"),
            apiUrl: "https://stub.test",
            retry: Schedule.stop
          })
        )
      )
      const error = yield* Effect.flip(Sessions.get("sess_1").pipe(Effect.provide(live)))
      assert.instanceOf(error, UnexpectedResponse)
      assert.strictEqual(error.detail, "the HttpClient followed a redirect to https://elsewhere.test")
      assert.notInclude(error.message, "LOC_SECRET")
      assert.strictEqual(seen.length, 2, "the user's client did follow it (effect-clerk cannot stop that)")
    }))
})
