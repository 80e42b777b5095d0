import { assert, describe, layer } from "@effect/vitest"
import { DateTime, Duration, Option } from "effect"
import { Effect } from "effect"
import { ClerkApiError, SignInToken, SignInTokens, UnexpectedResponse } from "../../src/index.js"
import { assertClerkHeaders, clerkError, fakeClerkLayer, json, makeFakeFetch, noRetry } from "../support/FakeFetch.js"
import { wireSignInToken } from "../support/Fixtures.js"
import { harness } from "../support/Harness.js"
import { operations } from "../support/Operations.js"

const fake = makeFakeFetch()
const { fail, rejects, succeed } = harness(fake)

layer(fakeClerkLayer(fake.fetch, noRetry))("SignInTokens", (it) => {
  describe("create", () => {
    it.effect("sends POST /v1/sign_in_tokens with user_id only by default", () =>
      Effect.gen(function*() {
        const { call } = yield* succeed(SignInTokens.create({ userId: "user_1" }), json(200, wireSignInToken()))
        assert.strictEqual(call.method, "POST")
        assert.strictEqual(call.url.href, "https://api.clerk.test/v1/sign_in_tokens")
        assert.deepStrictEqual(call.body, { user_id: "user_1" })
        assertClerkHeaders(call, { json: true })
      }))

    it.effect("sends expires_in_seconds and org_id in snake_case", () =>
      Effect.gen(function*() {
        const { call } = yield* succeed(
          SignInTokens.create({ userId: "user_1", expiresInSeconds: 1, orgId: "org_1" }),
          json(200, wireSignInToken())
        )
        assert.deepStrictEqual(call.body, { user_id: "user_1", expires_in_seconds: 1, org_id: "org_1" })
      }))

    it.effect("decodes the created token with its ticket and url", () =>
      Effect.gen(function*() {
        const { value } = yield* succeed(SignInTokens.create({ userId: "user_1" }), json(200, wireSignInToken()))
        assert.instanceOf(value, SignInToken)
        assert.strictEqual(value.id, "sit_123")
        assert.strictEqual(value.status, "pending")
        assert.strictEqual(value.userId, "user_123")
        assert.deepStrictEqual(value.token, Option.some("ticket_SECRET_TICKET_VALUE"))
        assert.deepStrictEqual(
          value.url,
          Option.some("https://accounts.example.test/sign-in?__clerk_ticket=ticket_SECRET_TICKET_VALUE")
        )
        assert.isTrue(DateTime.isUtc(value.createdAt))
        assert.strictEqual(DateTime.toEpochMillis(value.createdAt), 1_700_000_000_000)
        assert.strictEqual(DateTime.toEpochMillis(value.updatedAt), 1_700_000_000_500)
      }))

    it.effect("rejects expiresInSeconds 0, -1 or 1.5 and a blank user or org id without a request", () =>
      Effect.gen(function*() {
        for (const expiresInSeconds of [0, -1, 1.5, Number.NaN]) {
          yield* rejects(SignInTokens.create({ userId: "user_1", expiresInSeconds }), "expiresInSeconds")
        }
        yield* rejects(SignInTokens.create({ userId: "" }), "userId")
        yield* rejects(SignInTokens.create({ userId: ".." }), "userId")
        yield* rejects(SignInTokens.create({ userId: "user_1", orgId: " " }), "orgId")
      }))
  })

  describe("revoke", () => {
    it.effect("sends POST /v1/sign_in_tokens/{id}/revoke without a body and decodes the revoked token", () =>
      Effect.gen(function*() {
        const { call, value } = yield* succeed(
          SignInTokens.revoke("sit_123"),
          json(200, wireSignInToken({ status: "revoked", token: null, url: null }))
        )
        assert.strictEqual(call.method, "POST")
        assert.strictEqual(call.url.href, "https://api.clerk.test/v1/sign_in_tokens/sit_123/revoke")
        assert.isUndefined(call.body)
        assertClerkHeaders(call)
        assert.strictEqual(value.status, "revoked")
        assert.isTrue(Option.isNone(value.token))
        assert.isTrue(Option.isNone(value.url))
      }))

    it.effect("decodes a revoked token without token and url fields", () =>
      Effect.gen(function*() {
        const { token: _t, url: _u, ...wire } = wireSignInToken({ status: "revoked" })
        const { value } = yield* succeed(SignInTokens.revoke("sit_123"), json(200, wire))
        assert.isTrue(Option.isNone(value.token))
      }))

    it.effect("percent-encodes the id into exactly one path segment", () =>
      Effect.gen(function*() {
        for (const id of ["../users", "a?b", "a#b", "a b", "ü"]) {
          const { call } = yield* succeed(SignInTokens.revoke(id), json(200, wireSignInToken()))
          assert.strictEqual(call.url.pathname, `/v1/sign_in_tokens/${encodeURIComponent(id)}/revoke`, id)
          assert.strictEqual(call.url.search + call.url.hash, "", id)
        }
      }))

    it.effect("rejects an empty, dot-segment or over-long id without a request", () =>
      Effect.gen(function*() {
        for (const id of ["", " ", ".", "..", "s".repeat(257)]) yield* rejects(SignInTokens.revoke(id), "signInTokenId")
      }))
  })

  describe("documented errors", () => {
    for (const op of operations.filter((op) => op.name.startsWith("SignInTokens."))) {
      it.effect(`${op.name}: maps each error status to its tag with Clerk's details`, () =>
        Effect.gen(function*() {
          const cases: ReadonlyArray<readonly [number, string]> = [
            [400, "ClerkApiError"],
            [401, "Unauthorized"],
            [403, "ClerkApiError"],
            [404, "NotFound"],
            [410, "ClerkApiError"],
            [422, "ClerkApiError"],
            [429, "RateLimited"]
          ]
          for (const [status, tag] of cases) {
            const { calls, error } = yield* fail(
              op.run,
              clerkError(status, `code_${status}`, status === 429 ? { "retry-after": "2" } : {})
            )
            assert.strictEqual(calls.length, 1)
            assert.strictEqual(error._tag, tag, `${op.name} ${status}`)
            if (
              error._tag === "InvalidInput" || error._tag === "TransportError" || error._tag === "UnexpectedResponse"
            ) {
              return assert.fail(`unexpected ${error._tag}`)
            }
            assert.strictEqual(error.status, status)
            assert.strictEqual(error.method, "POST")
            assert.strictEqual(error.path, op.path)
            assert.strictEqual(error.clerkTraceId, `trace_${status}`)
            assert.deepStrictEqual(
              error.errors.map((e) => [e.code, e.message, e.longMessage, e.meta]),
              [[`code_${status}`, `code_${status} message`, `code_${status} long message`, { param_name: "x" }]]
            )
            if (error._tag === "RateLimited") assert.isTrue(Duration.equals(error.retryAfter!, Duration.seconds(2)))
          }
        }))
    }

    it.effect("keeps every error of a 422 on create", () =>
      Effect.gen(function*() {
        const { error } = yield* fail(
          SignInTokens.create({ userId: "user_1" }),
          json(422, {
            errors: [
              { code: "form_param_invalid", message: "is invalid", long_message: "user_id is invalid" },
              { code: "form_param_missing", message: "is missing", long_message: null, meta: { param_name: "x" } }
            ]
          })
        )
        assert.instanceOf(error, ClerkApiError)
        assert.deepStrictEqual(error.errors.map((e) => e.code), ["form_param_invalid", "form_param_missing"])
      }))
  })

  describe("forward compatibility", () => {
    it.effect("decodes an unknown status and extra fields", () =>
      Effect.gen(function*() {
        const { value } = yield* succeed(
          SignInTokens.create({ userId: "user_1" }),
          json(200, wireSignInToken({ status: "expired", redirect_url: "https://x.test" }))
        )
        assert.strictEqual(value.status, "expired")
      }))

    it.effect("fails with UnexpectedResponse naming the field, without the ticket, when a field is wrong", () =>
      Effect.gen(function*() {
        const { error } = yield* fail(
          SignInTokens.create({ userId: "user_1" }),
          json(200, wireSignInToken({ object: "sign_in_ticket" }))
        )
        assert.instanceOf(error, UnexpectedResponse)
        assert.strictEqual(error.status, 200)
        assert.include(error.detail, "object")
        for (const text of [error.detail, error.message, JSON.stringify(error), String(error)]) {
          assert.notInclude(text, "ticket_SECRET_TICKET_VALUE")
        }
      }))
  })
})
