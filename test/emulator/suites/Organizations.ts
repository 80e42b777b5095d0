import { assert, describe, type Vitest } from "@effect/vitest"
import { Effect } from "effect"
import * as ClerkEmulator from "../../../src/emulator/ClerkEmulator.js"
import * as Seed from "../../../src/emulator/Seed.js"
import { call, code } from "../support/Bapi.js"

export const suite = (it: Vitest.MethodsNonLive<ClerkEmulator.ClerkEmulator>) =>
  describe("Organizations, memberships and organization invitations", () => {
    it.effect("create → get (by id and by slug) → list → update → delete, the creator an admin", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        yield* emulator.seed({ users: 2, sessionsPerUser: 0 })
        const creator = Seed.userId(0)
        const created = yield* call(emulator, "POST", "/v1/organizations", {
          name: "Blue Sky Labs",
          created_by: creator,
          public_metadata: { tier: "gold" }
        })
        const organization = created.json
        assert.strictEqual(organization.slug, "blue-sky-labs")
        assert.strictEqual(organization.created_by, creator)
        assert.deepStrictEqual(
          (yield* call(emulator, "GET", `/v1/organizations/${organization.id}`)).json,
          organization
        )
        const bySlug = yield* call(emulator, "GET", "/v1/organizations/blue-sky-labs?include_members_count=true")
        assert.strictEqual(bySlug.json.id, organization.id)
        assert.strictEqual(bySlug.json.members_count, 1)
        const members = yield* call(emulator, "GET", `/v1/organizations/${organization.id}/memberships`)
        assert.strictEqual(members.json.total_count, 1)
        assert.strictEqual(members.json.data[0].role, "org:admin")
        assert.strictEqual(members.json.data[0].public_user_data.user_id, creator)
        assert.strictEqual(members.json.data[0].public_user_data.identifier, "ada.lovelace@example.com")

        const listed = yield* call(emulator, "GET", `/v1/organizations?query=sky&user_id=${creator}`)
        assert.deepStrictEqual(listed.json.data.map((o: any) => o.id), [organization.id])
        assert.strictEqual(listed.json.total_count, 1)
        const none = yield* call(emulator, "GET", `/v1/organizations?user_id=${Seed.userId(1)}`)
        assert.deepStrictEqual(none.json, { data: [], total_count: 0 })

        const renamed = yield* call(emulator, "PATCH", `/v1/organizations/${organization.id}`, {
          name: "Blue Sky",
          slug: "blue-sky",
          max_allowed_memberships: 2
        })
        assert.strictEqual(renamed.json.slug, "blue-sky")
        assert.strictEqual(renamed.json.max_allowed_memberships, 2)
        const merged = yield* call(emulator, "PATCH", `/v1/organizations/${organization.id}/metadata`, {
          public_metadata: { region: "eu" }
        })
        assert.deepStrictEqual(merged.json.public_metadata, { tier: "gold", region: "eu" })

        const deleted = yield* call(emulator, "DELETE", `/v1/organizations/${organization.id}`)
        assert.deepStrictEqual(deleted.json, { object: "organization", id: organization.id, deleted: true })
        assert.strictEqual(code(yield* call(emulator, "GET", "/v1/organizations/blue-sky")), "resource_not_found")
        const after = yield* call(emulator, "GET", `/v1/users/${creator}/organization_memberships`)
        assert.deepStrictEqual(after.json, { data: [], total_count: 0 })
      }))

    it.effect("slugs are unique; a name is required", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        yield* emulator.reset
        const first = yield* call(emulator, "POST", "/v1/organizations", { name: "Twin" })
        assert.strictEqual(first.status, 200)
        const twin = yield* call(emulator, "POST", "/v1/organizations", { name: "Twin" })
        assert.strictEqual(twin.status, 422)
        assert.deepStrictEqual(twin.json.errors[0].meta, { param_name: "slug" })
        assert.strictEqual(code(twin), "form_identifier_exists")
        const nameless = yield* call(emulator, "POST", "/v1/organizations", {})
        assert.strictEqual(code(nameless), "form_param_missing")
      }))

    it.effect("memberships: one per user, known roles only, within max_allowed_memberships; role and metadata", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        yield* emulator.seed({ users: 3, sessionsPerUser: 0 })
        const [a, b, c] = [Seed.userId(0), Seed.userId(1), Seed.userId(2)]
        const org = (yield* call(emulator, "POST", "/v1/organizations", {
          name: "Small",
          created_by: a,
          max_allowed_memberships: 2
        })).json
        const path = `/v1/organizations/${org.id}/memberships`
        assert.strictEqual(
          code(yield* call(emulator, "POST", path, { user_id: b, role: "org:owner" })),
          "form_param_value_invalid"
        )
        const added = yield* call(emulator, "POST", path, { user_id: b, role: "org:member" })
        assert.strictEqual(added.json.organization.id, org.id)
        assert.deepStrictEqual(added.json.permissions, ["org:dashboard:read"])
        assert.strictEqual(
          code(yield* call(emulator, "POST", path, { user_id: b, role: "org:member" })),
          "already_a_member_in_organization"
        )
        const full = yield* call(emulator, "POST", path, { user_id: c, role: "org:member" })
        assert.strictEqual(full.status, 403)
        assert.strictEqual(code(full), "organization_membership_quota_exceeded")
        assert.strictEqual(
          (yield* call(emulator, "POST", path, { user_id: "user_nobody", role: "org:member" })).status,
          404
        )

        const promoted = yield* call(emulator, "PATCH", `${path}/${b}`, { role: "org:admin" })
        assert.strictEqual(promoted.json.role, "org:admin")
        const annotated = yield* call(emulator, "PATCH", `${path}/${b}/metadata`, { public_metadata: { team: "ops" } })
        assert.deepStrictEqual(annotated.json.public_metadata, { team: "ops" })
        const admins = yield* call(emulator, "GET", `${path}?role=org:admin&order_by=%2Bcreated_at`)
        assert.deepStrictEqual(admins.json.data.map((m: any) => m.public_user_data.user_id), [a, b])
        const ofUser = yield* call(emulator, "GET", `/v1/users/${b}/organization_memberships`)
        assert.deepStrictEqual(ofUser.json.data.map((m: any) => m.organization.id), [org.id])

        const removed = yield* call(emulator, "DELETE", `${path}/${b}`)
        assert.strictEqual(removed.json.public_user_data.user_id, b)
        assert.strictEqual(code(yield* call(emulator, "DELETE", `${path}/${b}`)), "resource_not_found")
        assert.strictEqual((yield* call(emulator, "POST", path, { user_id: c, role: "org:member" })).status, 200)
      }))

    it.effect("organization invitations: create, list, get, revoke once; members cannot be invited", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        yield* emulator.seed({ users: 2, sessionsPerUser: 0 })
        const admin = Seed.userId(0)
        const org = (yield* call(emulator, "POST", "/v1/organizations", { name: "Inviting", created_by: admin })).json
        const path = `/v1/organizations/${org.id}/invitations`
        const invited = yield* call(emulator, "POST", path, {
          email_address: "New.Person@example.com",
          role: "org:member",
          inviter_user_id: admin
        })
        assert.strictEqual(invited.json.status, "pending")
        assert.strictEqual(invited.json.email_address, "new.person@example.com")
        assert.strictEqual(invited.json.public_inviter_data.user_id, admin)
        const member = yield* call(emulator, "POST", path, {
          email_address: "ada.lovelace@example.com",
          role: "org:member"
        })
        assert.strictEqual(code(member), "already_a_member_in_organization")
        const bulk = yield* call(emulator, "POST", `${path}/bulk`, [
          { email_address: "one@example.com", role: "org:member" },
          { email_address: "two@example.com", role: "org:admin" }
        ])
        assert.strictEqual(bulk.json.total_count, 2)
        const pending = yield* call(emulator, "GET", `${path}/pending`)
        assert.strictEqual(pending.json.total_count, 3)
        assert.deepStrictEqual((yield* call(emulator, "GET", `${path}/${invited.json.id}`)).json, invited.json)
        const revoked = yield* call(emulator, "POST", `${path}/${invited.json.id}/revoke`, {})
        assert.strictEqual(revoked.json.status, "revoked")
        assert.strictEqual(
          code(yield* call(emulator, "POST", `${path}/${invited.json.id}/revoke`, {})),
          "organization_invitation_not_pending"
        )
        const revokedOnly = yield* call(emulator, "GET", `${path}?status=revoked`)
        assert.deepStrictEqual(revokedOnly.json.data.map((i: any) => i.id), [invited.json.id])
        const instance = yield* call(emulator, "GET", "/v1/organization_invitations?query=two")
        assert.strictEqual(instance.json.data[0].public_organization_data.slug, "inviting")
      }))
  })
