import { assert, describe, type Vitest } from "@effect/vitest"
import { Effect, Fiber, Redacted, TestClock } from "effect"
import * as ClerkEmulator from "../../../src/emulator/ClerkEmulator.js"
import * as Fault from "../../../src/emulator/Fault.js"
import * as Seed from "../../../src/emulator/Seed.js"
import { eventually, firstActive, get, post, request } from "../support/Http.js"

const userId = Seed.userId(0)
const create = { body: { user_id: userId } }

export const suite = (it: Vitest.MethodsNonLive<ClerkEmulator.ClerkEmulator>) =>
  describe("ClerkEmulator faults", () => {
    describe("faults that answer without processing", () => {
      it.effect("Status answers the status with a Clerk body and Retry-After, and leaves the model alone", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          yield* emulator.injectFault(
            Fault.status(429, { retryAfter: 2, method: "POST", path: "/v1/sessions", times: 2 })
          )
          for (let i = 0; i < 2; i++) {
            const limited = yield* post(emulator, "/v1/sessions", create)
            assert.strictEqual(limited.status, 429)
            assert.strictEqual(limited.headers.get("retry-after"), "2")
            assert.strictEqual(limited.json.errors[0].code, "too_many_requests")
            assert.isString(limited.json.clerk_trace_id)
          }
          assert.strictEqual((yield* emulator.sessions).length, 12)
          const passed = yield* post(emulator, "/v1/sessions", create)
          assert.strictEqual(passed.status, 200)
          assert.strictEqual((yield* emulator.sessions).length, 13)
          const log = yield* emulator.requests
          assert.deepStrictEqual(log.map((entry) => [entry.fault?._tag, entry.status]), [
            ["Status", 429],
            ["Status", 429],
            [undefined, 200]
          ])
        }))

      it.effect("Status takes its own code, messages and an HTTP-date Retry-After", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const retryAfter = "Wed, 21 Oct 2026 07:28:00 GMT"
          yield* emulator.injectFault({ _tag: "Status", status: 503, code: "maintenance", message: "down", retryAfter })
          const reply = yield* get(emulator, "/v1/jwks")
          assert.strictEqual(reply.status, 503)
          assert.strictEqual(reply.headers.get("retry-after"), retryAfter)
          assert.deepStrictEqual(
            { ...reply.json.errors[0], long_message: "" },
            { message: "down", long_message: "", code: "maintenance" }
          )
        }))

      it.effect("Reset makes the in-process fetch reject like undici, and processes nothing", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          yield* emulator.injectFault(Fault.reset({ method: "POST" }))
          const error = yield* Effect.flip(Effect.tryPromise(() => emulator.fetch("/v1/sessions", { method: "POST" })))
          const cause = error.error as TypeError & { cause: Error & { code: string } }
          assert.instanceOf(cause, TypeError)
          assert.strictEqual(cause.message, "fetch failed")
          assert.strictEqual(cause.cause.message, "read ECONNRESET")
          assert.strictEqual(cause.cause.code, "ECONNRESET")
          assert.strictEqual((yield* emulator.sessions).length, 12)
          const [entry] = yield* emulator.requests
          assert.deepStrictEqual([entry?.outcome, entry?.status], ["reset", undefined])
        }))

      it.effect("MalformedJson, Html and EmptyBody send broken bodies and process nothing", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          yield* emulator.injectFault(Fault.malformedJson())
          const malformed = yield* post(emulator, "/v1/sessions", create)
          assert.deepStrictEqual([malformed.status, malformed.headers.get("content-type")], [200, "application/json"])
          assert.throws(() => JSON.parse(malformed.text))

          yield* emulator.injectFault(Fault.html())
          const html = yield* post(emulator, "/v1/sessions", create)
          assert.deepStrictEqual([html.status, html.headers.get("content-type")], [502, "text/html"])
          assert.match(html.text, /^<html>[\s\S]*502 Bad Gateway[\s\S]*<\/html>\s*$/)

          yield* emulator.injectFault(Fault.html({ status: 503, body: "<html>Service Unavailable</html>" }))
          const custom = yield* post(emulator, "/v1/sessions", create)
          assert.deepStrictEqual([custom.status, custom.text], [503, "<html>Service Unavailable</html>"])

          yield* emulator.injectFault(Fault.emptyBody())
          const empty = yield* post(emulator, "/v1/sessions", create)
          assert.deepStrictEqual([empty.status, empty.text, empty.headers.get("content-type")], [
            200,
            "",
            "application/json"
          ])
          assert.strictEqual((yield* emulator.sessions).length, 12)
        }))
    })

    describe("Latency", () => {
      it.effect("waits on the emulator's clock, then processes the request", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          yield* emulator.injectFault(Fault.latency("5 seconds", { path: "/v1/sessions" }))
          const fiber = yield* Effect.fork(post(emulator, "/v1/sessions", create))
          yield* eventually(emulator.requests, (log) => log.length === 1)
          yield* TestClock.adjust("4 seconds")
          assert.strictEqual((yield* emulator.sessions).length, 12)
          yield* TestClock.adjust("1 second")
          const reply = yield* Fiber.join(fiber)
          assert.strictEqual(reply.status, 200)
          assert.strictEqual((yield* emulator.sessions).length, 13)
        }))

      it.effect("a client abort during the wait rejects fetch, is recorded, and processes nothing", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          yield* emulator.injectFault(Fault.latency("10 seconds"))
          const controller = new AbortController()
          const pending = emulator.fetch("/v1/sessions", {
            method: "POST",
            headers: { authorization: `Bearer ${Redacted.value(emulator.secretKey)}` },
            body: JSON.stringify({ user_id: userId }),
            signal: controller.signal
          }).then(() => "answered", (error: unknown) => error)
          yield* eventually(emulator.requests, (log) => log.length === 1)
          controller.abort()
          const error = yield* Effect.promise(() => pending)
          assert.instanceOf(error, DOMException)
          assert.strictEqual((error as DOMException).name, "AbortError")
          const [entry] = yield* eventually(emulator.requests, (log) => log[0]?.aborted === true)
          assert.deepStrictEqual([entry?.outcome, entry?.status], ["aborted", undefined])
          yield* TestClock.adjust("1 minute")
          assert.strictEqual((yield* emulator.sessions).length, 12)
        }))

      it.effect("an aborted signal rejects before anything is sent", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const error = yield* Effect.promise(() =>
            emulator.fetch("/v1/jwks", { signal: AbortSignal.abort() }).then(
              () => "answered",
              (error: unknown) => error
            )
          )
          assert.strictEqual((error as DOMException).name, "AbortError")
          assert.deepStrictEqual(yield* emulator.requests, [])
        }))
    })

    describe("faults that rewrite a processed answer", () => {
      it.effect("ExtraFields adds unknown fields to the object, to a list's items and to a page", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const session = yield* firstActive(emulator)
          yield* emulator.injectFault(Fault.extraFields({ times: 3 }))
          const one = yield* get(emulator, `/v1/sessions/${session.id}`)
          assert.strictEqual(one.headers.get("content-type"), "application/json")
          assert.deepStrictEqual(one.json, {
            ...session,
            emulator_extra_string: "surprise",
            emulator_extra_object: { nested: true, list: [1, 2, 3] }
          })
          const list = yield* get(emulator, "/v1/sessions?limit=2")
          assert.isTrue(list.json.every((item: any) => item.emulator_extra_string === "surprise"))
          const page = yield* get(emulator, "/v1/sessions?limit=2&paginated=true")
          assert.strictEqual(page.json.emulator_extra_string, "surprise")
          assert.isTrue(page.json.data.every((item: any) => item.emulator_extra_string === "surprise"))
          yield* emulator.injectFault(Fault.extraFields({ fields: { brand_new: 1 }, method: "POST" }))
          const created = yield* post(emulator, "/v1/sessions", create)
          assert.strictEqual(created.json.brand_new, 1)
          assert.strictEqual((yield* emulator.sessions).length, 13)
        }))

      it.effect("UnknownEnum replaces the status (or the named field) with an unknown value", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const session = yield* firstActive(emulator)
          yield* emulator.injectFault(Fault.unknownEnum())
          const one = yield* get(emulator, `/v1/sessions/${session.id}`)
          assert.deepStrictEqual(one.json, { ...session, status: "emulator_unknown_value" })
          yield* emulator.injectFault(Fault.unknownEnum({ field: "object", value: "session_v2" }))
          const list = yield* get(emulator, "/v1/sessions?paginated=true")
          assert.isTrue(list.json.data.every((item: any) => item.object === "session_v2"))
          assert.strictEqual((yield* emulator.sessions).find((item) => item.id === session.id)?.status, "active")
        }))

      it.effect("DropField removes a required field; error answers are left as they are", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const session = yield* firstActive(emulator)
          yield* emulator.injectFault(Fault.dropField("created_at", { times: 2 }))
          const one = yield* get(emulator, `/v1/sessions/${session.id}`)
          const { created_at: _, ...withoutCreatedAt } = session
          assert.deepStrictEqual(one.json, withoutCreatedAt)
          const missing = yield* get(emulator, "/v1/sessions/sess_nope")
          assert.strictEqual(missing.status, 404)
          assert.deepStrictEqual(Object.keys(missing.json), ["errors", "clerk_trace_id"])
          assert.deepStrictEqual(yield* emulator.pendingFaults, [])
        }))
    })

    describe("queue", () => {
      it.effect("applies a fault only to matching requests, as many times as asked, until cleared", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const session = yield* firstActive(emulator)
          yield* emulator.injectFault(Fault.status(500, { method: "GET", path: "/v1/sessions/:id", times: Infinity }))
          assert.strictEqual((yield* get(emulator, "/v1/sessions")).status, 200)
          assert.strictEqual((yield* post(emulator, `/v1/sessions/${session.id}/revoke`)).status, 200)
          for (let i = 0; i < 3; i++) {
            const reply = yield* get(emulator, `/v1/sessions/${session.id}`)
            assert.deepStrictEqual([reply.status, reply.json.errors[0].code], [500, "internal_clerk_error"])
          }
          assert.strictEqual((yield* emulator.pendingFaults)[0]?.remaining, Infinity)
          yield* emulator.clearFaults
          assert.strictEqual((yield* request(emulator, "GET", `/v1/sessions/${session.id}`)).status, 200)
        }))
    })
  })
