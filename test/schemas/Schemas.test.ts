import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Either, Option, ParseResult, Schema } from "effect"
import {
  Cookies,
  Session,
  SessionActivity,
  SessionPage,
  SessionStatus,
  SignInToken,
  SignInTokenStatus,
  Token
} from "../../src/index.js"
import { ClerkErrorBody } from "../../src/schemas/ClerkErrorBody.js"
import { wireSession, wireSignInToken } from "../support/Fixtures.js"

// One file for the wire schemas of src/schemas (Session, SignInToken, Token, ClerkErrorBody): each test file costs
// a second of module loading, so small modules share one.

const decodeSession = Schema.decodeUnknown(Session)
const issuePaths = (error: ParseResult.ParseError) =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => issue.path.join("."))

describe("Session", () => {
  it.effect("decodes the wire's snake_case and unix ms into camelCase and DateTime.Utc", () =>
    Effect.gen(function*() {
      const session = yield* decodeSession(wireSession())
      assert.instanceOf(session, Session)
      assert.strictEqual(session.userId, "user_123")
      assert.strictEqual(session.clientId, "client_123")
      assert.isTrue(DateTime.isUtc(session.expireAt))
      assert.strictEqual(DateTime.toEpochMillis(session.expireAt), 1_700_604_800_000)
      assert.strictEqual(DateTime.formatIso(session.lastActiveAt), "2023-11-14T22:13:20.000Z")
      assert.instanceOf(Option.getOrThrow(session.latestActivity), SessionActivity)
    }))

  it.effect("encodes back to exactly the wire form", () =>
    Effect.gen(function*() {
      const wire = wireSession()
      const encoded = yield* Schema.encode(Session)(yield* decodeSession(wire))
      assert.deepStrictEqual(encoded, wire)
    }))

  it.effect("ignores unknown fields", () =>
    Effect.gen(function*() {
      const session = yield* decodeSession(wireSession({ tasks: [], factor_verification_age: [1, 2] }))
      assert.notProperty(session, "tasks")
      assert.notProperty(session, "factor_verification_age")
    }))

  it.effect("decodes every documented status as itself and an unknown one as its string", () =>
    Effect.gen(function*() {
      for (const status of ["active", "revoked", "ended", "expired", "removed", "abandoned", "replaced", "pending"]) {
        assert.strictEqual((yield* decodeSession(wireSession({ status }))).status, status)
      }
      const future = yield* decodeSession(wireSession({ status: "suspended" }))
      assert.strictEqual(future.status, "suspended")
      assert.isTrue(Schema.is(SessionStatus)("suspended"))
      assert.isFalse(Schema.is(SessionStatus)(42))
    }))

  it.effect("decodes null optional fields as None", () =>
    Effect.gen(function*() {
      const session = yield* decodeSession(
        wireSession({ actor: null, last_active_organization_id: null, latest_activity: null })
      )
      assert.isTrue(Option.isNone(session.actor))
      assert.isTrue(Option.isNone(session.lastActiveOrganizationId))
      assert.isTrue(Option.isNone(session.latestActivity))
    }))

  it("fails on a missing or mistyped required field, naming it by its wire key", () => {
    for (
      const [field, value] of [["user_id", undefined], ["client_id", 1], ["expire_at", "soon"], ["object", "client"], [
        "status",
        null
      ]] as const
    ) {
      const wire = wireSession({ [field]: value })
      if (value === undefined) delete wire[field]
      const result = Schema.decodeUnknownEither(Session)(wire)
      assert.isTrue(Either.isLeft(result), field)
      if (Either.isLeft(result)) assert.include(issuePaths(result.left), field)
    }
  })

  it("fails on latest_activity without is_mobile", () => {
    const result = Schema.decodeUnknownEither(Session)(
      wireSession({ latest_activity: { object: "session_activity", id: "a" } })
    )
    assert.isTrue(Either.isLeft(result))
    if (Either.isLeft(result)) assert.include(issuePaths(result.left), "latest_activity.is_mobile")
  })
})

describe("SessionPage", () => {
  it.effect("decodes data and total_count", () =>
    Effect.gen(function*() {
      const page = yield* Schema.decodeUnknown(SessionPage)({
        data: [wireSession(), wireSession({ id: "sess_2", status: "suspended" })],
        total_count: 7
      })
      assert.strictEqual(page.totalCount, 7)
      assert.deepStrictEqual(page.data.map((s) => s.id), ["sess_123", "sess_2"])
    }))

  it("fails without total_count (a non-paginated array is not a page)", () => {
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(SessionPage)({ data: [] })))
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(SessionPage)([wireSession()])))
  })
})

const decodeSignInToken = Schema.decodeUnknown(SignInToken)

describe("SignInToken", () => {
  it.effect("decodes a created token with its ticket and url", () =>
    Effect.gen(function*() {
      const token = yield* decodeSignInToken(wireSignInToken())
      assert.strictEqual(token.userId, "user_123")
      assert.deepStrictEqual(token.token, Option.some("ticket_SECRET_TICKET_VALUE"))
      assert.isTrue(Option.isSome(token.url))
      assert.strictEqual(DateTime.toEpochMillis(token.updatedAt), 1_700_000_000_500)
    }))

  it.effect("decodes absent or null token and url as None", () =>
    Effect.gen(function*() {
      const { token: _t, url: _u, ...wire } = wireSignInToken()
      const absent = yield* decodeSignInToken(wire)
      assert.isTrue(Option.isNone(absent.token) && Option.isNone(absent.url))
      const nulls = yield* decodeSignInToken(wireSignInToken({ token: null, url: null }))
      assert.isTrue(Option.isNone(nulls.token) && Option.isNone(nulls.url))
    }))

  it.effect("decodes the documented statuses, an unknown one, and ignores extra fields", () =>
    Effect.gen(function*() {
      for (const status of ["pending", "accepted", "revoked", "expired"]) {
        assert.strictEqual((yield* decodeSignInToken(wireSignInToken({ status, extra: 1 }))).status, status)
      }
      assert.isTrue(Schema.is(SignInTokenStatus)("anything_new"))
    }))

  it("fails without user_id or with another object type", () => {
    const { user_id: _, ...withoutUser } = wireSignInToken()
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(SignInToken)(withoutUser)))
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(SignInToken)(wireSignInToken({ object: "session" }))))
  })
})

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
