import { assert, describe, it } from "@effect/vitest"
import { Effect, Either, Schema } from "effect"
import { Cookies, Token } from "../../src/index.js"

describe("Token", () => {
  it.effect("decodes { object: token, jwt } and ignores extra fields", () =>
    Effect.gen(function*() {
      const token = yield* Schema.decodeUnknown(Token)({ object: "token", jwt: "a.b.c", expires_at: 1 })
      assert.instanceOf(token, Token)
      assert.strictEqual(token.jwt, "a.b.c")
    }))

  it("fails without jwt or with another object", () => {
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(Token)({ object: "token" })))
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(Token)({ object: "cookies", jwt: "a.b.c" })))
  })
})

describe("Cookies", () => {
  it.effect("decodes { object: cookies, cookies }", () =>
    Effect.gen(function*() {
      const cookies = yield* Schema.decodeUnknown(Cookies)({ object: "cookies", cookies: ["a=1", "b=2"] })
      assert.instanceOf(cookies, Cookies)
      assert.deepStrictEqual(cookies.cookies, ["a=1", "b=2"])
    }))

  it("fails on a token body or non-string cookies", () => {
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(Cookies)({ object: "token", jwt: "x" })))
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(Cookies)({ object: "cookies", cookies: [1] })))
  })
})
