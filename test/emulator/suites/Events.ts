import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Queue } from "effect"
import * as ClerkEmulator from "../../../src/emulator/ClerkEmulator.js"
import * as Receiver from "../../webhooks/support/Receiver.js"
import * as WebhookSpec from "../../webhooks/support/WebhookSpec.js"
import { call } from "../support/Bapi.js"

export const suite = () =>
  describe("Webhook events of the stateful resources", () => {
    it.live("user, organization, membership and invitation changes send their events, valid against the description", () =>
      Effect.gen(function*() {
        const receiver = yield* Receiver.make()
        const emulator = yield* ClerkEmulator.make({
          seed: { users: 1, sessionsPerUser: 0 },
          webhooks: [{ url: receiver.url, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }]
        })
        const user = (yield* call(emulator, "POST", "/v1/users", { email_address: ["hook@example.com"] })).json
        yield* call(emulator, "PATCH", `/v1/users/${user.id}`, { first_name: "Hook" })
        yield* call(emulator, "POST", "/v1/phone_numbers", { user_id: user.id, phone_number: "+15555550142" })
        const org = (yield* call(emulator, "POST", "/v1/organizations", { name: "Hooks", created_by: user.id })).json
        yield* call(emulator, "PATCH", `/v1/organizations/${org.id}`, { name: "Hooks 2" })
        const other = ClerkEmulator.seededUserId(0)
        yield* call(emulator, "POST", `/v1/organizations/${org.id}/memberships`, { user_id: other, role: "org:member" })
        yield* call(emulator, "PATCH", `/v1/organizations/${org.id}/memberships/${other}`, { role: "org:admin" })
        yield* call(emulator, "DELETE", `/v1/organizations/${org.id}/memberships/${other}`)
        const invitation = (yield* call(emulator, "POST", `/v1/organizations/${org.id}/invitations`, {
          email_address: "guest@example.com",
          role: "org:member"
        })).json
        yield* call(emulator, "POST", `/v1/organizations/${org.id}/invitations/${invitation.id}/revoke`, {})
        yield* call(emulator, "DELETE", `/v1/organizations/${org.id}`)
        yield* call(emulator, "DELETE", `/v1/users/${user.id}`)
        yield* emulator.webhooksSettled
        const payloads = Chunk.toReadonlyArray(yield* Queue.takeAll(receiver.received)).map((request) =>
          JSON.parse(request.body.toString("utf8"))
        )
        assert.deepStrictEqual(payloads.map((payload) => payload.type), [
          "user.created",
          "user.updated",
          "user.updated",
          "organization.created",
          "organizationMembership.created",
          "organization.updated",
          "organizationMembership.created",
          "organizationMembership.updated",
          "organizationMembership.deleted",
          "organizationInvitation.created",
          "email.created",
          "organizationInvitation.revoked",
          "organization.deleted",
          "user.deleted"
        ])
        for (const payload of payloads) assert.strictEqual(WebhookSpec.validate(payload), undefined, payload.type)
        assert.strictEqual(payloads[1].data.first_name, "Hook")
        assert.strictEqual(payloads[2].data.phone_numbers[0].phone_number, "+15555550142")
        assert.deepStrictEqual(payloads[13].data, { object: "user", id: user.id, deleted: true })
      }).pipe(Effect.scoped))

    it.live("an invitation created with notify (the default) sends the email.created of its invitation email", () =>
      Effect.gen(function*() {
        const receiver = yield* Receiver.make()
        const emulator = yield* ClerkEmulator.make({
          seed: { users: 1, sessionsPerUser: 0 },
          webhooks: [{ url: receiver.url, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }]
        })
        const invited = (yield* call(emulator, "POST", "/v1/invitations", { email_address: "invited@example.com" }))
          .json
        yield* call(emulator, "POST", "/v1/invitations", { email_address: "quiet@example.com", notify: false })
        yield* call(emulator, "POST", "/v1/invitations/bulk", [
          { email_address: "bulk1@example.com" },
          { email_address: "bulk2@example.com", notify: false },
          { email_address: "wait@example.com", template_slug: "waitlist_invitation" }
        ])
        const org = (yield* call(emulator, "POST", "/v1/organizations", {
          name: "Acme <Labs>",
          created_by: ClerkEmulator.seededUserId(0)
        })).json
        yield* call(emulator, "POST", `/v1/organizations/${org.id}/invitations`, {
          email_address: "member@example.com",
          role: "org:member"
        })
        yield* call(emulator, "POST", `/v1/organizations/${org.id}/invitations`, {
          email_address: "silent@example.com",
          role: "org:member",
          notify: false
        })
        yield* emulator.webhooksSettled
        const received = Chunk.toReadonlyArray(yield* Queue.takeAll(receiver.received)).map((request) =>
          JSON.parse(request.body.toString("utf8"))
        )
        for (const payload of received) assert.strictEqual(WebhookSpec.validate(payload), undefined, payload.type)
        const emails = (yield* emulator.webhookDeliveries).map((d) => d.event).filter((e) => e.type === "email.created")
        assert.sameDeepMembers(received.filter((payload) => payload.type === "email.created"), emails)
        const sent = emails.map((event: any) => [event.data.slug, event.data.to_email_address])
        assert.deepStrictEqual(sent, [
          ["invitation", "invited@example.com"],
          ["invitation", "bulk1@example.com"],
          ["waitlist_invitation", "wait@example.com"],
          ["organization_invitation", "member@example.com"]
        ])
        const [first, , , member] = emails.map((event: any) => event.data)
        assert.strictEqual(first.data.action_url, invited.url)
        assert.include(first.body_plain, invited.url)
        assert.strictEqual(member.data.org.name, "Acme <Labs>")
        assert.include(member.body, "Acme &lt;Labs&gt;")
        assert.notInclude(member.body, "<Labs>")
      }).pipe(Effect.scoped))

    it.live("deleting a user ends its active sessions and removes its memberships: each one's event, then user.deleted", () =>
      Effect.gen(function*() {
        const receiver = yield* Receiver.make()
        const emulator = yield* ClerkEmulator.make({
          seed: { users: 1, sessionsPerUser: 0 },
          webhooks: [{ url: receiver.url, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }]
        })
        const user = (yield* call(emulator, "POST", "/v1/users", { email_address: ["leaving@example.com"] })).json
        const owned = (yield* call(emulator, "POST", "/v1/organizations", { name: "Owned", created_by: user.id })).json
        const other = (yield* call(emulator, "POST", "/v1/organizations", {
          name: "Other",
          created_by: ClerkEmulator.seededUserId(0)
        })).json
        yield* call(emulator, "POST", `/v1/organizations/${other.id}/memberships`, {
          user_id: user.id,
          role: "org:member"
        })
        const active = (yield* call(emulator, "POST", "/v1/sessions", { user_id: user.id })).json
        const revoked = (yield* call(emulator, "POST", "/v1/sessions", { user_id: user.id })).json
        yield* call(emulator, "POST", `/v1/sessions/${revoked.id}/revoke`)
        yield* emulator.webhooksSettled
        yield* Queue.takeAll(receiver.received)

        const before = (yield* emulator.webhookDeliveries).length
        yield* call(emulator, "DELETE", `/v1/users/${user.id}`)
        yield* emulator.webhooksSettled
        // sent in this order (the log); each delivery runs in its own fiber, so they may arrive in another
        const sent = (yield* emulator.webhookDeliveries).slice(before)
        const received = Chunk.toReadonlyArray(yield* Queue.takeAll(receiver.received)).map((request) =>
          JSON.parse(request.body.toString("utf8"))
        )
        assert.sameDeepMembers(received, sent.map((delivery) => delivery.event))
        for (const payload of received) assert.strictEqual(WebhookSpec.validate(payload), undefined, payload.type)
        const payloads: Array<any> = sent.map((delivery) => delivery.event)
        assert.deepStrictEqual(payloads.map((payload) => payload.type), [
          "organizationMembership.deleted",
          "organizationMembership.deleted",
          "session.ended",
          "user.deleted"
        ])
        assert.deepStrictEqual(
          payloads.slice(0, 2).map((payload) => [payload.data.organization.id, payload.data.public_user_data.user_id]),
          [[owned.id, user.id], [other.id, user.id]]
        )
        // the session that was active, with its user as it was; the revoked one sends nothing again
        assert.deepStrictEqual(
          [payloads[2].data.id, payloads[2].data.status, payloads[2].data.user.id],
          [active.id, "ended", user.id]
        )
        assert.strictEqual(payloads[2].data.user.email_addresses[0].email_address, "leaving@example.com")
        // and what the Backend API answers afterwards agrees with what was sent
        assert.strictEqual((yield* call(emulator, "GET", `/v1/sessions/${active.id}`)).json.status, "ended")
        const members = (yield* call(emulator, "GET", `/v1/organizations/${other.id}/memberships`)).json
        assert.notInclude(members.data.map((m: any) => m.public_user_data.user_id), user.id)
      }).pipe(Effect.scoped))

    it.live("banning a user revokes its active sessions (the description's BanUser): user.updated, session.revoked", () =>
      Effect.gen(function*() {
        const receiver = yield* Receiver.make()
        const emulator = yield* ClerkEmulator.make({
          seed: { users: 2, sessionsPerUser: 0 },
          webhooks: [{ url: receiver.url, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }]
        })
        const [banned, bystander] = [ClerkEmulator.seededUserId(0), ClerkEmulator.seededUserId(1)]
        const first = (yield* call(emulator, "POST", "/v1/sessions", { user_id: banned })).json
        const second = (yield* call(emulator, "POST", "/v1/sessions", { user_id: banned })).json
        const kept = (yield* call(emulator, "POST", "/v1/sessions", { user_id: bystander })).json
        yield* emulator.webhooksSettled
        yield* Queue.takeAll(receiver.received)

        const before = (yield* emulator.webhookDeliveries).length
        const answer = yield* call(emulator, "POST", `/v1/users/${banned}/ban`)
        assert.isTrue(answer.json.banned)
        yield* emulator.webhooksSettled
        const payloads: Array<any> = (yield* emulator.webhookDeliveries).slice(before).map((delivery) => delivery.event)
        const received = Chunk.toReadonlyArray(yield* Queue.takeAll(receiver.received)).map((request) =>
          JSON.parse(request.body.toString("utf8"))
        )
        assert.sameDeepMembers(received, payloads)
        for (const payload of received) assert.strictEqual(WebhookSpec.validate(payload), undefined, payload.type)
        assert.deepStrictEqual(
          payloads.map((payload) => [payload.type, payload.data.id, payload.data.status ?? payload.data.banned]),
          [["user.updated", banned, true], ["session.revoked", first.id, "revoked"], [
            "session.revoked",
            second.id,
            "revoked"
          ]]
        )
        assert.strictEqual((yield* call(emulator, "GET", `/v1/sessions/${kept.id}`)).json.status, "active")
        // banning again changes no session: user.updated only
        yield* call(emulator, "POST", `/v1/users/${banned}/ban`)
        yield* emulator.webhooksSettled
        const again = Chunk.toReadonlyArray(yield* Queue.takeAll(receiver.received))
        assert.deepStrictEqual(again.map((request) => JSON.parse(request.body.toString("utf8")).type), ["user.updated"])
      }).pipe(Effect.scoped))
  })
