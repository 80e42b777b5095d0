/**
 * Real servers for the middleware tests: an `HttpRouter` app behind `requireSession` and an `HttpApi` behind
 * `ClerkAuthMiddleware`, each on an ephemeral 127.0.0.1 port, over the production client (`ClerkLive`, real sockets)
 * pointed at the loopback emulator. Every server gets its own client, so its key cache starts cold.
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
import { Cause, Context, Effect, Layer, Logger, LogLevel, Schedule, Schema, type Scope } from "effect"
import { createServer } from "node:http"
import * as ClerkAuthMiddleware from "../../../src/http/ClerkAuthMiddleware.js"
import { ClerkConfig, ClerkLive, CurrentSession } from "../../../src/index.js"
import type { Services } from "../../../src/layers/ClerkLive.js"
import type { LoopbackService } from "../../reliability/support/Loopback.js"

/** What a protected route answers: the claims it saw in `CurrentSession`. */
export const Me = Schema.Struct({ sessionId: Schema.String, userId: Schema.String, issuer: Schema.String })

const me = Effect.map(CurrentSession, (session) => ({
  sessionId: session.sessionId,
  userId: session.userId,
  issuer: session.issuer
}))

/** `GET /me` behind `requireSession`. */
export const routerApp = HttpRouter.empty.pipe(
  HttpRouter.get("/me", Effect.map(me, (body) => HttpServerResponse.unsafeJson(body))),
  HttpRouter.use(ClerkAuthMiddleware.requireSession)
)

/** `GET /me` of an `HttpApi` whose group has `ClerkAuthMiddleware`. */
export const api = HttpApi.make("test").add(
  HttpApiGroup.make("me").add(HttpApiEndpoint.get("me", "/me").addSuccess(Me)).middleware(
    ClerkAuthMiddleware.ClerkAuthMiddleware
  )
)

const meLive = HttpApiBuilder.group(api, "me", (handlers) => handlers.handle("me", () => me))

const apiApp = HttpApiBuilder.serve().pipe(
  Layer.provide(HttpApiBuilder.api(api)),
  Layer.provide(meLive),
  Layer.provide(ClerkAuthMiddleware.layer)
)

/** Which middleware a server uses. */
export type Kind = "router" | "api"

/** The client of a test server: no retries and a short attempt timeout, so a failing JWKS is quick. */
export const clerkLayer = (service: LoopbackService, options: Partial<ClerkConfig.Options> = {}) =>
  ClerkLive.pipe(
    Layer.provideMerge(
      ClerkConfig.layer({
        secretKey: service.emulator.secretKey,
        apiUrl: service.url,
        retry: Schedule.stop,
        timeout: "500 millis",
        ...options
      })
    ),
    Layer.orDie
  )

/** The lines logged by a server: level, message parts and cause, as text. */
export interface Logs {
  readonly lines: Array<string>
}

const capture = (logs: Logs) =>
  Layer.mergeAll(
    Logger.replace(
      Logger.defaultLogger,
      Logger.make(({ cause, logLevel, message }) => {
        const parts = Array.isArray(message) ? message : [message]
        logs.lines.push(
          [logLevel.label, ...parts.map((part) => typeof part === "string" ? part : JSON.stringify(part))].join(" ") +
            (Cause.isEmpty(cause) ? "" : ` ${Cause.pretty(cause)}`)
        )
      })
    ),
    Logger.minimumLogLevel(LogLevel.All)
  )

const listenLayer = NodeHttpServer.layer(() => createServer(), { port: 0, host: "127.0.0.1" })

const listen = (
  served: Layer.Layer<never, never, any>,
  clerk: Layer.Layer<any>,
  logs: Logs
): Effect.Effect<string, never, Scope.Scope> =>
  Effect.gen(function*() {
    const context = yield* Layer.build(
      served.pipe(Layer.provideMerge(listenLayer), Layer.provide(clerk), Layer.orDie)
    ).pipe(Effect.provide(capture(logs)))
    const address = Context.get(context, HttpServer.HttpServer).address
    return address._tag === "TcpAddress" ? `http://127.0.0.1:${address.port}` : ""
  })

/** A server of `kind` with its own client (cold key cache); answers its base URL. */
export const serve = (
  kind: Kind,
  clerk: Layer.Layer<Services>,
  logs: Logs = { lines: [] }
): Effect.Effect<string, never, Scope.Scope> =>
  listen(kind === "router" ? HttpServer.serve(routerApp) : apiApp, clerk, logs)

/** A GET over a real socket: status and body text. */
export const get = (url: string, headers: Record<string, string> = {}) =>
  Effect.promise(async () => {
    const response = await fetch(url, { headers })
    return { status: response.status, body: await response.text(), headers: response.headers }
  })

/** A session token for `sessionId`, as Clerk's Frontend API mints it (version 2 claims, 5 minutes). */
export const mint = (service: LoopbackService, sessionId: string) =>
  Effect.orDie(service.emulator.sessionToken(sessionId, { expiresInSeconds: 300 }))

/** The id of an active session of the emulator. */
export const activeSession = (service: LoopbackService) =>
  Effect.flatMap(service.emulator.sessions, (sessions) => {
    const session = sessions.find((s) => s.status === "active")
    return session === undefined ? Effect.dieMessage("no active session") : Effect.succeed(session)
  })
