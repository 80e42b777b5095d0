import * as Http from "node:http"
import * as Https from "node:https"
import * as Zlib from "node:zlib"
import { asyncAttempt } from "./asyncAttempt.js"
import type { Transport, WireResponse } from "./wire.js"

/**
 * The keep-alive agents a Node transport sends through.
 *
 * @internal
 */
export interface Agents {
  readonly http: Http.Agent
  readonly https: Https.Agent
}

/**
 * Keep-alive agents. Idle sockets close after 4 s, as undici's (`fetch`'s) do, so a socket the server has just
 * dropped is rarely reused; Node also honours a server's `Keep-Alive: timeout=…`.
 *
 * @internal
 */
export const makeAgents = (): Agents => ({
  http: new Http.Agent({ keepAlive: true, timeout: 4_000 }),
  https: new Https.Agent({ keepAlive: true, timeout: 4_000 })
})

/** What `fetch` asks for, and what it undoes: the body arrives as sent, decoded here. */
const acceptEncoding = "gzip, deflate, br"

const decoderFor = (encoding: string | undefined): Zlib.Gunzip | Zlib.Inflate | Zlib.BrotliDecompress | undefined => {
  switch (encoding?.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return Zlib.createGunzip()
    case "deflate":
      return Zlib.createInflate()
    case "br":
      return Zlib.createBrotliDecompress()
    default:
      return undefined
  }
}

const headerOf = (headers: Http.IncomingHttpHeaders) => (name: string): string | undefined => {
  const value = headers[name.toLowerCase()]
  return Array.isArray(value) ? value.join(", ") : value
}

/**
 * `node:http` / `node:https` over keep-alive `agents`: about half the client CPU of Node's `fetch` per request on
 * loopback (bench/RESULTS.md). Each attempt is one `asyncAttempt`: the whole answer (gzip, deflate and br bodies
 * decoded), or a `TransportError`; interruption, timeout and a body past `maxResponseBytes` (counted on the decoded
 * bytes as they arrive, so a gzip bomb stops there) destroy the request (its socket is not reused). Redirects are
 * not followed (`node:http` never does).
 *
 * @internal
 */
export const nodeTransport = (agents: Agents): Transport => (request, attempt, onResponse) =>
  asyncAttempt(request, attempt, ({ done, failed, tooLarge }) => {
    const max = attempt.maxResponseBytes
    const received = (incoming: Http.IncomingMessage) => {
      const status = incoming.statusCode ?? 0
      const header = headerOf(incoming.headers)
      const decoder = decoderFor(header("content-encoding"))
      const body = decoder === undefined ? incoming : incoming.pipe(decoder)
      if (decoder !== undefined) decoder.on("error", failed)
      const chunks: Array<Buffer> = []
      let size = 0
      let over = false
      body.on("data", (chunk: Buffer) => {
        if (over) return
        size += chunk.length
        if (size > max) {
          over = true
          chunks.length = 0
          decoder?.destroy()
          incoming.destroy()
          return tooLarge(status)
        }
        chunks.push(chunk)
      })
      body.on("end", () => {
        if (over) return
        const text = chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks, size).toString("utf8")
        const response: WireResponse = { status, header, text }
        done(onResponse(response))
      })
      incoming.on("error", failed)
      incoming.on("close", () => {
        if (!incoming.complete) {
          failed(Object.assign(new Error("the connection closed before the answer ended"), { code: "ECONNRESET" }))
        }
      })
    }
    const https = request.url.startsWith("https:")
    const outgoing = (https ? Https : Http).request(request.url, {
      method: request.method,
      headers: { ...request.headers, "accept-encoding": acceptEncoding },
      agent: https ? agents.https : agents.http
    }, received)
    outgoing.on("error", failed)
    outgoing.end(request.body)
    return () => outgoing.destroy()
  })
