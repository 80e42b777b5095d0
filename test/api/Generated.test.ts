import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Schedule, Stream } from "effect"
import { Invitations, Organizations, Users } from "../../src/index.js"
import { description } from "../support/Description.js"
import { fakeClerkLayer, json, makeFakeFetch } from "../support/FakeFetch.js"
import { sampleWire } from "../support/Samples.js"

/** A user and an organization as the description documents them (every field), with the given id. */
const sampleUser = sampleWire({ $ref: "#/components/schemas/User" }, description) as object
const sampleOrganization = sampleWire({ $ref: "#/components/schemas/Organization" }, description) as object
const sampleInvitation = sampleWire({ $ref: "#/components/schemas/Invitation" }, description) as object
const user = (id: string) => ({ ...sampleUser, id })
const organization = (id: string) => ({ ...sampleOrganization, id })

describe("list streams", () => {
  it.effect("Users.getUserListStream walks cursor pages (starting_after the last id) and stops at a short page", () => {
    const fake = makeFakeFetch((call) => {
      const after = call.url.searchParams.get("starting_after")
      return json(200, after === null ? [user("user_1"), user("user_2")] : after === "user_2" ? [user("user_3")] : [])
    })
    return Effect.gen(function*() {
      const users = yield* Users.getUserListStream({ pageSize: 2, orderBy: "-created_at" }).pipe(Stream.runCollect)
      assert.deepStrictEqual(Chunk.toArray(users).map((u) => u.id), ["user_1", "user_2", "user_3"])
      assert.deepStrictEqual(
        fake.calls.map((c) => [c.url.searchParams.get("limit"), c.url.searchParams.get("starting_after")]),
        [["2", null], ["2", "user_2"]]
      )
      assert.isTrue(fake.calls.every((c) => c.url.searchParams.get("order_by") === "-created_at"))
      assert.isTrue(fake.calls.every((c) => !c.url.searchParams.has("offset")))
    }).pipe(Effect.provide(fakeClerkLayer(fake.fetch)))
  })

  it.effect("Organizations.listOrganizationsStream walks offset pages until total_count, fetching as it is pulled", () => {
    const all = ["org_1", "org_2", "org_3", "org_4", "org_5"]
    const fake = makeFakeFetch((call) => {
      const offset = Number(call.url.searchParams.get("offset"))
      const limit = Number(call.url.searchParams.get("limit"))
      return json(200, { data: all.slice(offset, offset + limit).map(organization), total_count: all.length })
    })
    return Effect.gen(function*() {
      const firstThree = yield* Organizations.listOrganizationsStream({ pageSize: 2 }).pipe(
        Stream.take(3),
        Stream.runCollect
      )
      assert.deepStrictEqual(Chunk.toArray(firstThree).map((o) => o.id), ["org_1", "org_2", "org_3"])
      assert.strictEqual(fake.calls.length, 2) // the third page was never asked for
      fake.script((call) => {
        const offset = Number(call.url.searchParams.get("offset"))
        return json(200, { data: all.slice(offset, offset + 2).map(organization), total_count: all.length })
      })
      const every = yield* Organizations.listOrganizationsStream({ pageSize: 2 }).pipe(Stream.runCollect)
      assert.deepStrictEqual(Chunk.toArray(every).map((o) => o.id), all)
      assert.deepStrictEqual(fake.calls.map((c) => c.url.searchParams.get("offset")), ["0", "2", "4"])
    }).pipe(Effect.provide(fakeClerkLayer(fake.fetch)))
  })

  it.effect("a page size outside 1..500 fails with InvalidInput before any request", () => {
    const fake = makeFakeFetch(json(200, []))
    return Effect.gen(function*() {
      const error = yield* Users.getUserListStream({ pageSize: 0 }).pipe(Stream.runDrain, Effect.flip)
      assert.strictEqual(error._tag, "InvalidInput")
      assert.strictEqual(fake.calls.length, 0)
    }).pipe(Effect.provide(fakeClerkLayer(fake.fetch)))
  })
})

describe("generated operations", () => {
  it.effect("refuse bad input with InvalidInput naming the camelCase field, and send nothing", () => {
    const fake = makeFakeFetch(json(200, user("user_1")))
    return Effect.gen(function*() {
      const blank = yield* Users.getUser({ userId: " " }).pipe(Effect.flip)
      assert.deepInclude(blank, { _tag: "InvalidInput", operation: "Users.getUser", field: "userId" })
      const dots = yield* Users.getUser({ userId: ".." }).pipe(Effect.flip)
      assert.strictEqual(dots._tag, "InvalidInput")
      const limit = yield* Users.getUserList({ limit: 501 }).pipe(Effect.flip)
      assert.deepInclude(limit, { _tag: "InvalidInput", field: "limit" })
      assert.strictEqual(fake.calls.length, 0)
      const found = yield* Users.getUser({ userId: "user_1" })
      assert.strictEqual(found.id, "user_1")
      assert.strictEqual(fake.calls[0]!.url.pathname, "/v1/users/user_1")
    }).pipe(Effect.provide(fakeClerkLayer(fake.fetch)))
  })

  it.effect("decode an enum value Clerk adds later instead of failing", () => {
    const fake = makeFakeFetch(json(200, { ...sampleInvitation, status: "paused_by_a_future_feature" }))
    return Effect.gen(function*() {
      const invitation = yield* Invitations.createInvitation({ emailAddress: "a@example.com" })
      assert.strictEqual(invitation.status, "paused_by_a_future_feature")
    }).pipe(Effect.provide(fakeClerkLayer(fake.fetch)))
  })

  it.effect("retry reads and updates after a 500, and creations only when Clerk surely did not act", () => {
    const fake = makeFakeFetch(
      json(500, { errors: [{ code: "internal", message: "boom" }] }),
      json(200, user("user_1"))
    )
    const retrying = fakeClerkLayer(fake.fetch, { retry: Schedule.recurs(3) })
    return Effect.gen(function*() {
      const read = yield* Users.getUser({ userId: "user_1" })
      assert.strictEqual(read.id, "user_1")
      assert.strictEqual(fake.calls.length, 2)
      fake.script(json(500, { errors: [{ code: "internal", message: "boom" }] }), json(200, user("user_1")))
      yield* Users.updateUser({ userId: "user_1", firstName: "Ada" })
      assert.strictEqual(fake.calls.length, 2)
      fake.script(json(500, { errors: [{ code: "internal", message: "boom" }] }), json(200, user("user_1")))
      const created = yield* Users.createUser({ emailAddress: ["a@example.com"] }).pipe(Effect.flip)
      assert.strictEqual(created._tag, "ClerkApiError")
      assert.strictEqual(fake.calls.length, 1)
      // a 429 is Clerk refusing before acting: a creation is retried
      fake.script(json(429, { errors: [{ code: "too_many_requests", message: "later" }] }), json(200, user("user_2")))
      const createdAfter429 = yield* Users.createUser({ emailAddress: ["b@example.com"] })
      assert.strictEqual(createdAfter429.id, "user_2")
      assert.strictEqual(fake.calls.length, 2)
    }).pipe(Effect.provide(retrying))
  })
})
