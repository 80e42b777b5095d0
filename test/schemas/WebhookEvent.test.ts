import { assert, describe, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as WebhookEvent from "../../src/schemas/WebhookEvent.js"
import * as WebhookSpec from "../webhooks/support/WebhookSpec.js"

const decode = Schema.decodeUnknownEither(WebhookEvent.WebhookEvent)

describe("WebhookEvent", () => {
  it("has one schema per event type of the description", () => {
    assert.strictEqual(WebhookEvent.eventTypes.length, 45)
    assert.deepStrictEqual([...WebhookEvent.eventTypes], WebhookSpec.events.map((event) => event.type))
  })

  it("decodes every example of the description to its own tagged event", () => {
    for (const { example, type } of WebhookSpec.events.filter((event) => event.example !== undefined)) {
      const decoded = decode(example)
      assert.isTrue(Either.isRight(decoded), `${type}: ${Either.isLeft(decoded) ? decoded.left.message : ""}`)
      if (Either.isRight(decoded)) {
        assert.strictEqual(decoded.right.type, type)
        assert.notStrictEqual(decoded.right._tag, "UnknownEvent")
      }
    }
  })

  it("renames to camelCase and decodes unix-ms timestamps to DateTime.Utc", () => {
    const example = WebhookSpec.events.find((event) => event.type === "user.created")!.example as any
    const decoded = Schema.decodeUnknownSync(WebhookEvent.WebhookEvent)(example)
    assert.strictEqual(decoded._tag, "UserCreated")
    if (decoded._tag !== "UserCreated") return
    assert.deepStrictEqual(decoded.data.firstName, Option.some("John"))
    assert.strictEqual(DateTime.toEpochMillis(decoded.data.createdAt), example.data.created_at)
    assert.strictEqual(decoded.instanceId, example.instance_id)
  })

  it("decodes an event type it does not know to UnknownEvent, with its raw data", () => {
    const data = { object: "widget", id: "wid_1", nested: { a: [1, 2] } }
    const decoded = decode({ type: "widget.created", object: "event", timestamp: 1, instance_id: "ins_1", data })
    assert.isTrue(Either.isRight(decoded))
    if (Either.isLeft(decoded)) return
    assert.strictEqual(decoded.right._tag, "UnknownEvent")
    assert.strictEqual(decoded.right.type, "widget.created")
    assert.deepStrictEqual(decoded.right.data, data)
  })

  it("fails a known event type whose data is not what the description says, instead of calling it unknown", () => {
    const decoded = decode({ type: "session.created", object: "event", timestamp: 1, instance_id: "ins_1", data: 42 })
    assert.isTrue(Either.isLeft(decoded))
  })

  it("keeps an enum value Clerk adds later", () => {
    const example = structuredClone(WebhookSpec.events.find((event) => event.type === "user.created")!.example) as any
    example.data.email_addresses = [{
      object: "email_address",
      id: "idn_1",
      email_address: "a@example.com",
      reserved: false,
      verification: {
        object: "verification_otp",
        status: "verified",
        strategy: "carrier_pigeon",
        attempts: 1,
        expire_at: 1
      },
      linked_to: [],
      created_at: 1,
      updated_at: 1
    }]
    const decoded = Schema.decodeUnknownSync(WebhookEvent.WebhookEvent)(example)
    assert.strictEqual(decoded._tag, "UserCreated")
  })
})
