import { describe, expectTypeOf, it } from "@effect/vitest"
import type { DateTime, Option, Schema } from "effect"
import { Session, SessionActivity, SessionFromWire, SessionPage, SessionPageFromWire } from "../../src/index.js"
import { User, UserFromWire } from "../../src/schemas/api/User.js"

describe("Wire", () => {
  it("a class's …FromWire decodes the wire's snake_case and unix ms into the class", () => {
    expectTypeOf<Schema.Schema.Type<typeof SessionFromWire>>().toEqualTypeOf<Session>()
    expectTypeOf<Schema.Schema.Type<typeof SessionPageFromWire>>().toEqualTypeOf<SessionPage>()
    expectTypeOf<Schema.Schema.Type<typeof UserFromWire>>().toEqualTypeOf<User>()
    type Wire = Schema.Schema.Encoded<typeof SessionFromWire>
    expectTypeOf<Wire["user_id"]>().toEqualTypeOf<string>()
    expectTypeOf<Wire["expire_at"]>().toEqualTypeOf<number>()
    expectTypeOf<Wire["last_active_organization_id"]>().toEqualTypeOf<string | null | undefined>()
    // @ts-expect-error the wire has no camelCase keys
    expectTypeOf<Wire["userId"]>()
  })

  it("the class keeps camelCase fields, DateTime.Utc timestamps and Options", () => {
    expectTypeOf<Session["userId"]>().toEqualTypeOf<string>()
    expectTypeOf<Session["expireAt"]>().toEqualTypeOf<DateTime.Utc>()
    expectTypeOf<Session["latestActivity"]>().toEqualTypeOf<Option.Option<SessionActivity>>()
    expectTypeOf<SessionPage["data"]>().toEqualTypeOf<ReadonlyArray<Session>>()
  })
})
