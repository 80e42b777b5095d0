/**
 * The middlewares with `acceptsToken` over real sockets: an `HttpRouter` app behind `requireAuth` and an `HttpApi`
 * group behind a `ClerkAuthMiddleware.Tag`, each accepting machine tokens only (handlers get `CurrentMachine`) or
 * sessions and API keys (handlers get `CurrentAuth`); both answer alike.
 */
import {
  HttpApi,
  HttpApiBuilder,
  HttpApiEndpoint,
  HttpApiGroup,
  HttpRouter,
  HttpServer,
  HttpServerResponse
} from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { assert } from "@effect/vitest"
import { Context, Effect, Layer, Schema } from "effect"
import { createServer } from "node:http"
import * as ClerkAuthMiddleware from "../../src/http/ClerkAuthMiddleware.js"
import { CurrentAuth, CurrentMachine } from "../../src/index.js"
import { fresh, loopbackSuite } from "../reliability/support/Loopback.js"
import { activeSession, clerkLayer, get, mint } from "./support/Servers.js"

const Caller = Schema.Struct({ kind: Schema.String, who: Schema.String })

const machineCaller = Effect.map(CurrentMachine, (machine) => ({ kind: machine.tokenType, who: machine.subject }))
const anyCaller = Effect.map(CurrentAuth, (auth) =>
  auth._tag === "SignedIn"
    ? { kind: "session_token", who: auth.claims.userId }
    : { kind: auth.tokenType, who: auth.subject })

const routerApp = HttpRouter.empty.pipe(
  HttpRouter.get(
    "/machines",
    ClerkAuthMiddleware.requireAuth(["m2m_token", "api_key"])(
      Effect.map(machineCaller, (b) => HttpServerResponse.unsafeJson(b))
    )
  ),
  HttpRouter.get(
    "/mixed",
    ClerkAuthMiddleware.requireAuth(["session_token", "api_key"])(
      Effect.map(anyCaller, (b) => HttpServerResponse.unsafeJson(b))
    )
  )
)

class MachineAuth extends ClerkAuthMiddleware.Tag<MachineAuth>()("test/MachineAuth", {
  acceptsToken: ["m2m_token", "api_key"]
}) {}
class MixedAuth extends ClerkAuthMiddleware.Tag<MixedAuth>()("test/MixedAuth", {
  acceptsToken: ["session_token", "api_key"]
}) {}

const api = HttpApi.make("machines")
  .add(
    HttpApiGroup.make("machines").add(HttpApiEndpoint.get("machines", "/machines").addSuccess(Caller)).middleware(
      MachineAuth
    )
  )
  .add(HttpApiGroup.make("mixed").add(HttpApiEndpoint.get("mixed", "/mixed").addSuccess(Caller)).middleware(MixedAuth))

const apiApp = HttpApiBuilder.serve().pipe(
  Layer.provide(HttpApiBuilder.api(api)),
  Layer.provide(HttpApiBuilder.group(api, "machines", (h) => h.handle("machines", () => machineCaller))),
  Layer.provide(HttpApiBuilder.group(api, "mixed", (h) => h.handle("mixed", () => anyCaller))),
  Layer.provide(ClerkAuthMiddleware.layerFor(MachineAuth)),
  Layer.provide(ClerkAuthMiddleware.layerFor(MixedAuth))
)

const listen = (served: Layer.Layer<never, never, any>, clerk: Layer.Layer<any>) =>
  Effect.gen(function*() {
    const context = yield* Layer.build(
      served.pipe(
        Layer.provideMerge(NodeHttpServer.layer(() => createServer(), { port: 0, host: "127.0.0.1" })),
        Layer.provide(clerk),
        Layer.orDie
      )
    )
    const address = Context.get(context, HttpServer.HttpServer).address
    return address._tag === "TcpAddress" ? `http://127.0.0.1:${address.port}` : ""
  })

const seen = (response: { readonly status: number; readonly body: string }) => ({
  status: response.status,
  body: JSON.parse(response.body) as unknown
})

loopbackSuite("middlewares with acceptsToken", {}, (test) => {
  test("machines only: CurrentMachine for M2M tokens and API keys, 401 for sessions; HttpApi and HttpRouter alike", () =>
    Effect.gen(function*() {
      const service = yield* fresh
      const { emulator } = service
      const m2m = yield* emulator.machines.createM2MToken()
      const m2mJwt = yield* emulator.machines.createM2MToken({ format: "jwt" })
      const key = yield* emulator.machines.createApiKey({ subject: "user_owner" })
      const revoked = yield* emulator.machines.createApiKey()
      yield* emulator.machines.revoke(revoked.id)
      const oauth = yield* emulator.machines.createOAuthToken()
      const session = yield* mint(service, (yield* activeSession(service)).id)
      const router = yield* listen(HttpServer.serve(routerApp), clerkLayer(service))
      const httpApi = yield* listen(apiApp, clerkLayer(service))
      const cases = [
        [{ authorization: `Bearer ${m2m.token}` }, 200, { kind: "m2m_token", who: m2m.subject }],
        [{ authorization: `Bearer ${m2mJwt.token}` }, 200, { kind: "m2m_token", who: m2mJwt.subject }],
        [{ authorization: `Bearer ${key.token}` }, 200, { kind: "api_key", who: "user_owner" }],
        [{ authorization: `Bearer ${session}` }, 401, { error: "Unauthorized", reason: "token-type-mismatch" }],
        [{ authorization: `Bearer ${oauth.token}` }, 401, { error: "Unauthorized", reason: "token-type-mismatch" }],
        [{ authorization: `Bearer ${revoked.token}` }, 401, { error: "Unauthorized", reason: "revoked" }],
        [{ cookie: `__session=${key.token}` }, 401, { error: "Unauthorized", reason: "no-token" }]
      ] as const
      for (const [headers, status, body] of cases) {
        const fromRouter = seen(yield* get(`${router}/machines`, headers))
        assert.deepStrictEqual(fromRouter, { status, body }, JSON.stringify(body))
        assert.deepStrictEqual(seen(yield* get(`${httpApi}/machines`, headers)), fromRouter)
      }
    }))

  test("sessions and API keys: CurrentAuth tells them apart; M2M tokens are refused", () =>
    Effect.gen(function*() {
      const service = yield* fresh
      const { emulator } = service
      const active = yield* activeSession(service)
      const session = yield* mint(service, active.id)
      const key = yield* emulator.machines.createApiKey({ subject: "user_owner" })
      const m2m = yield* emulator.machines.createM2MToken()
      const router = yield* listen(HttpServer.serve(routerApp), clerkLayer(service))
      const httpApi = yield* listen(apiApp, clerkLayer(service))
      const cases = [
        [{ authorization: `Bearer ${session}` }, 200, { kind: "session_token", who: active.user_id }],
        [{ cookie: `__session=${session}` }, 200, { kind: "session_token", who: active.user_id }],
        [{ authorization: `Bearer ${key.token}` }, 200, { kind: "api_key", who: "user_owner" }],
        [{ authorization: `Bearer ${m2m.token}` }, 401, { error: "Unauthorized", reason: "token-type-mismatch" }]
      ] as const
      for (const [headers, status, body] of cases) {
        const fromRouter = seen(yield* get(`${router}/mixed`, headers))
        assert.deepStrictEqual(fromRouter, { status, body }, JSON.stringify(body))
        assert.deepStrictEqual(seen(yield* get(`${httpApi}/mixed`, headers)), fromRouter)
      }
    }))
})
