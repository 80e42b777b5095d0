/**
 * `npm run example:webhooks`: a webhook route (`ClerkWebhookHttp.route`, the body verified as received) on a
 * loopback port, and an emulator that sends it every event, signed as Clerk does. It prints where it listens, creates
 * and revokes a session on the emulator, and prints each event the route verified. `PORT` picks the route's port
 * (default 0: any free one). Ctrl-C stops both.
 */
import { HttpRouter, HttpServer } from "@effect/platform"
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer, Queue, Redacted } from "effect"
import { createServer } from "node:http"
import { pathToFileURL } from "node:url"
import * as ClerkEmulator from "../src/emulator/ClerkEmulator.js"
import * as ClerkWebhookHttp from "../src/http/ClerkWebhookHttp.js"
import * as ClerkWebhooks from "../src/services/ClerkWebhooks.js"

/** A new signing secret, as the Clerk dashboard shows one. */
const newSecret = () => `whsec_${Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(24))).toString("base64")}`

/**
 * Serves the route on `port` and an emulator sending to it; `onEvent` sees each verified event. Answers the route's
 * URL and the emulator; both stop with the scope.
 */
export const serveWebhooks = (port: number, onEvent: ClerkWebhookHttp.Handler<never, never>) =>
  Effect.gen(function*() {
    const secret = newSecret()
    const router = HttpRouter.empty.pipe(ClerkWebhookHttp.route("/webhooks/clerk", onEvent))
    const context = yield* Layer.build(
      HttpServer.serve(router).pipe(
        Layer.provideMerge(NodeHttpServer.layer(() => createServer(), { port, host: "127.0.0.1" })),
        Layer.provide(ClerkWebhooks.layer({ secret: Redacted.make(secret) }))
      )
    )
    const url = yield* HttpServer.addressWith((address) =>
      Effect.succeed(address._tag === "TcpAddress" ? `http://127.0.0.1:${address.port}/webhooks/clerk` : "")
    ).pipe(Effect.provide(context))
    const emulator = yield* ClerkEmulator.make({ webhooks: [{ url, secret }] })
    return { url, emulator }
  })

/** Creates a session for the first seeded user and revokes it: two events, `session.created` and `session.revoked`. */
export const createAndRevokeSession = (emulator: ClerkEmulator.Handle) =>
  Effect.promise(async () => {
    const headers = {
      authorization: `Bearer ${Redacted.value(emulator.secretKey)}`,
      "content-type": "application/json"
    }
    const created = await emulator.fetch("/v1/sessions", {
      method: "POST",
      headers,
      body: JSON.stringify({ user_id: ClerkEmulator.seededUserId(0) })
    }).then((response) => response.json() as Promise<{ id: string }>)
    await emulator.fetch(`/v1/sessions/${created.id}/revoke`, { method: "POST", headers })
    return created.id
  })

const main = Effect.gen(function*() {
  const received = yield* Queue.unbounded<string>()
  const { emulator, url } = yield* serveWebhooks(
    Number(process.env.PORT ?? "0"),
    (event, delivery) => Queue.offer(received, `received ${event.type} (${delivery.id}), signature verified`)
  )
  yield* Console.log(`POST /webhooks/clerk on ${url}`)
  yield* Console.log("Creating and revoking a session on the emulator; its webhooks follow. Ctrl-C stops both.")
  yield* createAndRevokeSession(emulator)
  return yield* Effect.forever(Effect.flatMap(Queue.take(received), Console.log))
}).pipe(Effect.scoped)

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  NodeRuntime.runMain(main)
}
