import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Either, Option, ParseResult, Schema } from "effect"
import {
  Cookies,
  CookiesFromWire,
  Session,
  SessionActivity,
  SessionFromWire,
  SessionPageFromWire,
  SessionStatus,
  SignInTokenFromWire,
  SignInTokenStatus,
  Token,
  TokenFromWire
} from "../../src/index.js"
import { describeParseError } from "../../src/internal/parseIssues.js"
import { EnterpriseConnectionTestRunFromWire } from "../../src/schemas/api/EnterpriseConnectionTestRun.js"
import { InvitationFromWire } from "../../src/schemas/api/Invitation.js"
import { ClerkErrorBody } from "../../src/schemas/ClerkErrorBody.js"
import { wireSession, wireSignInToken } from "../support/Fixtures.js"

// One file for the wire schemas of src/schemas (Session, SignInToken, Token, ClerkErrorBody): each test file costs
// a second of module loading, so small modules share one.

const decodeSession = Schema.decodeUnknown(SessionFromWire)
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
      const encoded = yield* Schema.encode(SessionFromWire)(yield* decodeSession(wire))
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
      const result = Schema.decodeUnknownEither(SessionFromWire)(wire)
      assert.isTrue(Either.isLeft(result), field)
      if (Either.isLeft(result)) assert.include(issuePaths(result.left), field)
    }
  })

  it("fails on latest_activity without is_mobile", () => {
    const result = Schema.decodeUnknownEither(SessionFromWire)(
      wireSession({ latest_activity: { object: "session_activity", id: "a" } })
    )
    assert.isTrue(Either.isLeft(result))
    if (Either.isLeft(result)) assert.include(issuePaths(result.left), "latest_activity.is_mobile")
  })
})

describe("Wire (the decoding of every result class)", () => {
  it("a timestamp a DateTime cannot hold fails naming its wire key, as a typed error", () => {
    for (const value of [8.65e15, -1e300, "2023-11-14", null]) {
      const result = Schema.decodeUnknownEither(SessionFromWire)(wireSession({ expire_at: value }))
      assert.isTrue(Either.isLeft(result), String(value))
      if (Either.isLeft(result)) {
        assert.deepStrictEqual(issuePaths(result.left), ["expire_at"])
        // what UnexpectedResponse says of it
        assert.strictEqual(describeParseError(result.left), `["expire_at"] Expected a number of unix milliseconds`)
      }
    }
    const edge = Schema.decodeUnknownEither(SessionFromWire)(wireSession({ expire_at: 8.64e15 }))
    assert.strictEqual(Either.map(edge, (s) => DateTime.toEpochMillis(s.expireAt)).pipe(Either.getOrThrow), 8.64e15)
  })

  it("the class's own constructor still validates its props", () => {
    assert.throws(() => new Token({ object: "token", jwt: 42 as unknown as string }))
    assert.strictEqual(Token.make({ object: "token", jwt: "a.b.c" }).jwt, "a.b.c")
  })

  it.effect("an optional timestamp: absent or null is None, a number a Some(DateTime.Utc); encoded back", () =>
    Effect.gen(function*() {
      const wire = {
        object: "invitation",
        id: "inv_1",
        email_address: "a@example.com",
        public_metadata: {},
        status: "pending",
        created_at: 1,
        updated_at: 2
      }
      const absent = yield* Schema.decodeUnknown(InvitationFromWire)(wire)
      assert.isTrue(Option.isNone(absent.expiresAt))
      assert.isTrue(
        Option.isNone((yield* Schema.decodeUnknown(InvitationFromWire)({ ...wire, expires_at: null })).expiresAt)
      )
      const present = yield* Schema.decodeUnknown(InvitationFromWire)({ ...wire, expires_at: 1_700_000_000_000 })
      assert.strictEqual(DateTime.toEpochMillis(Option.getOrThrow(present.expiresAt)), 1_700_000_000_000)
      assert.strictEqual((yield* Schema.encode(InvitationFromWire)(present)).expires_at, 1_700_000_000_000)
      assert.isUndefined((yield* Schema.encode(InvitationFromWire)(absent)).expires_at)
    }))

  it.effect("an inline object is renamed too, and its bad field is named by its wire path", () =>
    Effect.gen(function*() {
      const wire = {
        id: "run_1",
        status: "success",
        connection_type: "saml",
        parsed_user_info: { email_address: "a@example.com", first_name: null },
        created_at: 1
      }
      const run = yield* Schema.decodeUnknown(EnterpriseConnectionTestRunFromWire)(wire)
      const info = Option.getOrThrow(run.parsedUserInfo)
      assert.deepStrictEqual(info.emailAddress, Option.some("a@example.com"))
      assert.isTrue(Option.isNone(info.firstName) && Option.isNone(info.lastName))
      const bad = Schema.decodeUnknownEither(EnterpriseConnectionTestRunFromWire)({
        ...wire,
        parsed_user_info: { email_address: 7 }
      })
      assert.isTrue(Either.isLeft(bad))
      if (Either.isLeft(bad)) assert.include(issuePaths(bad.left), "parsed_user_info.email_address")
    }))
})

describe("SessionPage", () => {
  it.effect("decodes data and total_count", () =>
    Effect.gen(function*() {
      const page = yield* Schema.decodeUnknown(SessionPageFromWire)({
        data: [wireSession(), wireSession({ id: "sess_2", status: "suspended" })],
        total_count: 7
      })
      assert.strictEqual(page.totalCount, 7)
      assert.deepStrictEqual(page.data.map((s) => s.id), ["sess_123", "sess_2"])
    }))

  it("fails without total_count (a non-paginated array is not a page)", () => {
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(SessionPageFromWire)({ data: [] })))
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(SessionPageFromWire)([wireSession()])))
  })
})

const decodeSignInToken = Schema.decodeUnknown(SignInTokenFromWire)

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
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(SignInTokenFromWire)(withoutUser)))
    assert.isTrue(
      Either.isLeft(Schema.decodeUnknownEither(SignInTokenFromWire)(wireSignInToken({ object: "session" })))
    )
  })
})

describe("Token", () => {
  it.effect("decodes { object: token, jwt } and ignores extra fields", () =>
    Effect.gen(function*() {
      const token = yield* Schema.decodeUnknown(TokenFromWire)({ object: "token", jwt: "a.b.c", expires_at: 1 })
      assert.instanceOf(token, Token)
      assert.strictEqual(token.jwt, "a.b.c")
    }))

  it("fails without jwt or with another object", () => {
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(TokenFromWire)({ object: "token" })))
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(TokenFromWire)({ object: "cookies", jwt: "a.b.c" })))
  })
})

describe("Cookies", () => {
  it.effect("decodes { object: cookies, cookies }", () =>
    Effect.gen(function*() {
      const cookies = yield* Schema.decodeUnknown(CookiesFromWire)({ object: "cookies", cookies: ["a=1", "b=2"] })
      assert.instanceOf(cookies, Cookies)
      assert.deepStrictEqual(cookies.cookies, ["a=1", "b=2"])
    }))

  it("fails on a token body or non-string cookies", () => {
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(CookiesFromWire)({ object: "token", jwt: "x" })))
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(CookiesFromWire)({ object: "cookies", cookies: [1] })))
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
