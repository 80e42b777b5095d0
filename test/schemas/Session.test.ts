import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Either, Option, ParseResult, Schema } from "effect"
import { Session, SessionActivity, SessionPage, SessionStatus } from "../../src/index.js"
import { wireSession } from "../support/Fixtures.js"

const decode = Schema.decodeUnknown(Session)
const issuePaths = (error: ParseResult.ParseError) =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => issue.path.join("."))

describe("Session", () => {
  it.effect("decodes the wire's snake_case and unix ms into camelCase and DateTime.Utc", () =>
    Effect.gen(function*() {
      const session = yield* decode(wireSession())
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
      const encoded = yield* Schema.encode(Session)(yield* decode(wire))
      assert.deepStrictEqual(encoded, wire)
    }))

  it.effect("ignores unknown fields", () =>
    Effect.gen(function*() {
      const session = yield* decode(wireSession({ tasks: [], factor_verification_age: [1, 2] }))
      assert.notProperty(session, "tasks")
      assert.notProperty(session, "factor_verification_age")
    }))

  it.effect("decodes every documented status as itself and an unknown one as its string", () =>
    Effect.gen(function*() {
      for (const status of ["active", "revoked", "ended", "expired", "removed", "abandoned", "replaced", "pending"]) {
        assert.strictEqual((yield* decode(wireSession({ status }))).status, status)
      }
      const future = yield* decode(wireSession({ status: "suspended" }))
      assert.strictEqual(future.status, "suspended")
      assert.isTrue(Schema.is(SessionStatus)("suspended"))
      assert.isFalse(Schema.is(SessionStatus)(42))
    }))

  it.effect("decodes null optional fields as None", () =>
    Effect.gen(function*() {
      const session = yield* decode(
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
