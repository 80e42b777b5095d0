import { assert, describe, layer } from "@effect/vitest"
import { Duration, Effect, Schema, TestClock } from "effect"
import {
  ClerkApiError,
  ClerkError,
  Gone,
  InvalidInput,
  NotFound,
  RateLimited,
  Sessions,
  SignInTokens,
  TransportError,
  Unauthorized,
  UnexpectedResponse
} from "../../src/index.js"
import { clerkError, fakeClerkLayer, json, makeFakeFetch, noRetry } from "../support/FakeFetch.js"
import { jwt, wireSession } from "../support/Fixtures.js"
import { harness } from "../support/Harness.js"

const fake = makeFakeFetch()
const { fail, succeed } = harness(fake)

const body = (errors: ReadonlyArray<Record<string, unknown>>, traceId?: string) =>
  traceId === undefined ? { errors } : { errors, clerk_trace_id: traceId }

layer(fakeClerkLayer(fake.fetch, noRetry))("ClerkError", (it) => {
  describe("message", () => {
    const cases: ReadonlyArray<
      readonly [
        number,
        new(...args: ReadonlyArray<any>) => { readonly message: string },
        Effect.Effect<unknown, ClerkError, Sessions.Sessions | SignInTokens.SignInTokens>,
        string
      ]
    > = [
      [401, Unauthorized, Sessions.get("sess_1"), "GET /v1/sessions/sess_1"],
      [404, NotFound, Sessions.revoke("sess_1"), "POST /v1/sessions/sess_1/revoke"],
      [410, Gone, Sessions.verify("sess_1", { token: jwt }), "POST /v1/sessions/sess_1/verify"],
      [429, RateLimited, SignInTokens.create({ userId: "user_1" }), "POST /v1/sign_in_tokens"],
      [400, ClerkApiError, Sessions.list(), "GET /v1/sessions"],
      [403, ClerkApiError, SignInTokens.create({ userId: "user_1" }), "POST /v1/sign_in_tokens"]
    ]

    for (const [status, tag, effect, where] of cases) {
      it.effect(`${tag.name} (${status}) is one line naming method, path, status, first code and trace id`, () =>
        Effect.gen(function*() {
          const { error } = yield* fail(
            effect,
            json(
              status,
              body([
                { code: "first_code", message: "short", long_message: "A long\nmessage\r\nover lines" },
                { code: "second_code", message: "second" }
              ], "trace_abc")
            )
          )
          assert.instanceOf(error, tag)
          const message = error.message
          assert.notMatch(message, /[\r\n]/)
          assert.include(message, where)
          assert.include(message, String(status))
          assert.include(message, "first_code")
          assert.include(message, "trace_abc")
          assert.include(message, "+1 more")
          assert.notInclude(message, "second_code")
          assert.include(String(error), message)
        }))
    }

    it.effect("RateLimited mentions the Retry-After wait", () =>
      Effect.gen(function*() {
        const { error } = yield* fail(
          Sessions.get("sess_1"),
          clerkError(429, "too_many_requests", { "retry-after": "4" })
        )
        assert.instanceOf(error, RateLimited)
        assert.include(error.message, "4s")
      }))

    it.effect("UnexpectedResponse, TransportError and InvalidInput are one line with method or operation", () =>
      Effect.gen(function*() {
        const { error: unexpected } = yield* fail(
          Sessions.get("sess_1"),
          new Response("<html>\n<body>oops</body>\n</html>", { status: 502, headers: { "content-type": "text/html" } })
        )
        assert.instanceOf(unexpected, UnexpectedResponse)
        assert.notMatch(unexpected.message, /[\r\n]/)
        assert.include(unexpected.message, "GET /v1/sessions/sess_1")
        assert.include(unexpected.message, "502")

        const { error: transport } = yield* fail(Sessions.get("sess_1"), { fail: "ECONNREFUSED" })
        assert.instanceOf(transport, TransportError)
        assert.notMatch(transport.message, /[\r\n]/)
        assert.include(transport.message, "GET /v1/sessions/sess_1")
        assert.include(transport.message, "ConnectionRefused")

        const { error: invalid } = yield* fail(Sessions.createToken("sess_1", { expiresInSeconds: 29 }))
        assert.instanceOf(invalid, InvalidInput)
        assert.notMatch(invalid.message, /[\r\n]/)
        assert.strictEqual(invalid.operation, "Sessions.createToken")
        assert.include(invalid.message, "Sessions.createToken")
        assert.include(invalid.message, "expiresInSeconds")
      }))

    it.effect("InvalidInput never repeats a rejected string value", () =>
      Effect.gen(function*() {
        const longId = "sess_" + "SECRETISH".repeat(40)
        const { error } = yield* fail(Sessions.get(longId))
        assert.instanceOf(error, InvalidInput)
        assert.notInclude(error.message, "SECRETISH")
        assert.include(error.message, String(longId.length))
      }))
  })

  describe("errors[]", () => {
    it.effect("ClerkApiError keeps every error of a 422, with long messages and meta", () =>
      Effect.gen(function*() {
        const { error } = yield* fail(
          Sessions.create({ userId: "user_1" }),
          json(
            422,
            body([
              {
                code: "form_param_missing",
                message: "missing",
                long_message: "user_id is missing",
                meta: { param_name: "user_id" }
              },
              { code: "form_param_format_invalid", message: "invalid", long_message: null, meta: null },
              { code: "form_param_value_invalid", message: "bad value", extra: true }
            ], "trace_422")
          )
        )
        assert.instanceOf(error, ClerkApiError)
        assert.strictEqual(error.status, 422)
        assert.deepStrictEqual(
          error.errors.map((e) => ({ code: e.code, message: e.message, longMessage: e.longMessage, meta: e.meta })),
          [
            {
              code: "form_param_missing",
              message: "missing",
              longMessage: "user_id is missing",
              meta: { param_name: "user_id" }
            },
            { code: "form_param_format_invalid", message: "invalid", longMessage: undefined, meta: undefined },
            { code: "form_param_value_invalid", message: "bad value", longMessage: undefined, meta: undefined }
          ]
        )
        assert.include(error.message, "+2 more")
      }))

    it.effect("keeps the tag of 401/404/429 even without a Clerk body, with no errors", () =>
      Effect.gen(function*() {
        const { error } = yield* fail(Sessions.get("sess_1"), new Response("Unauthorized", { status: 401 }))
        assert.instanceOf(error, Unauthorized)
        assert.deepStrictEqual(error.errors, [])
        assert.isUndefined(error.clerkTraceId)
        const { error: notFound } = yield* fail(Sessions.get("sess_1"), new Response("", { status: 404 }))
        assert.instanceOf(notFound, NotFound)
        assert.notMatch(notFound.message, /[\r\n]/)
      }))
  })

  describe("clerkTraceId", () => {
    it.effect("falls back to the clerk-trace-id header, then to cf-ray", () =>
      Effect.gen(function*() {
        const errors = [{ code: "c", message: "m" }]
        const { error: fromHeader } = yield* fail(
          Sessions.get("sess_1"),
          json(404, body(errors), { "clerk-trace-id": "trace_header", "cf-ray": "ray_1" })
        )
        assert.strictEqual(fromHeader._tag, "NotFound")
        if (fromHeader._tag === "NotFound") assert.strictEqual(fromHeader.clerkTraceId, "trace_header")

        const { error: fromRay } = yield* fail(Sessions.get("sess_1"), json(404, body(errors), { "cf-ray": "ray_2" }))
        if (fromRay._tag !== "NotFound") return assert.fail(fromRay._tag)
        assert.strictEqual(fromRay.clerkTraceId, "ray_2")
        assert.include(fromRay.message, "ray_2")

        const { error: fromBody } = yield* fail(
          Sessions.get("sess_1"),
          json(404, body(errors, "trace_body"), { "clerk-trace-id": "trace_header", "cf-ray": "ray_3" })
        )
        if (fromBody._tag !== "NotFound") return assert.fail(fromBody._tag)
        assert.strictEqual(fromBody.clerkTraceId, "trace_body")

        const { error: htmlWithRay } = yield* fail(
          Sessions.get("sess_1"),
          new Response("<html/>", { status: 401, headers: { "cf-ray": "ray_4" } })
        )
        if (htmlWithRay._tag !== "Unauthorized") return assert.fail(htmlWithRay._tag)
        assert.strictEqual(htmlWithRay.clerkTraceId, "ray_4")
      }))
  })

  describe("RateLimited.retryAfter", () => {
    it.effect("reads seconds, fractional seconds and HTTP dates; ignores junk", () =>
      Effect.gen(function*() {
        const retryAfter = (value: string) =>
          Effect.map(
            fail(Sessions.get("sess_1"), clerkError(429, "too_many_requests", { "retry-after": value })),
            ({ error }) => {
              assert.instanceOf(error, RateLimited)
              return error.retryAfter === undefined ? undefined : Duration.toMillis(error.retryAfter)
            }
          )
        assert.strictEqual(yield* retryAfter("3"), 3000)
        assert.strictEqual(yield* retryAfter(" 1.5 "), 1500)
        assert.strictEqual(yield* retryAfter("0"), 0)
        assert.isUndefined(yield* retryAfter("soon"))
        assert.isUndefined(yield* retryAfter("-3"))
        assert.isUndefined(yield* retryAfter("2026-05-12"))
        assert.strictEqual(yield* retryAfter("2026"), 2_026_000, "a bare number is delta-seconds")
        const now = Date.parse("2026-05-12T10:00:00Z")
        yield* TestClock.setTime(now)
        assert.strictEqual(yield* retryAfter(new Date(now + 7000).toUTCString()), 7000)
        assert.strictEqual(yield* retryAfter(new Date(now - 7000).toUTCString()), 0)
        const { error } = yield* fail(Sessions.get("sess_1"), clerkError(429, "too_many_requests"))
        assert.instanceOf(error, RateLimited)
        assert.isUndefined(error.retryAfter)
      }))
  })

  describe("matching", () => {
    it.effect("lets callers handle each tag as data", () =>
      Effect.gen(function*() {
        fake.script(clerkError(404, "resource_not_found"))
        const handled = yield* Sessions.get("sess_1").pipe(
          Effect.map(() => "found"),
          Effect.catchTags({
            NotFound: (e) => Effect.succeed(`missing ${e.path}`),
            Unauthorized: () => Effect.succeed("bad key")
          }),
          Effect.orElseSucceed(() => "other")
        )
        assert.strictEqual(handled, "missing /v1/sessions/sess_1")
        const { value } = yield* succeed(
          Sessions.get("sess_1").pipe(Effect.catchTag("NotFound", () => Effect.succeed(null))),
          json(200, wireSession())
        )
        assert.isNotNull(value)
      }))

    it.effect("round-trips RateLimited with its retryAfter through JSON", () =>
      Effect.gen(function*() {
        const { error } = yield* fail(
          Sessions.get("sess_1"),
          clerkError(429, "too_many_requests", { "retry-after": "3" })
        )
        const json = JSON.stringify(yield* Schema.encode(ClerkError)(error))
        const decoded = yield* Schema.decodeUnknown(ClerkError)(JSON.parse(json))
        assert.instanceOf(decoded, RateLimited)
        assert.isTrue(Duration.equals(decoded.retryAfter!, Duration.seconds(3)))
        assert.strictEqual(decoded.message, error.message)
      }))

    it.effect("round-trips through the ClerkError schema", () =>
      Effect.gen(function*() {
        const { error } = yield* fail(Sessions.get("sess_1"), clerkError(404, "resource_not_found"))
        const encoded = yield* Schema.encode(ClerkError)(error)
        const decoded = yield* Schema.decodeUnknown(ClerkError)(JSON.parse(JSON.stringify(encoded)))
        assert.instanceOf(decoded, NotFound)
        assert.strictEqual(decoded.message, error.message)
        assert.deepStrictEqual(yield* Schema.encode(ClerkError)(decoded), encoded)
      }))
  })
})
