/**
 * Serves a web handler on 127.0.0.1 with `node:http` (imported lazily, so the in-process emulator
 * needs no Node built-in). Client disconnects abort the web `Request`; a handler rejection that is a
 * connection reset destroys the socket with a TCP RST.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import type { IncomingMessage, Server, ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { isConnectionReset } from "./InProcessFetch.js"

/**
 * The loopback server could not listen (e.g. the port is taken).
 *
 * @since 0.1.0
 * @category errors
 */
export class ServeError extends Data.TaggedError("ServeError")<{
  readonly port: number
  readonly cause: unknown
}> {
  override get message(): string {
    const reason = this.cause instanceof Error ? this.cause.message : String(this.cause)
    return `The Clerk emulator could not listen on 127.0.0.1:${this.port}: ${reason}`
  }
}

/**
 * Where the server listens.
 *
 * @since 0.1.0
 * @category models
 */
export interface Address {
  /** `http://127.0.0.1:<port>`, the `apiUrl` for clients (they add `/v1`). */
  readonly url: string
  readonly port: number
}

const toRequest = (req: IncomingMessage, body: Uint8Array<ArrayBuffer>, signal: AbortSignal): Request => {
  const headers = new Headers()
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    try {
      headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string)
    } catch {
      // a header a web Request refuses is dropped
    }
  }
  const method = req.method ?? "GET"
  return new Request(new URL(req.url ?? "/", "http://127.0.0.1"), {
    method,
    headers,
    signal,
    ...(method === "GET" || method === "HEAD" || body.byteLength === 0 ? {} : { body })
  })
}

const writeResponse = async (res: ServerResponse, response: Response): Promise<void> => {
  const body = new Uint8Array(await response.arrayBuffer())
  if (res.destroyed) {
    return
  }
  res.statusCode = response.status
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") {
      res.setHeader(name, value)
    }
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) {
    res.setHeader("set-cookie", cookies)
  }
  res.setHeader("content-length", body.byteLength)
  res.end(body)
}

const serveOne = (handler: (request: Request) => Promise<Response>) => (req: IncomingMessage, res: ServerResponse) => {
  const controller = new AbortController()
  res.on("close", () => {
    if (!res.writableFinished) {
      controller.abort(new Error("client closed the connection"))
    }
  })
  const chunks: Array<Uint8Array> = []
  req.on("data", (chunk: Uint8Array) => chunks.push(chunk))
  req.on("error", () => controller.abort(new Error("request stream failed")))
  req.on("end", () => {
    const body = new Uint8Array(new ArrayBuffer(chunks.reduce((size, chunk) => size + chunk.byteLength, 0)))
    let offset = 0
    for (const chunk of chunks) {
      body.set(chunk, offset)
      offset += chunk.byteLength
    }
    handler(toRequest(req, body, controller.signal)).then(
      (response) => writeResponse(res, response),
      (error: unknown) => {
        if (isConnectionReset(error)) {
          req.socket.resetAndDestroy()
        } else if (!res.headersSent) {
          res.statusCode = 500
          res.end()
        }
      }
    ).catch(() => req.socket.destroy())
  })
}

// Not a string literal, so that bundlers targeting browsers or edge runtimes (where only the in-process emulator
// runs) do not try to resolve this Node built-in when an app imports the package's barrel.
const nodeHttp = "node:http"

/**
 * Listens on 127.0.0.1 (port 0 = ephemeral) until the scope closes, which closes the server and
 * every open connection.
 *
 * @since 0.1.0
 * @category constructors
 */
export const listen = (
  handler: (request: Request) => Promise<Response>,
  options: { readonly port?: number | undefined } = {}
): Effect.Effect<Address, ServeError, Scope.Scope> =>
  Effect.gen(function*() {
    const port = options.port ?? 0
    const http = yield* Effect.promise((): Promise<typeof import("node:http")> => import(nodeHttp))
    const server = yield* Effect.acquireRelease(
      Effect.async<Server, ServeError>((resume) => {
        const server = http.createServer(serveOne(handler))
        const onError = (cause: unknown) => resume(Effect.fail(new ServeError({ port, cause })))
        server.once("error", onError)
        server.listen({ port, host: "127.0.0.1" }, () => {
          server.off("error", onError)
          resume(Effect.succeed(server))
        })
      }),
      (server) =>
        Effect.async<void>((resume) => {
          server.close(() => resume(Effect.void))
          server.closeAllConnections()
        })
    )
    const address = server.address() as AddressInfo
    return { url: `http://127.0.0.1:${address.port}`, port: address.port }
  })
