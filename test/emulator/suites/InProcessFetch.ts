import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, type Vitest } from "@effect/vitest"
import { Effect, Fiber, Layer, Redacted, TestClock } from "effect"
import * as ClerkEmulator from "../../../src/emulator/ClerkEmulator.js"
import * as Fault from "../../../src/emulator/Fault.js"
import { eventually } from "../support/Http.js"

/** @effect/platform's fetch client, with the emulator's in-process fetch as its `fetch`. */
const platformClient = Effect.gen(function*() {
  const emulator = yield* ClerkEmulator.ClerkEmulator
  const client = yield* HttpClient.HttpClient.pipe(
    Effect.provide(FetchHttpClient.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.Fetch, emulator.fetch))))
  )
  return client.pipe(
    HttpClient.mapRequest(HttpClientRequest.prependUrl(`${emulator.url}/v1`)),
    HttpClient.mapRequest(HttpClientRequest.bearerToken(emulator.secretKey))
  )
})

export const suite = (it: Vitest.MethodsNonLive<ClerkEmulator.ClerkEmulator>) =>
  describe("ClerkEmulator in-process fetch", () => {
    it.effect("is the fetch of @effect/platform's FetchHttpClient: no sockets, same answers", () =>
      Effect.gen(function*() {
        yield* ClerkEmulator.reset
        const client = yield* platformClient
        const response = yield* client.get("/sessions", { urlParams: { user_id: ClerkEmulator.seededUserId(0) } })
        assert.strictEqual(response.status, 200)
        const body = yield* response.json
        assert.deepStrictEqual(
          body,
          (yield* ClerkEmulator.sessions).filter((session) => session.user_id === ClerkEmulator.seededUserId(0))
        )
        const [entry] = yield* ClerkEmulator.requests
        assert.strictEqual(entry?.headers.authorization, "Bearer <redacted>")
      }))

    it.effect("interrupting the client fiber aborts the request: recorded as aborted, nothing processed", () =>
      Effect.gen(function*() {
        yield* ClerkEmulator.reset
        yield* ClerkEmulator.injectFault(Fault.latency("30 seconds", { method: "POST", path: "/v1/sessions" }))
        const client = yield* platformClient
        const fiber = yield* Effect.fork(
          client.execute(
            HttpClientRequest.post("/sessions").pipe(
              HttpClientRequest.bodyUnsafeJson({ user_id: ClerkEmulator.seededUserId(0) })
            )
          )
        )
        yield* eventually(ClerkEmulator.requests, (log) => log.length === 1)
        yield* Fiber.interrupt(fiber)
        const [entry] = yield* eventually(ClerkEmulator.requests, (log) => log[0]?.aborted === true)
        assert.strictEqual(entry?.outcome, "aborted")
        yield* TestClock.adjust("1 minute")
        assert.strictEqual((yield* ClerkEmulator.sessions).length, 12)
      }))

    it.effect("takes a Request, a URL or a path-only string", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        yield* emulator.reset
        const authorization = `Bearer ${Redacted.value(emulator.secretKey)}`
        const statuses = yield* Effect.promise(() =>
          Promise.all([
            emulator.fetch(new Request("http://any.origin/v1/jwks", { headers: { authorization } })),
            emulator.fetch(new URL("/v1/sessions", emulator.url), { headers: { authorization } }),
            emulator.fetch("/v1/sessions?limit=1", { headers: { authorization } }),
            emulator.handler(new Request("http://x/v1/nope", { headers: { authorization } }))
          ]).then((responses) => responses.map((response) => response.status))
        )
        assert.deepStrictEqual(statuses, [200, 200, 200, 404])
        assert.deepStrictEqual((yield* emulator.requests).map((entry) => entry.path), [
          "/v1/jwks",
          "/v1/sessions",
          "/v1/sessions",
          "/v1/nope"
        ])
      }))
  })
