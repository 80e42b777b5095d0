/**
 * `requireSession` (HttpRouter) and `ClerkAuthMiddleware` (HttpApi) decide with one function: for the same request
 * they answer the same status, content type and body, over real sockets.
 */
import { assert } from "@effect/vitest"
import { Effect } from "effect"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import { fresh, Loopback, loopbackSuite } from "../reliability/support/Loopback.js"
import { activeSession, clerkLayer, get, mint, serve } from "./support/Servers.js"

/** What a client sees of an answer. */
const seen = (response: { readonly status: number; readonly body: string; readonly headers: Headers }) => ({
  status: response.status,
  contentType: response.headers.get("content-type"),
  body: response.body.length === 0 ? undefined : JSON.parse(response.body)
})

loopbackSuite("requireSession and ClerkAuthMiddleware answer alike", {}, (test) => {
  test("for every kind of request: signed in, signed out for each reason, keys unavailable", () =>
    Effect.gen(function*() {
      const service = yield* fresh
      const session = yield* activeSession(service)
      const token = yield* mint(service, session.id)
      const expired = yield* service.emulator.sessionToken(session.id, { expiresInSeconds: -60 })
      const tampered = token.slice(0, -6) + (token.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA")
      const router = yield* serve("router", clerkLayer(service))
      const api = yield* serve("api", clerkLayer(service))
      const requests: ReadonlyArray<Record<string, string>> = [
        {},
        { cookie: "theme=dark" },
        { authorization: `Bearer ${token}` },
        { cookie: `__session=${token}` },
        { authorization: `Bearer ${expired}` },
        { authorization: "Bearer not-a-jwt" },
        { authorization: `Bearer ${tampered}`, cookie: `__session=${token}` },
        { authorization: "Basic dXNlcjpwYXNz", cookie: `__session=${tampered}` }
      ]
      const statuses: Array<number> = []
      for (const headers of requests) {
        const fromRouter = seen(yield* get(`${router}/me`, headers))
        const fromApi = seen(yield* get(`${api}/me`, headers))
        assert.deepStrictEqual(fromApi, fromRouter, JSON.stringify(Object.keys(headers)))
        statuses.push(fromRouter.status)
      }
      assert.deepStrictEqual(statuses, [401, 401, 200, 200, 401, 401, 401, 401])

      // keys unavailable: two servers with cold key caches while GET /v1/jwks fails
      yield* service.emulator.injectFault(ClerkEmulator.Fault.status(500, { path: "/v1/jwks", times: Infinity }))
      const coldRouter = yield* serve("router", clerkLayer(service))
      const coldApi = yield* serve("api", clerkLayer(service))
      const fromRouter = seen(yield* get(`${coldRouter}/me`, { authorization: `Bearer ${token}` }))
      const fromApi = seen(yield* get(`${coldApi}/me`, { authorization: `Bearer ${token}` }))
      assert.deepStrictEqual(fromApi, fromRouter)
      assert.deepStrictEqual(fromRouter, {
        status: 503,
        contentType: "application/json",
        body: { error: "Service Unavailable" }
      })
    }).pipe(Effect.ensuring(Effect.flatMap(Loopback, ({ emulator }) => emulator.clearFaults))))
})
