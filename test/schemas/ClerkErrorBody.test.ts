import { assert, describe, it } from "@effect/vitest"
import { Effect, Either, Schema } from "effect"
import { ClerkErrorBody } from "../../src/schemas/ClerkErrorBody.js"

describe("ClerkErrorBody", () => {
  it.effect("decodes errors[] with long_message and meta, and clerk_trace_id", () =>
    Effect.gen(function*() {
      const body = yield* Schema.decodeUnknown(ClerkErrorBody)({
        errors: [
          { code: "c1", message: "m1", long_message: "long 1", meta: { param_name: "user_id" } },
          { code: "c2", message: "m2", long_message: null, meta: null, extra: true }
        ],
        meta: {},
        clerk_trace_id: "trace_1"
      })
      assert.strictEqual(body.clerkTraceId, "trace_1")
      assert.deepStrictEqual(body.errors.map((e) => [e.code, e.message, e.longMessage, e.meta]), [
        ["c1", "m1", "long 1", { param_name: "user_id" }],
        ["c2", "m2", undefined, undefined]
      ])
    }))

  it.effect("accepts a missing or null clerk_trace_id", () =>
    Effect.gen(function*() {
      assert.isUndefined((yield* Schema.decodeUnknown(ClerkErrorBody)({ errors: [] })).clerkTraceId)
      assert.isUndefined(
        (yield* Schema.decodeUnknown(ClerkErrorBody)({ errors: [], clerk_trace_id: null })).clerkTraceId
      )
    }))

  it("fails without errors[] or an error without code", () => {
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(ClerkErrorBody)({ message: "oops" })))
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(ClerkErrorBody)({ errors: [{ message: "m" }] })))
  })
})
