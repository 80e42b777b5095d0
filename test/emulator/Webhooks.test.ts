import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Queue from "effect/Queue"
import * as Redacted from "effect/Redacted"
import { createHmac } from "node:crypto"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import * as Receiver from "../webhooks/support/Receiver.js"
import * as WebhookSpec from "../webhooks/support/WebhookSpec.js"

const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

/** What Svix sends, computed here with node:crypto, independently of the emulator's WebCrypto signer. */
const expectedSignature = (id: string, timestamp: string, body: Buffer) =>
  `v1,${
    createHmac("sha256", Buffer.from(secret.slice(6), "base64")).update(`${id}.${timestamp}.`).update(body).digest(
      "base64"
    )
  }`

const call = (emulator: ClerkEmulator.Handle, method: string, path: string, body?: unknown) =>
  Effect.promise(() =>
    emulator.fetch(path, {
      method,
      headers: { authorization: `Bearer ${Redacted.value(emulator.secretKey)}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    }).then((response) => response.json() as Promise<any>)
  )

describe("ClerkEmulator webhooks", () => {
  it.live("sends session.created and session.revoked, signed as Svix does, valid against the description", () =>
    Effect.gen(function*() {
      const receiver = yield* Receiver.make()
      const emulator = yield* ClerkEmulator.make({ webhooks: [{ url: receiver.url, secret }] })
      const userId = ClerkEmulator.seededUserId(0)
      const created = yield* call(emulator, "POST", "/v1/sessions", { user_id: userId })
      yield* call(emulator, "POST", `/v1/sessions/${created.id}/revoke`)
      yield* emulator.webhooksSettled
      const received = Chunk.toReadonlyArray(yield* Queue.takeAll(receiver.received))
      const payloads = received.map((request) => JSON.parse(request.body.toString("utf8")))
      assert.deepStrictEqual(payloads.map((payload) => payload.type).sort(), ["session.created", "session.revoked"])
      for (const [i, request] of received.entries()) {
        const id = request.headers["svix-id"] as string
        const timestamp = request.headers["svix-timestamp"] as string
        assert.match(id, /^msg_\w+$/)
        assert.match(timestamp, /^\d+$/)
        assert.strictEqual(request.headers["svix-signature"], expectedSignature(id, timestamp, request.body))
        assert.strictEqual(WebhookSpec.validate(payloads[i]), undefined)
        assert.strictEqual(payloads[i].data.id, created.id)
        assert.strictEqual(payloads[i].data.user.id, userId)
        assert.strictEqual(payloads[i].instance_id, emulator.instanceId)
      }
      const revoked = payloads.find((payload) => payload.type === "session.revoked")
      assert.strictEqual(revoked.data.status, "revoked")
      const log = yield* emulator.webhookDeliveries
      assert.deepStrictEqual(log.map((delivery) => [delivery.state, delivery.attempts.length]), [
        ["delivered", 1],
        ["delivered", 1]
      ])
    }).pipe(Effect.scoped))

  it.live("retries a failed delivery with the same svix-id, each attempt signed with its own timestamp", () =>
    Effect.gen(function*() {
      const receiver = yield* Receiver.make((n) => n < 2 ? 500 : 200)
      const emulator = yield* ClerkEmulator.make({
        webhooks: [{ url: receiver.url, secret: Redacted.make(secret) }],
        webhookRetryDelays: ["5 millis", "5 millis", "5 millis"]
      })
      const id = yield* emulator.sendWebhook({
        type: "user.deleted",
        data: { object: "user", id: "user_1", deleted: true }
      })
      yield* emulator.webhooksSettled
      const received = Chunk.toReadonlyArray(yield* Queue.takeAll(receiver.received))
      assert.strictEqual(received.length, 3)
      for (const request of received) {
        assert.strictEqual(request.headers["svix-id"], id)
        const timestamp = request.headers["svix-timestamp"] as string
        assert.strictEqual(request.headers["svix-signature"], expectedSignature(id, timestamp, request.body))
        assert.strictEqual(WebhookSpec.validate(JSON.parse(request.body.toString("utf8"))), undefined)
      }
      const [delivery] = yield* emulator.webhookDeliveries
      assert.strictEqual(delivery?.state, "delivered")
      assert.deepStrictEqual(delivery?.attempts.map((attempt) => attempt.status), [500, 500, 200])
    }).pipe(Effect.scoped))

  it.live("gives up when the schedule runs out, and records why each attempt failed", () =>
    Effect.gen(function*() {
      const closed = yield* Effect.scoped(Effect.map(Receiver.make(), (receiver) => receiver.url))
      const emulator = yield* ClerkEmulator.make({
        webhooks: [{ url: closed, secret }],
        webhookRetryDelays: ["1 millis"]
      })
      yield* emulator.sendWebhook({ type: "user.deleted", data: { object: "user", id: "user_1", deleted: true } })
      yield* emulator.webhooksSettled
      const [delivery] = yield* emulator.webhookDeliveries
      assert.strictEqual(delivery?.state, "failed")
      assert.deepStrictEqual(delivery?.attempts.map((attempt) => attempt.error), ["ECONNREFUSED", "ECONNREFUSED"])
    }).pipe(Effect.scoped))

  it.live("sends an endpoint only the event types it subscribes to", () =>
    Effect.gen(function*() {
      const all = yield* Receiver.make()
      const users = yield* Receiver.make()
      const emulator = yield* ClerkEmulator.make({
        webhooks: [{ url: all.url, secret }, { url: users.url, secret, events: ["user.created"] }]
      })
      yield* call(emulator, "POST", "/v1/sessions", { user_id: ClerkEmulator.seededUserId(0) })
      yield* emulator.webhooksSettled
      assert.strictEqual(yield* Queue.size(all.received), 1)
      assert.strictEqual(yield* Queue.size(users.received), 0)
    }).pipe(Effect.scoped))

  it.live("endSession: a sign-out sends session.ended, a removal session.removed; a session not active, nothing", () =>
    Effect.gen(function*() {
      const receiver = yield* Receiver.make()
      const emulator = yield* ClerkEmulator.make({ webhooks: [{ url: receiver.url, secret }] })
      const userId = ClerkEmulator.seededUserId(0)
      const signedOut = yield* call(emulator, "POST", "/v1/sessions", { user_id: userId })
      const removed = yield* call(emulator, "POST", "/v1/sessions", { user_id: userId })
      yield* emulator.webhooksSettled
      yield* Queue.takeAll(receiver.received)

      assert.isTrue(yield* emulator.endSession(signedOut.id))
      assert.isTrue(yield* emulator.endSession(removed.id, "removed"))
      // already ended, unknown: nothing changes, nothing is sent
      assert.isFalse(yield* emulator.endSession(signedOut.id, "removed"))
      assert.isFalse(yield* emulator.endSession("sess_missing"))
      yield* emulator.webhooksSettled
      const payloads = Chunk.toReadonlyArray(yield* Queue.takeAll(receiver.received)).map((request) =>
        JSON.parse(request.body.toString("utf8"))
      )
      for (const payload of payloads) assert.strictEqual(WebhookSpec.validate(payload), undefined, payload.type)
      assert.sameDeepMembers(
        payloads.map((payload) => [payload.type, payload.data.id, payload.data.status, payload.data.user.id]),
        [["session.ended", signedOut.id, "ended", userId], ["session.removed", removed.id, "removed", userId]]
      )
      const statuses = yield* Effect.forEach(
        [signedOut.id, removed.id],
        (id) => Effect.map(call(emulator, "GET", `/v1/sessions/${id}`), (session) => session.status)
      )
      assert.deepStrictEqual(statuses, ["ended", "removed"])
    }).pipe(Effect.scoped))

  it.live("a session not found sends nothing", () =>
    Effect.gen(function*() {
      const receiver = yield* Receiver.make()
      const emulator = yield* ClerkEmulator.make({ webhooks: [{ url: receiver.url, secret }] })
      yield* call(emulator, "POST", "/v1/sessions/sess_missing/revoke")
      yield* emulator.webhooksSettled
      assert.deepStrictEqual(yield* emulator.webhookDeliveries, [])
    }).pipe(Effect.scoped))
})

describe("The webhooks description", () => {
  it("accepts its own examples but those that omit a required field (the validator the payloads are checked with)", () => {
    const withExamples = WebhookSpec.events.filter((event) => event.example !== undefined)
    const rejected = withExamples.filter((event) => WebhookSpec.validate(event.example) !== undefined)
    assert.strictEqual(withExamples.length, 27)
    // Clerk's examples for these leave out fields their schemas require (inviter_id, created_at_ms, invoice_id, …)
    assert.deepStrictEqual(rejected.map((event) => event.type), [
      "organizationDomain.created",
      "organizationDomain.updated",
      "organizationInvitation.created",
      "organizationInvitation.accepted",
      "organizationInvitation.revoked",
      "paymentAttempt.created",
      "paymentAttempt.updated",
      "role.updated",
      "role.deleted",
      "sms.created",
      "waitlistEntry.created",
      "waitlistEntry.updated"
    ])
    assert.isString(WebhookSpec.validate({ type: "user.created", object: "event", data: {} }))
  })
})
