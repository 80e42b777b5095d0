/**
 * Hostile input through the production layer (test/support/Transport.ts) against the loopback emulator: every value either fails with `InvalidInput`
 * before any request, or is sent safely encoded (one path segment, one query value, a JSON string), never to another
 * route, never as a header, never a defect. The emulator's request log shows what arrived.
 */
import { assert, describe } from "@effect/vitest"
import { Cause, Effect, Exit, Stream } from "effect"
import type { RecordedRequest } from "../../src/emulator/RequestLog.js"
import type { ClerkError } from "../../src/index.js"
import { InvalidInput, Sessions, SignInTokens } from "../../src/index.js"
import { failureOf, fresh, Loopback, loopbackSuite, type Services, userId, withClient } from "./support/Loopback.js"

/** Ids the client must send, each as exactly one percent-encoded path segment. */
const strangeIds: ReadonlyArray<string> = [
  "../users",
  "..%2Fusers",
  "../../v1/sessions",
  "a/b",
  "sess_1/revoke",
  "?x=1",
  "sess_1?limit=1&user_id=x",
  "#fragment",
  "sess_1#x",
  "%",
  "%2e%2e",
  "%2E%2E%2F",
  "100%25",
  "sess 1",
  " sess_1 ",
  "+",
  "sëss_ü_日本_😀",
  "\u0000",
  "a\r\nX-Injected: 1",
  "...",
  ".hidden",
  ";param=1",
  "\\..\\users",
  "x".repeat(256)
]

/** Ids the client must refuse with `InvalidInput`, sending nothing. */
const invalidIds: ReadonlyArray<readonly [string, unknown]> = [
  ["empty", ""],
  ["blank", "   "],
  ["whitespace", "\t\r\n"],
  ["dot", "."],
  ["dot-dot", ".."],
  ["257 characters", "x".repeat(257)],
  ["10 kB", "x".repeat(10_000)],
  ["a lone surrogate", "sess_\uD800"],
  ["a number", 123],
  ["null", null],
  ["undefined", undefined],
  ["an object", { toString: () => "sess_1" }]
]

interface IdCall {
  readonly name: string
  /** The call with `id` where an id goes. */
  readonly call: (id: string) => Effect.Effect<unknown, ClerkError, Services>
  readonly method: "GET" | "POST"
  /** The path the request must go to, given the id's encoded segment. */
  readonly path: (segment: string) => string
  readonly apiVersion?: string
  /** The outcome the emulator's answer must give (a typed failure tag, or success). */
  readonly expect: string
}

const refreshParams = { expiredToken: "t", refreshToken: "r", requestOrigin: "https://app.example" }

/** Every operation taking an id in its path. */
const pathIdCalls: ReadonlyArray<IdCall> = [
  { name: "Sessions.get", call: Sessions.get, method: "GET", path: (s) => `/v1/sessions/${s}`, expect: "NotFound" },
  {
    name: "Sessions.revoke",
    call: Sessions.revoke,
    method: "POST",
    path: (s) => `/v1/sessions/${s}/revoke`,
    expect: "NotFound"
  },
  {
    name: "Sessions.refresh",
    call: (id) => Sessions.refresh(id, refreshParams),
    method: "POST",
    path: (s) => `/v1/sessions/${s}/refresh`,
    expect: "ClerkApiError"
  },
  {
    name: "Sessions.verify",
    call: (id) => Sessions.verify(id, { token: "t" }),
    method: "POST",
    path: (s) => `/v1/sessions/${s}/verify`,
    apiVersion: "2025-01-01",
    expect: "NotFound"
  },
  {
    name: "Sessions.createToken",
    call: (id) => Sessions.createToken(id),
    method: "POST",
    path: (s) => `/v1/sessions/${s}/tokens`,
    expect: "NotFound"
  },
  {
    name: "Sessions.createTokenFromTemplate (session id)",
    call: (id) => Sessions.createTokenFromTemplate(id, "supabase"),
    method: "POST",
    path: (s) => `/v1/sessions/${s}/tokens/supabase`,
    expect: "NotFound"
  },
  {
    name: "SignInTokens.revoke",
    call: SignInTokens.revoke,
    method: "POST",
    path: (s) => `/v1/sign_in_tokens/${s}/revoke`,
    expect: "NotFound"
  }
]

/** Runs `effect` with the client, and gives its exit with the requests the emulator received meanwhile. */
const observe = <A>(effect: Effect.Effect<A, ClerkError, Services>, apiVersion?: string) =>
  Effect.gen(function*() {
    const { emulator } = yield* Loopback
    yield* emulator.clearRequests
    const exit = yield* Effect.exit(effect.pipe(withClient(apiVersion === undefined ? {} : { apiVersion })))
    const requests: ReadonlyArray<RecordedRequest> = yield* emulator.requests
    if (Exit.isFailure(exit) && !Cause.isFailType(exit.cause)) {
      assert.fail(`a defect or interruption, not a typed failure: ${Cause.pretty(exit.cause)}`)
    }
    return { exit, requests }
  })

/** Asserts `effect` fails with `InvalidInput` on `field` and sends nothing. */
const refused = (effect: Effect.Effect<unknown, ClerkError, Services>, field: string, what: string) =>
  Effect.gen(function*() {
    const { exit, requests } = yield* observe(effect)
    const error = failureOf(exit, what)
    assert.strictEqual(error._tag, "InvalidInput", what)
    assert.strictEqual((error as InvalidInput).field, field, what)
    assert.strictEqual(requests.length, 0, `${what}: no request sent`)
  })

/** The tag of a failed exit, or "success". */
const outcome = (exit: Exit.Exit<unknown, ClerkError>) =>
  Exit.isSuccess(exit) ? "success" : failureOf(exit, "outcome")._tag

loopbackSuite("Hostile input over the loopback emulator", {}, (test) => {
  describe("ids in the path", () => {
    test("strange ids are sent as exactly one encoded segment of the intended route", () =>
      Effect.gen(function*() {
        const { emulator } = yield* fresh
        for (const { apiVersion, call, expect, method, name, path } of pathIdCalls) {
          yield* emulator.clearRequests
          const exits = yield* Effect.forEach(
            strangeIds,
            (id) => Effect.exit(call(id).pipe(withClient(apiVersion === undefined ? {} : { apiVersion }))),
            { concurrency: 8 }
          )
          const log = yield* emulator.requests
          assert.strictEqual(log.length, strangeIds.length, `${name}: one request per id, no other`)
          const template = path("\u0001").split("/")
          const index = template.indexOf("\u0001")
          strangeIds.forEach((id, i) => {
            const what = `${name}(${JSON.stringify(id)})`
            const requests = log.filter((r) => r.path === path(encodeURIComponent(id)))
            assert.strictEqual(requests.length, 1, `${what}: went to ${path(encodeURIComponent(id))}`)
            const [request] = requests
            assert.strictEqual(request?.method, method, what)
            const segments = request!.path.split("/")
            assert.strictEqual(segments.length, template.length, `${what}: same number of segments`)
            assert.strictEqual(decodeURIComponent(segments[index]!), id, `${what}: the segment decodes to the id`)
            assert.deepStrictEqual(request?.query, {}, `${what}: nothing leaked into the query`)
            const exit = exits[i]!
            if (Exit.isFailure(exit) && !Cause.isFailType(exit.cause)) {
              assert.fail(`${what}: ${Cause.pretty(exit.cause)}`)
            }
            assert.strictEqual(outcome(exit), expect, what)
          })
        }
      }))

    test("a template name is one encoded segment too", () =>
      Effect.gen(function*() {
        const { emulator } = yield* fresh
        const session = (yield* emulator.sessions).find((s) => s.status === "active")!
        for (const name of strangeIds) {
          const what = `createTokenFromTemplate(${JSON.stringify(name)})`
          const { exit, requests } = yield* observe(Sessions.createTokenFromTemplate(session.id, name))
          assert.deepStrictEqual(
            requests.map((r) => r.path),
            [`/v1/sessions/${session.id}/tokens/${encodeURIComponent(name)}`],
            what
          )
          assert.strictEqual(outcome(exit), "NotFound", what)
        }
      }))

    test("invalid ids fail with InvalidInput and send nothing, for every operation taking one", () =>
      Effect.gen(function*() {
        yield* fresh
        const calls: ReadonlyArray<
          readonly [string, string, (id: string) => Effect.Effect<unknown, ClerkError, Services>, boolean]
        > = [
          ...pathIdCalls.map((c) =>
            [c.name, c.name === "SignInTokens.revoke" ? "signInTokenId" : "sessionId", c.call, true] as const
          ),
          [
            "Sessions.createTokenFromTemplate (name)",
            "templateName",
            (id) => Sessions.createTokenFromTemplate("sess_1", id),
            true
          ],
          ["Sessions.create", "userId", (id) => Sessions.create({ userId: id }), true],
          ["SignInTokens.create", "userId", (id) => SignInTokens.create({ userId: id }), true],
          // optional: `undefined` leaves them out
          [
            "Sessions.create (organization)",
            "activeOrganizationId",
            (id) => Sessions.create({ userId, activeOrganizationId: id }),
            false
          ],
          ["SignInTokens.create (organization)", "orgId", (id) => SignInTokens.create({ userId, orgId: id }), false],
          ["Sessions.list (user)", "userId", (id) => Sessions.list({ userId: id }), false],
          ["Sessions.list (client)", "clientId", (id) => Sessions.list({ clientId: id }), false],
          ["Sessions.listAll (user)", "userId", (id) => Stream.runDrain(Sessions.listAll({ userId: id })), false]
        ]
        for (const [name, field, call, required] of calls) {
          for (const [label, id] of invalidIds) {
            if (id === undefined && !required) continue
            yield* refused(call(id as string), field, `${name} with ${label}`)
          }
        }
      }))
  })

  describe("ids in the query and the body", () => {
    test("list filters arrive as exactly the query values given, nothing more", () =>
      Effect.gen(function*() {
        yield* fresh
        for (const id of strangeIds) {
          const what = `Sessions.list(${JSON.stringify(id)})`
          const { exit, requests } = yield* observe(Sessions.list({ userId: id, clientId: id, limit: 5 }))
          assert.strictEqual(requests.length, 1, what)
          assert.strictEqual(requests[0]?.path, "/v1/sessions", what)
          assert.deepStrictEqual(
            requests[0]?.query,
            { paginated: "true", user_id: id, client_id: id, limit: "5" },
            what
          )
          if (Exit.isFailure(exit)) return assert.fail(`${what}: ${Cause.pretty(exit.cause)}`)
          assert.strictEqual(exit.value.totalCount, 0, what)
        }
      }))

    test("ids in bodies arrive as exactly the JSON strings given", () =>
      Effect.gen(function*() {
        const { emulator } = yield* fresh
        const before = (yield* emulator.sessions).length
        for (const id of strangeIds) {
          const what = JSON.stringify(id)
          const create = yield* observe(Sessions.create({ userId: id }))
          assert.deepStrictEqual(create.requests.map((r) => [r.method, r.path, r.body]), [[
            "POST",
            "/v1/sessions",
            { user_id: id }
          ]], what)
          assert.strictEqual(outcome(create.exit), "NotFound", what)
          const ticket = yield* observe(SignInTokens.create({ userId: id, orgId: id }))
          assert.deepStrictEqual(ticket.requests.map((r) => [r.path, r.body]), [[
            "/v1/sign_in_tokens",
            { user_id: id, org_id: id }
          ]], what)
          assert.strictEqual(outcome(ticket.exit), "NotFound", what)
        }
        assert.strictEqual((yield* emulator.sessions).length, before, "no session created for a strange user id")
      }))
  })

  describe("numbers", () => {
    test("limit, offset and pageSize out of range or not integers fail with InvalidInput, sending nothing", () =>
      Effect.gen(function*() {
        yield* fresh
        const notIntegers = [NaN, Infinity, -Infinity, 1.5, 0.1, "10" as unknown as number]
        for (const limit of [0, -1, 501, 1e9, ...notIntegers]) {
          yield* refused(Sessions.list({ limit }), "limit", `limit ${String(limit)}`)
        }
        for (const offset of [-1, Number.MAX_SAFE_INTEGER + 2, ...notIntegers]) {
          yield* refused(Sessions.list({ offset }), "offset", `offset ${String(offset)}`)
        }
        for (const pageSize of [0, -1, 501, ...notIntegers]) {
          yield* refused(Stream.runDrain(Sessions.listAll({ pageSize })), "pageSize", `pageSize ${String(pageSize)}`)
        }
      }))

    test("the extremes that are allowed are sent as given", () =>
      Effect.gen(function*() {
        yield* fresh
        for (const [limit, offset] of [[1, 0], [500, Number.MAX_SAFE_INTEGER]] as const) {
          const { exit, requests } = yield* observe(Sessions.list({ limit, offset }))
          assert.isTrue(Exit.isSuccess(exit), `limit ${limit} offset ${offset}`)
          assert.strictEqual(requests[0]?.query.limit, String(limit))
          assert.strictEqual(requests[0]?.query.offset, String(offset))
        }
      }))

    test("expiresInSeconds negative, huge, fractional or not a number fails with InvalidInput, sending nothing", () =>
      Effect.gen(function*() {
        const { emulator } = yield* fresh
        const session = (yield* emulator.sessions).find((s) => s.status === "active")!
        const bad = [-1, 0, 1.5, 29.999, NaN, Infinity, -Infinity, 1e308, "60" as unknown as number]
        for (const expiresInSeconds of [...bad, 29, 315_360_001]) {
          const what = `expiresInSeconds ${String(expiresInSeconds)}`
          yield* refused(Sessions.createToken(session.id, { expiresInSeconds }), "expiresInSeconds", what)
          yield* refused(
            Sessions.createTokenFromTemplate(session.id, "test", { expiresInSeconds }),
            "expiresInSeconds",
            what
          )
        }
        for (const expiresInSeconds of [...bad, 2 ** 53]) {
          yield* refused(
            SignInTokens.create({ userId, expiresInSeconds }),
            "expiresInSeconds",
            `sign-in token expiresInSeconds ${String(expiresInSeconds)}`
          )
        }
        // the bounds themselves are sent
        for (const expiresInSeconds of [30, 315_360_000]) {
          const { exit, requests } = yield* observe(Sessions.createToken(session.id, { expiresInSeconds }))
          assert.isTrue(Exit.isSuccess(exit), `expiresInSeconds ${expiresInSeconds}`)
          assert.deepStrictEqual(requests[0]?.body, { expires_in_seconds: expiresInSeconds })
        }
      }))
  })

  describe("header injection", () => {
    test("CR/LF in requestOrigin, requestHeaders, the IP and tokens travel inside the JSON body only", () =>
      Effect.gen(function*() {
        const { emulator } = yield* fresh
        const session = (yield* emulator.sessions).find((s) => s.status === "active")!
        const token = yield* Sessions.createToken(session.id).pipe(withClient(), Effect.orDie)
        const requestOrigin = "https://app.example\r\nX-Injected: origin"
        const requestHeaders = {
          "user-agent": ["ua\r\nX-Injected: ua"],
          "x-forwarded-for\r\nX-Injected": "1.2.3.4\nX-Injected: xff",
          "\r\n\r\nGET /v1/sessions HTTP/1.1": "smuggled"
        }
        const requestOriginatingIp = "203.0.113.7\r\nX-Injected: ip"
        const refreshToken = "r\r\nX-Injected: refresh"
        const { exit, requests } = yield* observe(Sessions.refresh(session.id, {
          expiredToken: token.jwt,
          refreshToken,
          requestOrigin,
          requestHeaders,
          requestOriginatingIp,
          format: "cookie"
        }))
        if (Exit.isFailure(exit)) return assert.fail(Cause.pretty(exit.cause))
        assert.strictEqual(requests.length, 1, "one request, nothing smuggled")
        const [request] = requests
        assert.strictEqual(request?.path, `/v1/sessions/${session.id}/refresh`)
        assert.deepStrictEqual(request?.body, {
          expired_token: token.jwt,
          refresh_token: refreshToken,
          request_origin: requestOrigin,
          request_headers: requestHeaders,
          request_originating_ip: requestOriginatingIp,
          format: "cookie"
        })
        const headerNames = Object.keys(request!.headers)
        assert.notInclude(headerNames, "x-injected")
        for (const [name, value] of Object.entries(request!.headers)) {
          assert.notMatch(`${name}: ${value}`, /injected|smuggled/i, "no header carries the payload")
        }

        const verify = yield* observe(
          Sessions.verify(session.id, { token: `${token.jwt}\r\nX-Injected: token` }),
          "2025-01-01"
        )
        assert.deepStrictEqual(verify.requests.map((r) => r.body), [{ token: `${token.jwt}\r\nX-Injected: token` }])
        assert.notProperty(verify.requests[0]!.headers, "x-injected")
        assert.strictEqual(outcome(verify.exit), "ClerkApiError", "a token that does not verify is a 400")
      }))

    test("malformed refresh parameters fail with InvalidInput and send nothing", () =>
      Effect.gen(function*() {
        yield* fresh
        const cases: ReadonlyArray<readonly [string, unknown]> = [
          ["params", null],
          ["params", "token"],
          ["expiredToken", { ...refreshParams, expiredToken: "" }],
          ["refreshToken", { ...refreshParams, refreshToken: 1 }],
          ["requestOrigin", { ...refreshParams, requestOrigin: undefined }],
          ["requestOriginatingIp", { ...refreshParams, requestOriginatingIp: 7 }],
          ["format", { ...refreshParams, format: "cookie\r\nX: 1" }],
          ["requestHeaders", { ...refreshParams, requestHeaders: { a: 1 } }],
          ["requestHeaders", { ...refreshParams, requestHeaders: ["x"] }],
          ["requestHeaders", { ...refreshParams, requestHeaders: { a: ["x", 2] } }]
        ]
        for (const [field, params] of cases) {
          yield* refused(Sessions.refresh("sess_1", params as any), field, `refresh ${field} ${JSON.stringify(params)}`)
        }
        yield* refused(Sessions.verify("sess_1", { token: "" }), "token", "verify with an empty token")
        yield* refused(Sessions.verify("sess_1", null as any), "token", "verify without params")
      }))
  })
})
