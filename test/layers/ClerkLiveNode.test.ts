import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Exit, Fiber, Layer, Redacted, Schedule } from "effect"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Zlib from "node:zlib"
import { ClerkConfig, Sessions, TransportError } from "../../src/index.js"
import { ClerkLiveNode } from "../../src/layers/ClerkLiveNode.js"
import { wireSession } from "../support/Fixtures.js"

/*
 * What only the Node layer's HttpClient does (the shared behaviour runs in the reliability suites over it, see
 * vitest.config.ts): compressed bodies, keep-alive sockets that close with the layer, cut answers, interruption.
 */

interface Server {
  readonly url: string
  /** Requests seen: method, url, headers. */
  readonly requests: Array<Http.IncomingMessage>
  /** TCP connections opened so far, and how many are open now. */
  readonly connections: () => { readonly opened: number; readonly open: number }
}

/** A loopback `node:http` server answering with `handler`, closed with the scope. */
const serve = (handler: (req: Http.IncomingMessage, res: Http.ServerResponse) => void) =>
  Effect.acquireRelease(
    Effect.async<{ server: Http.Server; value: Server }>((resume) => {
      const requests: Array<Http.IncomingMessage> = []
      let opened = 0
      let open = 0
      const server = Http.createServer((req, res) => {
        requests.push(req)
        handler(req, res)
      })
      server.on("connection", (socket) => {
        opened++
        open++
        socket.on("close", () => open--)
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({
          server,
          value: { url: `http://127.0.0.1:${port}`, requests, connections: () => ({ opened, open }) }
        }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ value }) => value))

const body = JSON.stringify(wireSession({ id: "sess_node" }))

const client = (url: string, options: Partial<ClerkConfig.Options> = {}) =>
  ClerkLiveNode.pipe(
    Layer.provide(
      ClerkConfig.layer({ secretKey: Redacted.make("sk_test_node"), apiUrl: url, rateLimit: false, ...options })
    ),
    Layer.orDie
  )

/** Polls (live clock) until `check` holds, for at most 2 s. */
const eventually = (check: () => boolean) =>
  Effect.repeat(Effect.sync(check), {
    until: (ok) => ok,
    schedule: Schedule.spaced("10 millis").pipe(Schedule.upTo("2 seconds"))
  })

describe("ClerkLiveNode", () => {
  it.live("decodes gzip, deflate and br bodies, and asks for them as fetch does", () =>
    Effect.scoped(Effect.gen(function*() {
      const encoders: Record<string, (b: string) => Buffer> = {
        gzip: (b) => Zlib.gzipSync(b),
        deflate: (b) => Zlib.deflateSync(b),
        br: (b) => Zlib.brotliCompressSync(b),
        identity: (b) => Buffer.from(b)
      }
      const server = yield* serve((req, res) => {
        const encoding = req.url!.split("/").pop()!.replace("sess_", "")
        res.writeHead(200, { "content-type": "application/json", "content-encoding": encoding })
        res.end(encoders[encoding]!(body))
      })
      for (const encoding of Object.keys(encoders)) {
        const session = yield* Sessions.get(`sess_${encoding}`).pipe(Effect.provide(client(server.url)))
        assert.strictEqual(session.id, "sess_node", encoding)
      }
      assert.strictEqual(server.requests[0]!.headers["accept-encoding"], "gzip, deflate, br")
    })))

  it.live("fails with TransportError, not a defect, when a compressed body is corrupt", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" })
        res.end("not gzip at all")
      })
      const error = yield* Effect.flip(
        Sessions.get("sess_1").pipe(Effect.provide(client(server.url, { retry: Schedule.stop })))
      )
      assert.instanceOf(error, TransportError)
    })))

  it.live("reuses keep-alive sockets for sequential calls, and closes them when the layer is released", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" }).end(body)
      })
      yield* Effect.scoped(Effect.gen(function*() {
        const context = yield* Layer.build(client(server.url))
        for (let i = 0; i < 10; i++) yield* Effect.provide(Sessions.get("sess_1"), context)
        // undici's pool (under NodeHttpClient) opens a second socket once; then both are reused
        assert.isAtMost(server.connections().opened, 2)
        assert.isAtLeast(server.connections().open, 1)
      }))
      yield* eventually(() => server.connections().open === 0)
      assert.isAtMost(server.connections().opened, 2)
    })))

  it.live("fails a cut answer with TransportError ConnectionReset, and retries it where that is safe", () =>
    Effect.scoped(Effect.gen(function*() {
      let calls = 0
      const server = yield* serve((_req, res) => {
        calls++
        res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) })
        if (calls === 1) {
          res.write(body.slice(0, 10))
          setTimeout(() => res.socket?.destroy(), 5)
        } else {
          res.end(body)
        }
      })
      const retried = yield* Sessions.get("sess_1").pipe(
        Effect.provide(client(server.url, { retry: Schedule.spaced("1 millis") }))
      )
      assert.strictEqual(retried.id, "sess_node")
      assert.strictEqual(calls, 2)
      calls = 0
      const error = yield* Effect.flip(
        Sessions.get("sess_1").pipe(Effect.provide(client(server.url, { retry: Schedule.stop })))
      )
      assert.instanceOf(error, TransportError)
      assert.strictEqual(error.failure, "ConnectionReset")
    })))

  it.live(
    "destroys the request when the caller is interrupted or the attempt times out",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const server = yield* serve(() => {
          // never answers
        })
        const context = yield* Layer.build(client(server.url, { timeout: "150 millis", retry: Schedule.stop }))
        const fiber = yield* Effect.fork(Effect.provide(Sessions.get("sess_1"), context))
        yield* eventually(() => server.requests.length === 1)
        yield* Fiber.interrupt(fiber)
        yield* eventually(() => server.requests[0]!.destroyed)
        yield* eventually(() => server.connections().open === 0)

        const started = Date.now()
        const exit = yield* Effect.exit(Effect.provide(Sessions.get("sess_2"), context))
        assert.isTrue(Exit.isFailure(exit))
        const error = yield* Effect.flip(exit)
        assert.instanceOf(error, TransportError)
        assert.strictEqual(error.failure, "Timeout")
        assert.isAtLeast(Date.now() - started, 140)
        yield* eventually(() => server.requests[1]!.destroyed)
      })),
    Duration.toMillis("10 seconds")
  )

  it.live("speaks TLS to an https URL (a plain-HTTP server there is a TransportError, not a defect)", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" }).end(body)
      })
      const https = server.url.replace("http:", "https:")
      const config = { apiUrl: https, retry: Schedule.stop }
      const error = yield* Effect.flip(Sessions.get("sess_1").pipe(Effect.provide(client(https, config))))
      assert.instanceOf(error, TransportError)
      assert.match(error.detail, /SSL|TLS|EPROTO|wrong version/i)
      assert.strictEqual(server.requests.length, 0, "no plain-HTTP request reached the server")
    })))

  it.live("sends the JSON body with its length and joins repeated response headers", () =>
    Effect.scoped(Effect.gen(function*() {
      let received = ""
      const server = yield* serve((req, res) => {
        req.setEncoding("utf8")
        req.on("data", (chunk: string) => (received += chunk))
        req.on("end", () => {
          res.writeHead(429, [
            ["content-type", "application/json"],
            ["retry-after", "7"],
            ["clerk-trace-id", "trace_a"],
            ["clerk-trace-id", "trace_b"]
          ]).end("{}")
        })
      })
      const error = yield* Effect.flip(
        Sessions.create({ userId: "user_1" }).pipe(Effect.provide(client(server.url, { retry: Schedule.stop })))
      )
      assert.deepStrictEqual(JSON.parse(received), { user_id: "user_1" })
      assert.strictEqual(server.requests[0]!.headers["content-length"], String(received.length))
      assert.strictEqual(server.requests[0]!.headers["content-type"], "application/json")
      assert.strictEqual(error._tag, "RateLimited")
      if (error._tag !== "RateLimited") return
      assert.deepStrictEqual(error.retryAfter, Duration.seconds(7))
      assert.strictEqual(error.clerkTraceId, "trace_a, trace_b")
    })))
})
