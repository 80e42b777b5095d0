/**
 * A loopback `node:http` server that answers whatever a test scripts (redirects, bombs, deep JSON, silence), for the
 * hostile-answer suites; it counts the requests it saw and the body bytes it managed to write.
 */
import { Effect, Layer, Redacted, Schedule } from "effect"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { ClerkConfig, type Sessions, type SignInTokens } from "../../../src/index.js"
import { liveLayer } from "../../support/Transport.js"

/** What a hostile server saw. */
export interface HostileServer {
  readonly url: string
  readonly origin: string
  readonly requests: Array<{ readonly method: string; readonly url: string; readonly body: string }>
  /** Body bytes written by `stream` answers so far. */
  readonly written: () => number
}

/** How a scripted handler answers; `stream` writes `chunk` until `total` bytes or the client goes away. */
export interface Answer {
  readonly status: number
  readonly headers?: Record<string, string>
  readonly body?: string | Buffer
  readonly stream?: { readonly chunk: Buffer; readonly total: number }
  /** Never answer (the socket stays open until the client gives up). */
  readonly hang?: boolean
}

/** A loopback server answering each request with `answer(request)`, closed with the scope. */
export const hostileServer = (answer: (request: Http.IncomingMessage) => Answer) =>
  Effect.acquireRelease(
    Effect.async<{ server: Http.Server; value: HostileServer }>((resume) => {
      const requests: Array<{ method: string; url: string; body: string }> = []
      let written = 0
      const server = Http.createServer((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          requests.push({ method: req.method ?? "", url: req.url ?? "", body: Buffer.concat(chunks).toString("utf8") })
          const a = answer(req)
          if (a.hang === true) return
          res.writeHead(a.status, a.headers ?? {})
          if (a.stream === undefined) return res.end(a.body)
          const { chunk, total } = a.stream
          const pump = () => {
            while (written < total && !res.destroyed) {
              written += chunk.length
              if (!res.write(chunk)) return void res.once("drain", pump)
            }
            if (!res.destroyed) res.end()
          }
          res.on("error", () => {})
          pump()
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        const origin = `http://127.0.0.1:${port}`
        resume(Effect.succeed({ server, value: { url: origin, origin, requests, written: () => written } }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ value }) => value))

/** The secret key of the hostile suites; tests assert it never shows. */
export const hostileKey = "sk_test_HOSTILE_SECRET_0123456789"

/** The production layer (Transport.ts) against `url`, no retries unless told otherwise. */
export const hostileClient = (
  url: string,
  options: Partial<ClerkConfig.Options> = {}
): Layer.Layer<Sessions.Sessions | SignInTokens.SignInTokens> =>
  liveLayer.pipe(
    Layer.provide(
      ClerkConfig.layer({ secretKey: Redacted.make(hostileKey), apiUrl: url, retry: Schedule.stop, ...options })
    ),
    Layer.orDie
  )
