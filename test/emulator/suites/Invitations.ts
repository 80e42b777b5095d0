import { assert, describe, type Vitest } from "@effect/vitest"
import { Effect } from "effect"
import * as ClerkEmulator from "../../../src/emulator/ClerkEmulator.js"
import * as Seed from "../../../src/emulator/Seed.js"
import { call, code } from "../support/Bapi.js"
import { request } from "../support/Http.js"

export const suite = (it: Vitest.MethodsNonLive<ClerkEmulator.ClerkEmulator>) =>
  describe("Invitations, JWT templates, allow and block lists", () => {
    it.effect("invitations: create, refuse a taken or already invited address, list, revoke, delete", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        yield* emulator.reset
        const invited = yield* call(emulator, "POST", "/v1/invitations", {
          email_address: "guest@example.com",
          public_metadata: { source: "test" }
        })
        assert.strictEqual(invited.json.status, "pending")
        assert.strictEqual(
          code(yield* call(emulator, "POST", "/v1/invitations", { email_address: "guest@example.com" })),
          "duplicate_record"
        )
        const user = yield* call(emulator, "POST", "/v1/invitations", { email_address: "ada.lovelace@example.com" })
        assert.strictEqual(code(user), "form_identifier_exists")
        const ignored = yield* call(emulator, "POST", "/v1/invitations", {
          email_address: "ada.lovelace@example.com",
          ignore_existing: true
        })
        assert.strictEqual(ignored.status, 200)
        const bare = yield* call(emulator, "GET", "/v1/invitations?query=guest")
        assert.deepStrictEqual(bare.json.map((i: any) => i.id), [invited.json.id])
        const paginated = yield* call(emulator, "GET", "/v1/invitations?paginated=true&status=pending")
        assert.strictEqual(paginated.json.total_count, 2)
        const revoked = yield* call(emulator, "POST", `/v1/invitations/${invited.json.id}/revoke`)
        assert.isTrue(revoked.json.revoked)
        assert.strictEqual(revoked.json.status, "revoked")
        assert.strictEqual(
          code(yield* call(emulator, "POST", `/v1/invitations/${invited.json.id}/revoke`)),
          "invitation_not_pending"
        )
        const bulk = yield* call(emulator, "POST", "/v1/invitations/bulk", [
          { email_address: "a@example.com" },
          { email_address: "b@example.com" }
        ])
        assert.strictEqual(bulk.json.length, 2)
        assert.strictEqual((yield* call(emulator, "GET", "/v1/invitations?paginated=true")).json.total_count, 4)
        // not in the description, but @clerk/backend's deleteInvitation calls it
        const deleted = yield* request(emulator, "DELETE", `/v1/invitations/${invited.json.id}`)
        assert.deepStrictEqual(deleted.json, { object: "invitation", id: invited.json.id, deleted: true })
        assert.strictEqual((yield* call(emulator, "GET", "/v1/invitations?paginated=true")).json.total_count, 3)
      }))

    it.effect("JWT templates: create → get → list → update → delete; names are unique; tokens use them", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        yield* emulator.reset
        const created = yield* call(emulator, "POST", "/v1/jwt_templates", {
          name: "hasura",
          claims: { "https://hasura.io/jwt/claims": { role: "user" } },
          lifetime: 300
        })
        const template = created.json
        assert.strictEqual(template.lifetime, 300)
        assert.deepStrictEqual((yield* call(emulator, "GET", `/v1/jwt_templates/${template.id}`)).json, template)
        const list = yield* call(emulator, "GET", "/v1/jwt_templates")
        assert.deepStrictEqual(list.json.map((t: any) => t.name), ["test", "supabase", "convex", "hasura"])
        assert.strictEqual(
          code(yield* call(emulator, "POST", "/v1/jwt_templates", { name: "hasura", claims: {} })),
          "form_identifier_exists"
        )
        const session = (yield* emulator.sessions).find((s) => s.status === "active")!
        const token = yield* call(emulator, "POST", `/v1/sessions/${session.id}/tokens/hasura`)
        assert.strictEqual(token.status, 200)
        const updated = yield* call(emulator, "PATCH", `/v1/jwt_templates/${template.id}`, {
          name: "hasura2",
          claims: {}
        })
        assert.strictEqual(updated.json.name, "hasura2")
        assert.strictEqual((yield* call(emulator, "POST", `/v1/sessions/${session.id}/tokens/hasura`)).status, 404)
        assert.strictEqual((yield* call(emulator, "POST", `/v1/sessions/${session.id}/tokens/hasura2`)).status, 200)
        yield* call(emulator, "DELETE", `/v1/jwt_templates/${template.id}`)
        assert.strictEqual(code(yield* call(emulator, "GET", `/v1/jwt_templates/${template.id}`)), "resource_not_found")
      }))

    it.effect("allow and block lists: create, list, delete; a blocked address cannot join a user", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        yield* emulator.reset
        const allowed = yield* call(emulator, "POST", "/v1/allowlist_identifiers", { identifier: "friend@example.com" })
        assert.strictEqual(allowed.json.identifier_type, "email_address")
        assert.strictEqual(
          code(yield* call(emulator, "POST", "/v1/allowlist_identifiers", { identifier: "friend@example.com" })),
          "duplicate_record"
        )
        assert.deepStrictEqual((yield* call(emulator, "GET", "/v1/allowlist_identifiers")).json, [allowed.json])
        const blocked = yield* call(emulator, "POST", "/v1/blocklist_identifiers", { identifier: "*@spam.example" })
        assert.deepStrictEqual((yield* call(emulator, "GET", "/v1/blocklist_identifiers")).json, {
          data: [blocked.json],
          total_count: 1
        })
        const refused = yield* call(emulator, "POST", "/v1/users", { email_address: ["bot@spam.example"] })
        assert.strictEqual(refused.status, 403)
        assert.strictEqual(code(refused), "identifier_blocked")
        const addRefused = yield* call(emulator, "POST", "/v1/email_addresses", {
          user_id: Seed.userId(0),
          email_address: "bot2@spam.example"
        })
        assert.strictEqual(code(addRefused), "identifier_blocked")
        yield* call(emulator, "DELETE", `/v1/blocklist_identifiers/${blocked.json.id}`)
        assert.strictEqual(
          (yield* call(emulator, "POST", "/v1/users", { email_address: ["bot@spam.example"] })).status,
          200
        )
        assert.strictEqual(
          (yield* call(emulator, "DELETE", `/v1/allowlist_identifiers/${blocked.json.id}`)).status,
          404
        )
      }))
  })
