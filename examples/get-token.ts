/**
 * `npm run example:get-token`: the route of Clerk's `sessions.getToken` docs (Next.js, Express, Remix), in Effect.
 * `GET /api/get-token-example` authenticates the request (a session token as `Authorization: Bearer`, else the
 * `__session` cookie) and answers `{ token }`, a token of the "test" JWT template for the signed-in session, or
 * 401 JSON. Run directly, it serves the route against the embedded Clerk emulator on a loopback port and prints
 * `curl` lines with a freshly minted session token (`PORT` picks the port; default: a free one).
 */
import { HttpRouter, HttpServer, HttpServerResponse } from "@effect/platform"
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer } from "effect"
import { createServer } from "node:http"
import { pathToFileURL } from "node:url"
import * as ClerkEmulator from "../src/emulator/ClerkEmulator.js"
import { requireSession } from "../src/http/ClerkAuthMiddleware.js"
import { ClerkConfig, ClerkLive, CurrentSession, Sessions } from "../src/index.js"

/**
 * The handler: `CurrentSession` is the verified session (requireSession answered 401 before it, otherwise).
 * A Backend API failure (the session was revoked since the token was minted, Clerk unreachable…) is answered
 * 502 with its one-line message, which never holds a secret or token.
 */
export const getTokenExample = Effect.gen(function*() {
  const session = yield* CurrentSession
  const token = yield* Sessions.createTokenFromTemplate(session.sessionId, "test")
  return HttpServerResponse.unsafeJson({ token: { object: token.object, jwt: token.jwt } })
}).pipe(
  Effect.catchAll((error) =>
    Effect.as(
      Effect.logWarning("get-token-example: Backend API call failed", error.message),
      HttpServerResponse.unsafeJson({ error: error._tag, message: error.message }, { status: 502 })
    )
  )
)

/** The app: one route behind `requireSession`. Needs `ClerkAuth` and `Sessions` (both in `ClerkLive`). */
export const router = HttpRouter.empty.pipe(
  HttpRouter.get("/api/get-token-example", requireSession(getTokenExample))
)

/** The server on 127.0.0.1:`port` (0: a free port), with `HttpServer` out for its address. */
export const serverLayer = (port: number) =>
  HttpServer.serve(router).pipe(
    Layer.provideMerge(NodeHttpServer.layer(() => createServer(), { port, host: "127.0.0.1" }))
  )

/** The base URL of the `HttpServer` of the context. */
export const serverUrl = HttpServer.addressWith((address) =>
  Effect.succeed(address._tag === "TcpAddress" ? `http://127.0.0.1:${address.port}` : "")
)

/** The id of the emulator's first active session. */
export const activeSessionId = (emulator: ClerkEmulator.Handle) =>
  Effect.flatMap(emulator.sessions, (sessions) => {
    const active = sessions.find((session) => session.status === "active")
    return active === undefined ? Effect.dieMessage("the emulator has no active session") : Effect.succeed(active.id)
  })

/** The emulator on a loopback port, the route's server on `port`, curl lines to try it; runs until Ctrl-C. */
const main = Effect.gen(function*() {
  const emulator = yield* ClerkEmulator.make()
  const { url: apiUrl } = yield* ClerkEmulator.listen(emulator, { port: 0 })
  const clerk = yield* Layer.build(
    ClerkLive.pipe(Layer.provide(ClerkConfig.layer({ secretKey: emulator.secretKey, apiUrl })))
  )
  const server = yield* Layer.build(
    serverLayer(Number(process.env.PORT ?? 0)).pipe(Layer.provide(Layer.succeedContext(clerk)))
  )
  const url = yield* Effect.provide(serverUrl, server)
  const sessionId = yield* activeSessionId(emulator)
  // a session token as Clerk's Frontend API mints it for the browser (10 minutes here, 60 s in Clerk)
  const token = yield* emulator.sessionToken(sessionId, { expiresInSeconds: 600 })
  yield* Console.log(
    [
      `Clerk emulator: ${apiUrl}`,
      `GET /api/get-token-example on ${url}`,
      "",
      `Signed in as session ${sessionId} (the token is valid 10 minutes):`,
      `  curl -s ${url}/api/get-token-example -H 'Authorization: Bearer ${token}'`,
      "or with the cookie a browser would send:",
      `  curl -s ${url}/api/get-token-example --cookie '__session=${token}'`,
      "Signed out (401):",
      `  curl -si ${url}/api/get-token-example`,
      "",
      "Ctrl-C stops both."
    ].join("\n")
  )
  return yield* Effect.never
}).pipe(Effect.scoped)

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  NodeRuntime.runMain(main)
}
