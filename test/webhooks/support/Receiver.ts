import * as Effect from "effect/Effect"
import * as Queue from "effect/Queue"
import type * as Scope from "effect/Scope"
import { createServer, type IncomingHttpHeaders } from "node:http"
import type { AddressInfo } from "node:net"

/** A request the receiver got: its headers and its body, byte for byte. */
export interface Received {
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}

/** A webhook endpoint on a real loopback socket; `answer` picks the status of each request, in order. */
export interface Receiver {
  readonly url: string
  readonly received: Queue.Queue<Received>
}

/** Serves on 127.0.0.1:0 until the scope closes; the `n`-th request (from 0) is answered `answer(n)`. */
export const make = (answer: (n: number) => number = () => 204): Effect.Effect<Receiver, never, Scope.Scope> =>
  Effect.gen(function*() {
    const received = yield* Queue.unbounded<Received>()
    let count = 0
    const server = createServer((request, response) => {
      const chunks: Array<Buffer> = []
      request.on("data", (chunk: Buffer) => chunks.push(chunk))
      request.on("end", () => {
        Queue.unsafeOffer(received, { headers: request.headers, body: Buffer.concat(chunks) })
        response.writeHead(answer(count++)).end()
      })
    })
    yield* Effect.acquireRelease(
      Effect.async<void>((resume) => {
        server.listen(0, "127.0.0.1", () => resume(Effect.void))
      }),
      () =>
        Effect.async<void>((resume) => {
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    )
    const { port } = server.address() as AddressInfo
    return { url: `http://127.0.0.1:${port}/webhooks`, received }
  })
