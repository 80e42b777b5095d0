/**
 * `npm start`: every effect-clerk operation against the embedded emulator on a loopback port, through the
 * production layer (`ClerkLive`, real sockets), with a short report; then the other half, authenticating requests:
 * a session token minted as Clerk's Frontend API would, verified, and sent to the seed route
 * (examples/get-token.ts) signed in and signed out; then a user and an organization round trip on the emulator's
 * stateful Backend API. `npm start -- --live` runs only read
 * operations against real Clerk (needs `CLERK_SECRET_KEY`; `CLERK_DEMO_USER_ID` picks the user to list).
 */
import { NodeRuntime } from "@effect/platform-node"
import { Clock, ConfigError, Console, DateTime, Duration, Effect, Layer, Option, Redacted, Stream } from "effect"
import * as ClerkEmulator from "../src/emulator/ClerkEmulator.js"
import { ClerkAuth, ClerkConfig, ClerkLive, type Session, Sessions, SignInTokens } from "../src/index.js"
import { activeSessionId, serverLayer, serverUrl } from "./get-token.js"
import { createAndRevokeSession, serveWebhooks } from "./webhooks.js"

/** Runs one step, timing it and printing `✓ name  detail  (ms)`, or the typed error it ended with. */
const step = <A, E extends { readonly message: string }, R>(
  name: string,
  effect: Effect.Effect<A, E, R>,
  describe: (a: A) => string
) =>
  Effect.gen(function*() {
    const start = yield* Clock.currentTimeMillis
    const exit = yield* Effect.exit(effect)
    const ms = (yield* Clock.currentTimeMillis) - start
    const line = exit._tag === "Success"
      ? `✓ ${name.padEnd(34)} ${describe(exit.value)}`
      : `✗ ${name.padEnd(34)} ${exit.cause._tag === "Fail" ? exit.cause.error.message : "defect"}`
    yield* Console.log(`${line}  (${ms} ms)`)
    return yield* exit
  })

const claimsOf = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8"))

const tally = (sessions: Iterable<Session>) => {
  const counts = new Map<string, number>()
  for (const s of sessions) counts.set(s.status, (counts.get(s.status) ?? 0) + 1)
  return [...counts].map(([status, n]) => `${n} ${status}`).join(", ")
}

/** Every operation, in the order a backend would meet them. */
const tour = Effect.gen(function*() {
  const emulator = yield* ClerkEmulator.ClerkEmulator
  const [user] = yield* emulator.users
  if (user === undefined) return yield* Effect.dieMessage("the emulator has no users")

  const page = yield* step(
    "Sessions.list",
    Sessions.list({ userId: user.id, limit: 2 }),
    (p) => `${p.data.length} of ${p.totalCount} sessions of ${user.id}, newest first`
  )
  yield* step(
    "Sessions.listAll (pages of 5)",
    Stream.runCollect(Sessions.listAll({ pageSize: 5 })),
    (all) => `${all.length} sessions: ${tally(all)}`
  )
  const session = yield* step(
    "Sessions.create",
    Sessions.create({ userId: user.id }),
    (s) => `${s.id} (${s.status})`
  )
  yield* step("Sessions.get", Sessions.get(session.id), (s) => `${s.id} expires ${DateTime.formatIso(s.expireAt)}`)
  const token = yield* step(
    "Sessions.createToken",
    Sessions.createToken(session.id, { expiresInSeconds: 120 }),
    (t) => {
      const claims = claimsOf(t.jwt)
      return `JWT sid=${claims.sid} lifetime=${Number(claims.exp) - Number(claims.iat)} s`
    }
  )
  yield* step(
    "Sessions.createTokenFromTemplate",
    Sessions.createTokenFromTemplate(session.id, "supabase"),
    (t) => `JWT role=${claimsOf(t.jwt).role}`
  )
  const refreshParams = {
    expiredToken: token.jwt,
    refreshToken: "demo-refresh-token",
    requestOrigin: "https://app.example"
  }
  yield* step(
    "Sessions.refresh (token)",
    Sessions.refresh(session.id, refreshParams),
    (t) => `new JWT (${t.jwt.length} chars)`
  )
  yield* step(
    "Sessions.refresh (cookie)",
    Sessions.refresh(session.id, { ...refreshParams, format: "cookie" }),
    (c) => `${c.cookies.length} cookies: ${c.cookies.map((cookie) => cookie.split("=")[0]).join(", ")}`
  )
  yield* step(
    "Sessions.verify (deprecated)",
    Sessions.verify(session.id, { token: token.jwt }).pipe(
      Effect.map(() => "verified"),
      Effect.catchTag(
        "Gone",
        (gone) => Effect.succeed(`Gone ${gone.status} ${gone.errors[0]?.code} — handled by catchTag`)
      )
    ),
    (outcome) => outcome
  )
  yield* step("Sessions.revoke", Sessions.revoke(session.id), (s) => `${s.id} is ${s.status}`)
  const ticket = yield* step(
    "SignInTokens.create",
    SignInTokens.create({ userId: user.id, expiresInSeconds: 600 }),
    (t) =>
      `${t.id} (${t.status}), ticket URL on ${
        Option.match(t.url, { onNone: () => "none", onSome: (u) => new URL(u).host })
      }`
  )
  yield* step("SignInTokens.revoke", SignInTokens.revoke(ticket.id), (t) => `${t.id} is ${t.status}`)

  // A rate limit: the emulator answers 429 with Retry-After: 1 once; the client waits, then succeeds.
  yield* emulator.injectFault(
    ClerkEmulator.Fault.status(429, { retryAfter: 1, method: "GET", path: "/v1/sessions/:id" })
  )
  yield* emulator.clearRequests
  const first = page.data[0] ?? session
  yield* step("Sessions.get after a 429", Sessions.get(first.id), (s) => `${s.id} (${s.status})`)
  const attempts = (yield* emulator.requests).length
  yield* Console.log(`  ${attempts} requests: 429 with Retry-After: 1, then 200 after waiting at least 1 s`)
})

/** The other half: a request's session token verified, and the seed route called signed in and signed out. */
const authentication = Effect.gen(function*() {
  const emulator = yield* ClerkEmulator.ClerkEmulator
  yield* Console.log("\nAuthenticating requests (session tokens, verified without a request once keys are known)")
  const sessionId = yield* activeSessionId(emulator)
  const token = yield* step(
    "emulator.sessionToken",
    emulator.sessionToken(sessionId),
    (jwt) => {
      const claims = claimsOf(jwt)
      return `v${claims.v} token for ${claims.sid}, azp ${claims.azp}, ${Number(claims.exp) - Number(claims.iat)} s`
    }
  )
  yield* emulator.clearRequests
  yield* step(
    "ClerkAuth.verifyToken",
    ClerkAuth.verifyToken(token),
    (claims) =>
      `${claims.userId}, org role ${Option.getOrElse(claims.orgRole, () => "none")}, ` +
      `${claims.orgPermissions.length} org permissions (keys fetched: GET /v1/jwks)`
  )
  yield* emulator.clearRequests
  yield* step(
    "ClerkAuth.verifyToken again",
    Effect.zipRight(ClerkAuth.verifyToken(token), emulator.requests),
    (requests) => `${requests.length} requests: the keys are cached (5 minutes), verification is local`
  )
  const server = yield* Layer.build(
    serverLayer(0).pipe(Layer.provide(Layer.succeedContext(
      yield* Effect.context<
        Sessions.Sessions | ClerkAuth.ClerkAuth
      >()
    )))
  )
  const url = `${yield* Effect.provide(serverUrl, server)}/api/get-token-example`
  yield* Console.log(`  the seed route (examples/get-token.ts) listens on ${url}`)
  const call = (headers: Record<string, string>) =>
    Effect.promise(async () => {
      const response = await fetch(url, { headers })
      return { status: response.status, body: await response.json() as Record<string, any> }
    })
  yield* step(
    "GET /api/get-token-example (bearer)",
    call({ authorization: `Bearer ${token}` }),
    ({ body, status }) =>
      status === 200
        ? `${status} { token }: template "test" JWT, purpose=${claimsOf(body.token.jwt).purpose}`
        : `${status} ${JSON.stringify(body)}`
  )
  yield* step(
    "GET /api/get-token-example (cookie)",
    call({ cookie: `__session=${token}` }),
    ({ status }) => `${status} (the __session cookie, as a same-site browser sends it)`
  )
  yield* step(
    "GET /api/get-token-example (none)",
    call({}),
    ({ body, status }) => `${status} ${JSON.stringify(body)}`
  )
  yield* Console.log("  try it yourself: npm run example:get-token (prints curl lines with a fresh token)")
}).pipe(Effect.scoped)

/**
 * A user and an organization round trip on the emulator's stateful Backend API (raw HTTP to the loopback port:
 * create → get → list → update → delete, with Clerk's rules).
 */
const roundTrips = (url: string, secretKey: string) =>
  Effect.gen(function*() {
    yield* Console.log("\nUsers and organizations (the emulator's stateful Backend API)")
    const call = (method: string, path: string, body?: unknown) =>
      Effect.promise(async () => {
        const response = await fetch(`${url}/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${secretKey}`, "content-type": "application/json" },
          ...(body === undefined ? {} : { body: JSON.stringify(body) })
        })
        return { status: response.status, body: await response.json() as Record<string, any> }
      })
    const user = yield* step(
      "POST /users",
      call("POST", "/users", { email_address: ["ruth@example.com"], first_name: "Ruth" }),
      ({ body }) => `${body.id} ${body.email_addresses[0].email_address}`
    )
    const userId = user.body.id as string
    yield* step(
      "POST /users (same address)",
      call("POST", "/users", { email_address: ["ruth@example.com"] }),
      ({ body, status }) => `${status} ${body.errors[0].code}`
    )
    yield* step(
      "GET /users?email_address=…",
      call("GET", "/users?email_address=ruth@example.com"),
      ({ body }) => `${body.length} user: ${body[0].first_name}`
    )
    yield* step(
      "PATCH /users/{id}",
      call("PATCH", `/users/${userId}`, { last_name: "Teitelbaum" }),
      ({ body }) => `${body.first_name} ${body.last_name}`
    )
    const organization = yield* step(
      "POST /organizations",
      call("POST", "/organizations", { name: "ENIAC Programmers", created_by: userId }),
      ({ body }) => `${body.id} slug ${body.slug}`
    )
    const organizationId = organization.body.id as string
    yield* step(
      "GET /organizations/{slug}",
      call("GET", "/organizations/eniac-programmers?include_members_count=true"),
      ({ body }) => `${body.name}, ${body.members_count} member (the creator, an admin)`
    )
    yield* step(
      "DELETE /users/{id}",
      call("DELETE", `/users/${userId}`),
      ({ body }) => `deleted: ${body.deleted}`
    )
    yield* step(
      "GET …/memberships",
      call("GET", `/organizations/${organizationId}/memberships`),
      ({ body }) => `${body.total_count} members left: deleting a user removes its memberships`
    )
    yield* step(
      "DELETE /organizations/{id}",
      call("DELETE", `/organizations/${organizationId}`),
      ({ body }) => `deleted: ${body.deleted}`
    )
  })

/** Webhooks: the emulator delivers a session's events to a verifying route on a loopback port (examples/webhooks.ts). */
const webhooks = Effect.gen(function*() {
  yield* Console.log(
    "\nWebhooks: a route verifies each delivery (svix-signature over the raw body), as Clerk sends them"
  )
  const received: Array<string> = []
  const { emulator, url } = yield* serveWebhooks(
    0,
    (event, delivery) => Effect.sync(() => received.push(`${event.type} (${delivery.id})`))
  )
  yield* Console.log(`  route: POST ${url}`)
  yield* createAndRevokeSession(emulator)
  yield* emulator.webhooksSettled
  for (const delivery of yield* emulator.webhookDeliveries) {
    const statuses = delivery.attempts.map((attempt) => attempt.status ?? attempt.error).join(", ")
    yield* Console.log(`  ✓ ${delivery.event.type.padEnd(16)} ${delivery.id} ${delivery.state} (answered ${statuses})`)
  }
  yield* Console.log(`  the route verified: ${received.join(", ")}`)
  yield* Console.log("  try it yourself: npm run example:webhooks")
}).pipe(Effect.scoped)

const emulated = Effect.gen(function*() {
  const emulator = yield* ClerkEmulator.ClerkEmulator
  const { url } = yield* ClerkEmulator.serve({ port: 0 })
  yield* Console.log(`effect-clerk demo: Clerk emulator on ${url}`)
  yield* Console.log(
    "Each call takes ~100 ms: the client-side rate limit paces calls at a development key's quota (100 per 10 s;\n" +
      "sk_live_ keys: 1000 per 10 s; ClerkConfig's rateLimit: false turns it off). See docs/quota.md.\n"
  )
  const config = ClerkConfig.layer({ secretKey: emulator.secretKey, apiUrl: url })
  const start = yield* Clock.currentTimeMillis
  yield* Effect.andThen(tour, authentication).pipe(Effect.provide(ClerkLive.pipe(Layer.provide(config))))
  yield* roundTrips(url, Redacted.value(emulator.secretKey))
  yield* webhooks
  const elapsed = Duration.millis((yield* Clock.currentTimeMillis) - start)
  yield* Console.log(`\nAll operations done in ${Duration.format(elapsed)}; stopping the emulator.`)
}).pipe(Effect.scoped, Effect.provide(ClerkEmulator.layer()))

/** `--live`: read operations only, against real Clerk. */
const live = Effect.gen(function*() {
  const userId = Option.fromNullable(process.env.CLERK_DEMO_USER_ID)
  const page = yield* step(
    "Sessions.list",
    Sessions.list({ userId: Option.getOrUndefined(userId), limit: 5 }),
    (p) => `${p.data.length} of ${p.totalCount} sessions`
  )
  const [first] = page.data
  if (first !== undefined) yield* step("Sessions.get", Sessions.get(first.id), (s) => `${s.id} (${s.status})`)
  if (Option.isSome(userId)) {
    yield* step("Sessions.listAll", Stream.runCount(Sessions.listAll({ userId: userId.value })), (n) => `${n} sessions`)
  }
}).pipe(
  Effect.provide(ClerkLive),
  Effect.provide(ClerkConfig.fromEnv),
  // a missing or bad variable: one line ("CLERK_SECRET_KEY is not set") and exit code 1, not a fiber dump
  Effect.catchIf(ConfigError.isConfigError, (error) =>
    Effect.sync(() => {
      console.error(ClerkConfig.formatError(error))
      process.exitCode = 1
    }))
)

const main = process.argv.includes("--live") ? live : emulated
NodeRuntime.runMain(main, { disableErrorReporting: false })
