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
          "organizationInvitation.revoked",
          "organization.deleted",
          "user.deleted"
        ])
        for (const payload of payloads) assert.strictEqual(WebhookSpec.validate(payload), undefined, payload.type)
        assert.strictEqual(payloads[1].data.first_name, "Hook")
        assert.strictEqual(payloads[2].data.phone_numbers[0].phone_number, "+15555550142")
        assert.deepStrictEqual(payloads[12].data, { object: "user", id: user.id, deleted: true })
      }).pipe(Effect.scoped))
  })
