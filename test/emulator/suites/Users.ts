import { assert, describe, type Vitest } from "@effect/vitest"
import { Effect } from "effect"
import * as ClerkEmulator from "../../../src/emulator/ClerkEmulator.js"
import * as Seed from "../../../src/emulator/Seed.js"
import { call, code } from "../support/Bapi.js"

export const suite = (it: Vitest.MethodsNonLive<ClerkEmulator.ClerkEmulator>) =>
  describe("Users, email addresses and phone numbers", () => {
    it.effect("create → get → list → update → delete, every answer valid against the description", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        yield* emulator.reset
        const created = yield* call(emulator, "POST", "/v1/users", {
          email_address: ["Zed@Example.com"],
          phone_number: ["+15555550123"],
          first_name: "Zed",
          username: "Zed",
          password: "correct horse battery",
          public_metadata: { plan: "pro" }
        })
        assert.strictEqual(created.status, 200)
        const user = created.json
        assert.strictEqual(user.email_addresses[0].email_address, "zed@example.com")
        assert.strictEqual(user.primary_email_address_id, user.email_addresses[0].id)
        assert.strictEqual(user.primary_phone_number_id, user.phone_numbers[0].id)
        assert.strictEqual(user.username, "zed")
        assert.isTrue(user.password_enabled)
        assert.deepStrictEqual(user.public_metadata, { plan: "pro" })

        const got = yield* call(emulator, "GET", `/v1/users/${user.id}`)
        assert.deepStrictEqual(got.json, user)

        const found = yield* call(emulator, "GET", "/v1/users?email_address=zed@example.com&email_address=nobody@x.io")
        assert.deepStrictEqual(found.json.map((u: any) => u.id), [user.id])
        const count = yield* call(emulator, "GET", "/v1/users/count?query=zed")
        assert.deepStrictEqual(count.json, { object: "total_count", total_count: 1 })

        const updated = yield* call(emulator, "PATCH", `/v1/users/${user.id}`, { last_name: "Zebra" })
        assert.strictEqual(updated.json.last_name, "Zebra")
        assert.strictEqual(updated.json.first_name, "Zed")
        const merged = yield* call(emulator, "PATCH", `/v1/users/${user.id}/metadata`, {
          public_metadata: { plan: null, seats: 3 },
          private_metadata: { stripe: { id: "cus_1" } }
        })
        assert.deepStrictEqual(merged.json.public_metadata, { seats: 3 })
        assert.deepStrictEqual(merged.json.private_metadata, { stripe: { id: "cus_1" } })
        const replaced = yield* call(emulator, "PUT", `/v1/users/${user.id}/metadata`, { public_metadata: {} })
        assert.deepStrictEqual(replaced.json.public_metadata, {})
        assert.deepStrictEqual(replaced.json.private_metadata, { stripe: { id: "cus_1" } })
        const banned = yield* call(emulator, "POST", `/v1/users/${user.id}/ban`)
        assert.isTrue(banned.json.banned)
        const bannedOnly = yield* call(emulator, "GET", "/v1/users?banned=true")
        assert.deepStrictEqual(bannedOnly.json.map((u: any) => u.id), [user.id])

        const deleted = yield* call(emulator, "DELETE", `/v1/users/${user.id}`)
        assert.deepStrictEqual(deleted.json, { object: "user", id: user.id, deleted: true })
        assert.strictEqual(code(yield* call(emulator, "GET", `/v1/users/${user.id}`)), "resource_not_found")
        assert.strictEqual(
          code(yield* call(emulator, "GET", `/v1/email_addresses/${user.email_addresses[0].id}`)),
          "resource_not_found"
        )
        // the address is free again
        const again = yield* call(emulator, "POST", "/v1/users", { email_address: ["zed@example.com"] })
        assert.strictEqual(again.status, 200)
      }))

    it.effect("lists newest first by default, orders by order_by, pages with limit and offset", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        yield* emulator.seed({ users: 5, sessionsPerUser: 0 })
        const ids = Array.from({ length: 5 }, (_, i) => Seed.userId(i))
        const newest = yield* call(emulator, "GET", "/v1/users")
        assert.deepStrictEqual(newest.json.map((u: any) => u.id), [...ids].reverse())
        const oldest = yield* call(emulator, "GET", "/v1/users?order_by=%2Bcreated_at&limit=2&offset=1")
        assert.deepStrictEqual(oldest.json.map((u: any) => u.id), ids.slice(1, 3))
        const byName = yield* call(emulator, "GET", "/v1/users?order_by=first_name")
        assert.deepStrictEqual(byName.json.map((u: any) => u.first_name), [
          "Ada",
          "Alan",
          "Edsger",
          "Grace",
          "Katherine"
        ])
        const bad = yield* call(emulator, "GET", "/v1/users?order_by=shoe_size")
        assert.strictEqual(bad.status, 422)
        assert.strictEqual(bad.json.errors[0].meta.param_name, "order_by")
        const tooMany = yield* call(emulator, "GET", "/v1/users?limit=501")
        assert.strictEqual(code(tooMany), "form_param_value_invalid")
        const notANumber = yield* call(emulator, "GET", "/v1/users?offset=ten")
        assert.strictEqual(code(notANumber), "form_param_format_invalid")
      }))

    it.effect("identifiers belong to one user: form_identifier_exists, and malformed ones are refused", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        yield* emulator.reset
        const taken = yield* call(emulator, "POST", "/v1/users", { email_address: ["ADA.lovelace@example.com"] })
        assert.strictEqual(taken.status, 422)
        assert.deepStrictEqual(taken.json.errors[0].code, "form_identifier_exists")
        assert.deepStrictEqual(taken.json.errors[0].meta, { param_name: "email_address" })
        const malformed = yield* call(emulator, "POST", "/v1/users", { email_address: ["not-an-address"] })
        assert.strictEqual(code(malformed), "form_param_format_invalid")
        const wrongType = yield* call(emulator, "POST", "/v1/users", { first_name: 42 })
        assert.strictEqual(wrongType.status, 422)
        assert.deepStrictEqual(wrongType.json.errors[0].meta, { param_name: "first_name" })
        const unknownField = yield* call(emulator, "POST", "/v1/users", { shoe_size: 42 })
        assert.strictEqual(code(unknownField), "form_param_unknown")
        const shortPassword = yield* call(emulator, "POST", "/v1/users", { password: "short" })
        assert.strictEqual(code(shortPassword), "form_password_length_too_short")
        const first = yield* call(emulator, "POST", "/v1/users", { username: "sam" })
        const second = yield* call(emulator, "POST", "/v1/users", { username: "sam" })
        assert.strictEqual(first.status, 200)
        assert.strictEqual(code(second), "form_identifier_exists")
        const steal = yield* call(emulator, "POST", "/v1/email_addresses", {
          user_id: first.json.id,
          email_address: "grace.hopper@example.com"
        })
        assert.strictEqual(code(steal), "form_identifier_exists")
      }))

    it.effect("email addresses: add, make primary, delete the primary (the next one takes over)", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        yield* emulator.reset
        const userId = Seed.userId(0)
        const before = (yield* call(emulator, "GET", `/v1/users/${userId}`)).json
        const added = yield* call(emulator, "POST", "/v1/email_addresses", {
          user_id: userId,
          email_address: "ada@work.example",
          verified: true
        })
        assert.strictEqual(added.json.verification.status, "verified")
        assert.deepStrictEqual(added.json.linked_to, [])
        const primary = yield* call(emulator, "PATCH", `/v1/email_addresses/${added.json.id}`, { primary: true })
        assert.strictEqual(primary.status, 200)
        assert.strictEqual(
          (yield* call(emulator, "GET", `/v1/users/${userId}`)).json.primary_email_address_id,
          added.json.id
        )
        yield* call(emulator, "DELETE", `/v1/email_addresses/${added.json.id}`)
        const after = (yield* call(emulator, "GET", `/v1/users/${userId}`)).json
        assert.strictEqual(after.primary_email_address_id, before.primary_email_address_id)
        const missingUser = yield* call(emulator, "POST", "/v1/phone_numbers", {
          user_id: "user_missing",
          phone_number: "+15555550199"
        })
        assert.strictEqual(missingUser.status, 404)
        const missingField = yield* call(emulator, "POST", "/v1/phone_numbers", { user_id: userId })
        assert.strictEqual(code(missingField), "form_param_missing")
        assert.deepStrictEqual(missingField.json.errors[0].meta, { param_name: "phone_number" })
      }))

    it.effect("deleting a user ends its sessions, revokes its sign-in tokens and removes its memberships", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        yield* emulator.reset
        const member = (yield* emulator.organizations).flatMap((o) => o.memberships)[0]!
        const userId = member.user_id
        assert.isTrue((yield* emulator.sessions).some((s) => s.user_id === userId && s.status === "active"))
        yield* call(emulator, "DELETE", `/v1/users/${userId}`)
        const sessions = (yield* emulator.sessions).filter((s) => s.user_id === userId)
        assert.isFalse(sessions.some((s) => s.status === "active"))
        assert.isTrue(sessions.some((s) => s.status === "ended"))
        assert.isFalse((yield* emulator.signInTokens).some((t) => t.user_id === userId && t.status === "pending"))
        assert.isFalse((yield* emulator.organizations).some((o) => o.memberships.some((m) => m.user_id === userId)))
        const memberships = yield* call(emulator, "GET", "/v1/organization_memberships?limit=100")
        assert.isFalse(memberships.json.data.some((m: any) => m.public_user_data.user_id === userId))
      }))
  })
