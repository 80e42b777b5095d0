/**
 * 8. Session token verification (`--only verify`): per-call latency of each way to verify a Clerk session token,
 * in interleaved batches (rotated order each round, warm-up rounds discarded), over a pool of distinct valid
 * tokens minted by the emulator (RS256, version 2 claims), so no side can answer from a cache of tokens.
 * Sides: effect-clerk `ClerkAuth.verifyToken` with `jwtKey` and with the JWKS (fetched once from the loopback
 * emulator, then warm), `@clerk/backend` `verifyToken` the same two ways, `jose.jwtVerify` with an imported key,
 * and two floors that only check the signature and parse the payload: WebCrypto `subtle.verify` (what an edge
 * runtime has) and `node:crypto.verify`. verifications/s is the sequential rate (1 / mean latency).
 *
 * The verification sides run with the verified-token cache off (`verifiedTokenCacheSize: 0`): they measure a
 * verification, not a cache hit.
 *
 * 8b. Requests/s of a small Effect HTTP server (`GET /me` answering the session's ids), on `node:http` in this
 * process, with a fixed number of keep-alive requests in flight, interleaved slices: a plain `HttpRouter` route,
 * the same behind `requireSession` with each token sent `reuse` times in a row (a browser sends its 60-second token
 * with many requests) and with every token distinct, and the same three for an `HttpApi` endpoint behind
 * `ClerkAuthMiddleware`. The authenticated servers keep at most `cacheSize` verified tokens and the pool holds more
 * tokens than that, so the distinct sides never hit the cache and the reused ones miss once per token.
 */
import { verifyToken as clerkVerifyToken } from "@clerk/backend"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpApi from "@effect/platform/HttpApi"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import * as Jose from "jose"
import * as Crypto from "node:crypto"
import * as Http from "node:http"
import * as ClerkEmulator from "../src/emulator/ClerkEmulator.js"
import * as ClerkAuthMiddleware from "../src/http/ClerkAuthMiddleware.js"
import { ClerkAuth, ClerkConfig, ClerkHttpClient, CurrentSession, Jwks } from "../src/index.js"
import { median, p99, rotate } from "./stats.js"

export interface Options {
  readonly tokens: number
  readonly batch: number
  readonly rounds: number
  readonly warmupRounds: number
  /** Server section: requests in flight, slice length, slices per side (after one warm-up slice each). */
  readonly server: {
    readonly inFlight: number
    readonly sliceMs: number
    readonly slices: number
    /** Distinct tokens in the pool (more than `cacheSize`). */
    readonly tokens: number
    /** How many requests in a row send the same token on the reused sides. */
    readonly reuse: number
    /** The servers' `verifiedTokenCacheSize`. */
    readonly cacheSize: number
  } | undefined
}

export const verifySides = [
  "effectClerkJwtKey",
  "effectClerkJwks",
  "clerkBackendJwtKey",
  "clerkBackendJwks",
  "jose",
  "webCrypto",
  "nodeCrypto"
] as const
export type VerifySide = (typeof verifySides)[number]

export const serverSides = [
  "router",
  "routerAuthReused",
  "routerAuthDistinct",
  "api",
  "apiAuthReused",
  "apiAuthDistinct"
] as const
export type ServerSide = (typeof serverSides)[number]

const decoder = new TextDecoder()
const encoder = new TextEncoder()

/** Signature check + payload parse and nothing else: split, base64url, verify, JSON.parse. */
const webFloor = (key: CryptoKey) => async (token: string) => {
  const first = token.indexOf(".")
  const second = token.indexOf(".", first + 1)
  const signature = Buffer.from(token.slice(second + 1), "base64url")
  const valid = await crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, signature, encoder.encode(token.slice(0, second)))
  if (!valid) throw new Error("invalid")
  return JSON.parse(decoder.decode(Buffer.from(token.slice(first + 1, second), "base64url"))) as unknown
}

const nodeFloor = (key: Crypto.KeyObject) => (token: string) => {
  const first = token.indexOf(".")
  const second = token.indexOf(".", first + 1)
  const valid = Crypto.verify(
    "sha256",
    Buffer.from(token.slice(0, second)),
    key,
    Buffer.from(token.slice(second + 1), "base64url")
  )
  if (!valid) throw new Error("invalid")
  return JSON.parse(Buffer.from(token.slice(first + 1, second), "base64url").toString("utf8")) as unknown
}

const Me = Schema.Struct({ sessionId: Schema.String, userId: Schema.String })
const me = Effect.map(CurrentSession, (session) => ({ sessionId: session.sessionId, userId: session.userId }))
const anonymous = Effect.succeed({ sessionId: "none", userId: "none" })

const api = (withAuth: boolean) => {
  const endpoint = HttpApiEndpoint.get("me", "/me").addSuccess(Me)
  const group = HttpApiGroup.make("me").add(endpoint)
  return HttpApi.make("bench").add(withAuth ? group.middleware(ClerkAuthMiddleware.ClerkAuthMiddleware) : group)
}

/** The four servers, each on its own ephemeral port, as layers needing the Clerk services. */
const servers = (): Record<ServerSide, Layer.Layer<HttpServer.HttpServer, unknown, ClerkAuth.ClerkAuth>> => {
  // each side's sockets idle while the other sides run: keep them open longer than a round of slices
  const createServer = () => Object.assign(Http.createServer(), { keepAliveTimeout: 60_000 })
  const listen = () => NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" })
  const router = (withAuth: boolean) =>
    HttpServer.serve(
      withAuth
        ? HttpRouter.empty.pipe(
          HttpRouter.get("/me", Effect.map(me, (body) => HttpServerResponse.unsafeJson(body))),
          HttpRouter.use(ClerkAuthMiddleware.requireSession)
        )
        : HttpRouter.empty.pipe(
          HttpRouter.get("/me", Effect.map(anonymous, (body) => HttpServerResponse.unsafeJson(body)))
        )
    ).pipe(Layer.provideMerge(listen()))
  const httpApi = (withAuth: boolean) => {
    const definition = api(withAuth)
    const handlers = HttpApiBuilder.group(
      definition,
      "me",
      (h) => h.handle("me", () => (withAuth ? me : anonymous) as typeof anonymous)
    )
    return HttpApiBuilder.serve().pipe(
      Layer.provide(HttpApiBuilder.api(definition)),
      Layer.provide(handlers),
      Layer.provide(ClerkAuthMiddleware.layer),
      Layer.provideMerge(listen())
    )
  }
  return {
    router: router(false),
    routerAuthReused: router(true),
    routerAuthDistinct: router(true),
    api: httpApi(false),
    apiAuthReused: httpApi(true),
    apiAuthDistinct: httpApi(true)
  } as any
}

/**
 * `inFlight` keep-alive request loops against `url` until `deadline`, the tokens in turn, each sent `reuse` times
 * in a row; answers the 200s. `start` is where in the pool to begin (so a side carries on where it stopped).
 */
const load = (
  agent: Http.Agent,
  url: string,
  tokens: ReadonlyArray<string>,
  reuse: number,
  start: number,
  inFlight: number,
  deadline: number
) => {
  let next = start
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const token = tokens[Math.floor(next++ / reuse) % tokens.length]!
      const request = Http.get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (response) => {
        response.resume()
        response.on("end", () => resolve(response.statusCode ?? 0))
        response.on("error", reject)
      })
      request.on("error", reject)
    })
  let ok = 0
  let failed = 0
  const worker = async () => {
    while (performance.now() < deadline) {
      if ((await once()) === 200) ok++
      else failed++
    }
  }
  return Promise.all(Array.from({ length: inFlight }, worker)).then(() => {
    if (failed > 0) throw new Error(`${failed} requests were not answered 200`)
    return { ok, next }
  })
}

export const run = async (options: Options) => {
  const scope = Effect.runSync(Scope.make())
  try {
    const emulator = await Effect.runPromise(Scope.extend(ClerkEmulator.make(), scope))
    const { url: apiUrl } = await Effect.runPromise(Scope.extend(ClerkEmulator.listen(emulator, { port: 0 }), scope))
    const sessionId = (await Effect.runPromise(emulator.sessions)).find((s) => s.status === "active")!.id
    const tokens = await Effect.runPromise(
      Effect.forEach(
        Array.from({ length: options.tokens }, (_, n) => n),
        (n) => emulator.sessionToken(sessionId, { expiresInSeconds: 3600, claims: { n } })
      )
    )
    const secretKey = Redacted.value(emulator.secretKey)
    const jwk = emulator.jwks.keys[0]!
    const publicKey = Crypto.createPublicKey({ key: { ...jwk }, format: "jwk" })
    const jwtKey = publicKey.export({ type: "spki", format: "pem" }).toString()
    const webKey = await crypto.subtle.importKey(
      "jwk",
      jwk as JsonWebKey,
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      false,
      ["verify"]
    )
    const joseKey = await Jose.importJWK(jwk as Jose.JWK, "RS256")

    /** `ClerkAuth` over fetch to the emulator, with its own caches. */
    const clerkLayer = (withJwtKey: boolean, verifiedTokenCacheSize: number) =>
      ClerkAuth.layer({ verifiedTokenCacheSize }).pipe(
        Layer.provide(Jwks.layer),
        Layer.provideMerge(ClerkHttpClient.layer),
        Layer.provide(FetchHttpClient.layer),
        Layer.provide(
          ClerkConfig.layer({ secretKey: emulator.secretKey, apiUrl, ...(withJwtKey ? { jwtKey } : {}) })
        ),
        Layer.orDie
      )
    const jwtKeyRuntime = ManagedRuntime.make(clerkLayer(true, 0))
    const jwksRuntime = ManagedRuntime.make(clerkLayer(false, 0))

    /** `batch` sequential verifications inside one Effect program, each timed. */
    const inEffect =
      (runtime: ManagedRuntime.ManagedRuntime<ClerkAuth.ClerkAuth, unknown>) => (batch: ReadonlyArray<string>) =>
        runtime.runPromise(Effect.gen(function*() {
          const auth = yield* ClerkAuth.ClerkAuth
          const out: Array<number> = []
          for (const token of batch) {
            const start = performance.now()
            yield* auth.verifyToken(token)
            out.push(performance.now() - start)
          }
          return out
        }))
    const timed = (verify: (token: string) => unknown) => async (batch: ReadonlyArray<string>) => {
      const out: Array<number> = []
      for (const token of batch) {
        const start = performance.now()
        await verify(token)
        out.push(performance.now() - start)
      }
      return out
    }
    const verifiers: Record<VerifySide, (batch: ReadonlyArray<string>) => Promise<Array<number>>> = {
      effectClerkJwtKey: inEffect(jwtKeyRuntime),
      effectClerkJwks: inEffect(jwksRuntime),
      clerkBackendJwtKey: timed((token) => clerkVerifyToken(token, { jwtKey })),
      clerkBackendJwks: timed((token) => clerkVerifyToken(token, { secretKey, apiUrl })),
      jose: timed((token) => Jose.jwtVerify(token, joseKey, { algorithms: ["RS256"] })),
      webCrypto: timed(webFloor(webKey)),
      nodeCrypto: timed(nodeFloor(publicKey))
    }

    const samples = new Map<VerifySide, Array<number>>(verifySides.map((side) => [side, []]))
    let next = 0
    for (let round = 0; round < options.warmupRounds + options.rounds; round++) {
      const batch = Array.from({ length: options.batch }, () => tokens[next++ % tokens.length]!)
      for (const side of rotate(verifySides, round)) {
        const times = await verifiers[side](batch)
        if (round >= options.warmupRounds) samples.get(side)!.push(...times)
      }
    }
    const verify = verifySides.map((side) => {
      const s = samples.get(side)!
      const mean = s.reduce((a, b) => a + b, 0) / s.length
      return { side, calls: s.length, median: median(s), p99: p99(s), perSecond: 1000 / mean }
    })
    const jwksFetches = (await Effect.runPromise(emulator.requests)).filter((r) => r.path === "/v1/jwks").length

    let server: Array<{ side: ServerSide; requests: number; perSecond: number }> | undefined
    if (options.server !== undefined) {
      const { cacheSize, inFlight, reuse, sliceMs, slices } = options.server
      const pool = await Effect.runPromise(
        Effect.forEach(
          Array.from({ length: options.server.tokens }, (_, n) => n),
          (n) => emulator.sessionToken(sessionId, { expiresInSeconds: 3600, claims: { n } })
        )
      )
      const serverRuntime = ManagedRuntime.make(clerkLayer(false, cacheSize))
      const clerk = await serverRuntime.runtime()
      const urls = {} as Record<ServerSide, string>
      const layers = servers()
      for (const side of serverSides) {
        const context = await Effect.runPromise(
          Layer.buildWithScope(Layer.provide(layers[side], Layer.succeedContext(clerk.context)), scope)
        )
        const address = Context.get(context, HttpServer.HttpServer).address
        urls[side] = address._tag === "TcpAddress" ? `http://127.0.0.1:${address.port}/me` : ""
      }
      const agent = new Http.Agent({ keepAlive: true, maxSockets: inFlight })
      const totals = new Map<ServerSide, { requests: number; ms: number }>(
        serverSides.map((side) => [side, { requests: 0, ms: 0 }])
      )
      const positions = new Map<ServerSide, number>(serverSides.map((side) => [side, 0]))
      for (let slice = 0; slice < 1 + slices; slice++) {
        for (const side of rotate(serverSides, slice)) {
          const start = performance.now()
          const sideReuse = side.endsWith("Distinct") ? 1 : reuse
          const { next, ok: requests } = await load(
            agent,
            urls[side],
            pool,
            sideReuse,
            positions.get(side)!,
            inFlight,
            start + sliceMs
          )
          positions.set(side, next)
          if (slice === 0) continue
          const total = totals.get(side)!
          total.requests += requests
          total.ms += performance.now() - start
        }
      }
      agent.destroy()
      await serverRuntime.dispose()
      server = serverSides.map((side) => {
        const { ms, requests } = totals.get(side)!
        return { side, requests, perSecond: requests / (ms / 1000) }
      })
    }
    await jwtKeyRuntime.dispose()
    await jwksRuntime.dispose()
    return { verify, server, tokens: tokens.length, jwksFetches }
  } finally {
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }
}
