import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Either, Option, Schema } from "effect"
import { SignInToken, SignInTokenStatus } from "../../src/index.js"
import { wireSignInToken } from "../support/Fixtures.js"

const decode = Schema.decodeUnknown(SignInToken)

describe("SignInToken", () => {
  it.effect("decodes a created token with its ticket and url", () =>
    Effect.gen(function*() {
      const token = yield* decode(wireSignInToken())
      assert.strictEqual(token.userId, "user_123")
      assert.deepStrictEqual(token.token, Option.some("ticket_SECRET_TICKET_VALUE"))
      assert.isTrue(Option.isSome(token.url))
      assert.strictEqual(DateTime.toEpochMillis(token.updatedAt), 1_700_000_000_500)
    }))

  it.effect("decodes absent or null token and url as None", () =>
    Effect.gen(function*() {
      const { token: _t, url: _u, ...wire } = wireSignInToken()
      const absent = yield* decode(wire)
      assert.isTrue(Option.isNone(absent.token) && Option.isNone(absent.url))
      const nulls = yield* decode(wireSignInToken({ token: null, url: null }))
      assert.isTrue(Option.isNone(nulls.token) && Option.isNone(nulls.url))
    }))

  it.effect("decodes the documented statuses, an unknown one, and ignores extra fields", () =>
    Effect.gen(function*() {
      for (const status of ["pending", "accepted", "revoked", "expired"]) {
        assert.strictEqual((yield* decode(wireSignInToken({ status, extra: 1 }))).status, status)
      }
      assert.isTrue(Schema.is(SignInTokenStatus)("anything_new"))
    }))

  it("fails without user_id or with another object type", () => {
    const { user_id: _, ...withoutUser } = wireSignInToken()
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(SignInToken)(withoutUser)))
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(SignInToken)(wireSignInToken({ object: "session" }))))
  })
})
