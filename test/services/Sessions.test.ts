import { assert, describe, layer } from "@effect/vitest"
import { Chunk, DateTime, Duration, Effect, Option, Stream } from "effect"
import type { ClerkError } from "../../src/index.js"
import { ClerkApiError, Cookies, Session, SessionActivity, Sessions, Token } from "../../src/index.js"
import {
  assertClerkHeaders,
  type Call,
  clerkError,
  fakeClerkLayer,
  json,
  makeFakeFetch,
  noRetry
} from "../support/FakeFetch.js"
import { jwt, wireSession } from "../support/Fixtures.js"
import { harness, onlyCall, query } from "../support/Harness.js"
import { operations } from "../support/Operations.js"

const fake = makeFakeFetch()
const { fail, rejects, succeed, withFake } = harness(fake)

const ms = (dateTime: DateTime.Utc) => DateTime.toEpochMillis(dateTime)

const tricky = ["../users", "a?b", "a#b", "a b", "ü", "a/b", "%2e%2e", "sess_1?x=1#frag"]

layer(fakeClerkLayer(fake.fetch, noRetry))("Sessions", (it) => {
  describe("list", () => {
    it.effect("sends GET /v1/sessions with paginated=true and only the given filters, in snake_case", () =>
      Effect.gen(function*() {
        const { call } = yield* succeed(
          Sessions.list({ userId: "user_1", clientId: "client_1", status: "active", limit: 20, offset: 40 }),
          json(200, { data: [], total_count: 0 })
        )
        assert.strictEqual(call.method, "GET")
        assert.strictEqual(call.url.origin + call.url.pathname, "https://api.clerk.test/v1/sessions")
        assert.deepStrictEqual(query(call), [
          ["client_id", "client_1"],
          ["limit", "20"],
          ["offset", "40"],
          ["paginated", "true"],
          ["status", "active"],
          ["user_id", "user_1"]
        ])
        assertClerkHeaders(call)
        assert.isUndefined(call.body)
      }))

    it.effect("sends only paginated=true without parameters", () =>
      Effect.gen(function*() {
        const { call } = yield* succeed(Sessions.list(), json(200, { data: [], total_count: 0 }))
        assert.deepStrictEqual(query(call), [["paginated", "true"]])
        const { call: withOne } = yield* succeed(Sessions.list({ limit: 5 }), json(200, { data: [], total_count: 0 }))
        assert.deepStrictEqual(query(withOne), [["limit", "5"], ["paginated", "true"]])
      }))

    it.effect("decodes the page into sessions and the total count", () =>
      Effect.gen(function*() {
        const { value } = yield* succeed(
          Sessions.list(),
          json(200, { data: [wireSession(), wireSession({ id: "sess_456", status: "ended" })], total_count: 42 })
        )
        assert.strictEqual(value.totalCount, 42)
        assert.deepStrictEqual(value.data.map((s) => [s.id, s.status]), [["sess_123", "active"], ["sess_456", "ended"]])
        assert.instanceOf(value.data[0], Session)
        assert.strictEqual(ms(value.data[0]!.createdAt), 1_699_990_000_000)
      }))

    it.effect("accepts the limit bounds 1 and 500 and offset 0", () =>
      Effect.gen(function*() {
        const { calls } = yield* withFake(
          Effect.all([Sessions.list({ limit: 1, offset: 0 }), Sessions.list({ limit: 500 })]),
          json(200, { data: [], total_count: 0 })
        )
        assert.deepStrictEqual(calls.map((c) => c.url.searchParams.get("limit")), ["1", "500"])
      }))

    it.effect("rejects limit 0, 501, 1.5 and NaN, a negative offset and blank filters without a request", () =>
      Effect.gen(function*() {
        for (const limit of [0, 501, 1.5, Number.NaN, -1, Infinity]) yield* rejects(Sessions.list({ limit }), "limit")
        for (const offset of [-1, 0.5, Number.NaN]) yield* rejects(Sessions.list({ offset }), "offset")
        yield* rejects(Sessions.list({ userId: "" }), "userId")
        yield* rejects(Sessions.list({ clientId: "  " }), "clientId")
        yield* rejects(Sessions.list({ status: "" as "active" }), "status")
      }))

    it.effect("turns an undocumented 404 into ClerkApiError with status 404", () =>
      Effect.gen(function*() {
        const { error } = yield* fail(Sessions.list(), clerkError(404, "resource_not_found"))
        assert.instanceOf(error, ClerkApiError)
        assert.strictEqual(error.status, 404)
        assert.strictEqual(error.errors[0]?.code, "resource_not_found")
      }))
  })

  describe("listAll", () => {
    const sessions = (n: number) => Array.from({ length: n }, (_, i) => wireSession({ id: `sess_${i}` }))
    /** Answers page requests from `all` by their limit/offset, as Clerk does. */
    const pages = (all: ReadonlyArray<Record<string, unknown>>, totalCount = all.length) => (call: Call) => {
      const limit = Number(call.url.searchParams.get("limit") ?? 10)
      const offset = Number(call.url.searchParams.get("offset") ?? 0)
      return json(200, { data: all.slice(offset, offset + limit), total_count: totalCount })
    }

    it.effect("streams every session across pages, in order, with paginated=true on each page", () =>
      Effect.gen(function*() {
        const { calls, value } = yield* withFake(
          Stream.runCollect(Sessions.listAll({ userId: "user_1", status: "active", pageSize: 100 })),
          pages(sessions(250))
        ).pipe(Effect.flatMap(({ calls, exit }) => Effect.map(exit, (value) => ({ calls, value }))))
        assert.deepStrictEqual(
          Chunk.toReadonlyArray(value).map((s) => s.id),
          Array.from({ length: 250 }, (_, i) => `sess_${i}`)
        )
        assert.deepStrictEqual(
          calls.map(query),
          [0, 100, 200].map((offset) => [
            ["limit", "100"],
            ["offset", String(offset)],
            ["paginated", "true"],
            ["status", "active"],
            ["user_id", "user_1"]
          ])
        )
        calls.forEach((call) => assertClerkHeaders(call))
      }))

    it.effect("stops on total_count: no extra request when the last page is full", () =>
      Effect.gen(function*() {
        const { calls, exit } = yield* withFake(
          Stream.runCollect(Sessions.listAll({ pageSize: 50 })),
          pages(sessions(100))
        )
        const value = yield* exit
        assert.strictEqual(Chunk.size(value), 100)
        assert.deepStrictEqual(calls.map((c) => c.url.searchParams.get("offset")), ["0", "50"])
      }))

    it.effect("uses pages of 100 by default and makes one request for an empty result", () =>
      Effect.gen(function*() {
        const { calls, exit } = yield* withFake(Stream.runCollect(Sessions.listAll()), pages([]))
        assert.strictEqual(Chunk.size(yield* exit), 0)
        assert.deepStrictEqual(query(onlyCall(calls)), [["limit", "100"], ["offset", "0"], ["paginated", "true"]])
      }))

    it.effect("stops on an empty page even if total_count promises more", () =>
      Effect.gen(function*() {
        const { calls, exit } = yield* withFake(
          Stream.runCollect(Sessions.listAll({ pageSize: 2 })),
          pages(sessions(3), 1000)
        )
        assert.strictEqual(Chunk.size(yield* exit), 3)
        assert.deepStrictEqual(calls.map((c) => c.url.searchParams.get("offset")), ["0", "2", "3"])
      }))

    it.effect("fetches pages only as the stream is pulled", () =>
      Effect.gen(function*() {
        const { calls, exit } = yield* withFake(
          Stream.runCollect(Stream.take(Sessions.listAll({ pageSize: 2 }), 3)),
          pages(sessions(10))
        )
        assert.deepStrictEqual(Chunk.toReadonlyArray(yield* exit).map((s) => s.id), ["sess_0", "sess_1", "sess_2"])
        assert.strictEqual(calls.length, 2)
      }))

    it.effect("fails the stream with the page's error after emitting the earlier pages", () =>
      Effect.gen(function*() {
        const seen: Array<string> = []
        const { calls, exit } = yield* withFake(
          Stream.runForEach(Sessions.listAll({ pageSize: 2 }), (s) => Effect.sync(() => seen.push(s.id))),
          json(200, { data: sessions(2), total_count: 5 }),
          clerkError(401, "authentication_invalid")
        )
        const error = yield* Effect.flip(exit)
        assert.strictEqual(error._tag, "Unauthorized")
        assert.deepStrictEqual(seen, ["sess_0", "sess_1"])
        assert.strictEqual(calls.length, 2)
      }))

    it.effect("rejects a pageSize outside 1..500 and blank filters without a request", () =>
      Effect.gen(function*() {
        for (const pageSize of [0, 501, 1.5, Number.NaN]) {
          yield* rejects(Stream.runDrain(Sessions.listAll({ pageSize })), "pageSize")
        }
        yield* rejects(Stream.runDrain(Sessions.listAll({ userId: " " })), "userId")
      }))
  })

  describe("create", () => {
    it.effect("sends POST /v1/sessions with the snake_case body", () =>
      Effect.gen(function*() {
        const { call, value } = yield* succeed(Sessions.create({ userId: "user_1" }), json(200, wireSession()))
        assert.strictEqual(call.method, "POST")
        assert.strictEqual(call.url.href, "https://api.clerk.test/v1/sessions")
        assert.deepStrictEqual(call.body, { user_id: "user_1" })
        assertClerkHeaders(call, { json: true })
        assert.instanceOf(value, Session)
        assert.strictEqual(value.id, "sess_123")
      }))

    it.effect("sends active_organization_id when given", () =>
      Effect.gen(function*() {
        const { call } = yield* succeed(
          Sessions.create({ userId: "user_1", activeOrganizationId: "org_1" }),
          json(200, wireSession())
        )
        assert.deepStrictEqual(call.body, { user_id: "user_1", active_organization_id: "org_1" })
      }))

    it.effect("rejects a blank userId or organization id without a request", () =>
      Effect.gen(function*() {
        yield* rejects(Sessions.create({ userId: "" }), "userId")
        yield* rejects(Sessions.create({ userId: " \t" }), "userId")
        yield* rejects(Sessions.create({ userId: "x".repeat(257) }), "userId")
        yield* rejects(Sessions.create({ userId: "user_1", activeOrganizationId: "" }), "activeOrganizationId")
      }))
  })

  describe("get", () => {
    it.effect("sends GET /v1/sessions/{id} with no body and no query", () =>
      Effect.gen(function*() {
        const { call } = yield* succeed(Sessions.get("sess_123"), json(200, wireSession()))
        assert.strictEqual(call.method, "GET")
        assert.strictEqual(call.url.href, "https://api.clerk.test/v1/sessions/sess_123")
        assert.isUndefined(call.body)
        assertClerkHeaders(call)
      }))

    it.effect("decodes every documented field into the camelCase domain", () =>
      Effect.gen(function*() {
        const { value } = yield* succeed(Sessions.get("sess_123"), json(200, wireSession()))
        assert.instanceOf(value, Session)
        assert.strictEqual(value.id, "sess_123")
        assert.strictEqual(value.userId, "user_123")
        assert.strictEqual(value.clientId, "client_123")
        assert.strictEqual(value.status, "active")
        assert.deepStrictEqual(value.actor, Option.some({ sub: "user_admin" }))
        assert.deepStrictEqual(value.lastActiveOrganizationId, Option.some("org_123"))
        assert.isTrue(DateTime.isDateTime(value.lastActiveAt) && DateTime.isUtc(value.lastActiveAt))
        assert.strictEqual(ms(value.lastActiveAt), 1_700_000_000_000)
        assert.strictEqual(ms(value.expireAt), 1_700_604_800_000)
        assert.strictEqual(ms(value.abandonAt), 1_702_592_000_000)
        assert.strictEqual(ms(value.updatedAt), 1_700_000_100_000)
        assert.strictEqual(ms(value.createdAt), 1_699_990_000_000)
        assert.isTrue(Option.isSome(value.latestActivity))
        const activity = Option.getOrThrow(value.latestActivity)
        assert.instanceOf(activity, SessionActivity)
        assert.strictEqual(activity.id, "sess_activity_123")
        assert.strictEqual(activity.isMobile, false)
        assert.deepStrictEqual(activity.deviceType, Option.some("Macintosh"))
        assert.deepStrictEqual(activity.browserName, Option.some("Chrome"))
        assert.deepStrictEqual(activity.browserVersion, Option.some("120.0"))
        assert.deepStrictEqual(activity.ipAddress, Option.some("203.0.113.7"))
        assert.deepStrictEqual(activity.city, Option.some("Berlin"))
        assert.deepStrictEqual(activity.country, Option.some("DE"))
      }))

    it.effect("decodes null and absent optional fields as None", () =>
      Effect.gen(function*() {
        const { value } = yield* succeed(
          Sessions.get("sess_123"),
          json(200, {
            ...wireSession({ actor: null, last_active_organization_id: null, latest_activity: null })
          })
        )
        assert.isTrue(Option.isNone(value.actor))
        assert.isTrue(Option.isNone(value.lastActiveOrganizationId))
        assert.isTrue(Option.isNone(value.latestActivity))
        const { actor: _a, last_active_organization_id: _o, latest_activity: _l, ...minimal } = wireSession()
        const { value: fromMinimal } = yield* succeed(Sessions.get("sess_123"), json(200, minimal))
        assert.isTrue(Option.isNone(fromMinimal.actor))
        assert.isTrue(Option.isNone(fromMinimal.latestActivity))
      }))

    it.effect("rejects an empty, blank, dot-segment or over-long id without a request", () =>
      Effect.gen(function*() {
        for (const id of ["", "   ", ".", "..", "x".repeat(257)]) yield* rejects(Sessions.get(id), "sessionId")
        const { calls } = yield* succeed(Sessions.get("x".repeat(256)), json(200, wireSession()))
        assert.strictEqual(calls.length, 1)
      }))

    it.effect("percent-encodes the id into exactly one path segment", () =>
      Effect.gen(function*() {
        for (const id of tricky) {
          const { call } = yield* succeed(Sessions.get(id), json(200, wireSession()))
          assert.strictEqual(call.url.pathname, `/v1/sessions/${encodeURIComponent(id)}`, id)
          assert.strictEqual(call.url.pathname.split("/").length, 4, id)
          assert.strictEqual(call.url.search, "", id)
          assert.strictEqual(call.url.hash, "", id)
          assert.strictEqual(decodeURIComponent(call.url.pathname.split("/")[3]!), id)
        }
      }))

    it.effect("reports the encoded path in errors", () =>
      Effect.gen(function*() {
        const { error } = yield* fail(Sessions.get("../users"), clerkError(404, "resource_not_found"))
        assert.strictEqual(error._tag, "NotFound")
        if (error._tag === "NotFound") assert.strictEqual(error.path, "/v1/sessions/..%2Fusers")
      }))
  })

  describe("refresh", () => {
    const params = {
      expiredToken: jwt,
      refreshToken: "refresh_abc",
      requestOrigin: "https://app.example.test"
    }

    it.effect("sends POST /v1/sessions/{id}/refresh with only the required fields by default and decodes a Token", () =>
      Effect.gen(function*() {
        const { call, value } = yield* succeed(
          Sessions.refresh("sess_123", params),
          json(200, { object: "token", jwt: "new.jwt.value" })
        )
        assert.strictEqual(call.method, "POST")
        assert.strictEqual(call.url.href, "https://api.clerk.test/v1/sessions/sess_123/refresh")
        assert.deepStrictEqual(call.body, {
          expired_token: jwt,
          refresh_token: "refresh_abc",
          request_origin: "https://app.example.test"
        })
        assertClerkHeaders(call, { json: true })
        assert.instanceOf(value, Token)
        assert.strictEqual(value.jwt, "new.jwt.value")
      }))

    it.effect("sends every optional field in snake_case and decodes Cookies with format cookie", () =>
      Effect.gen(function*() {
        const { call, value } = yield* succeed(
          Sessions.refresh("sess_123", {
            ...params,
            requestHeaders: { "user-agent": "Mozilla", cookie: ["a=1", "b=2"] },
            requestOriginatingIp: "203.0.113.9",
            format: "cookie",
            suffixedCookies: true
          }),
          json(200, { object: "cookies", cookies: ["__session=abc; Path=/", "__client_uat=1; Path=/"] })
        )
        assert.deepStrictEqual(call.body, {
          expired_token: jwt,
          refresh_token: "refresh_abc",
          request_origin: "https://app.example.test",
          request_headers: { "user-agent": "Mozilla", cookie: ["a=1", "b=2"] },
          request_originating_ip: "203.0.113.9",
          format: "cookie",
          suffixed_cookies: true
        })
        assert.instanceOf(value, Cookies)
        assert.deepStrictEqual(value.cookies, ["__session=abc; Path=/", "__client_uat=1; Path=/"])
      }))

    it.effect("sends format token when asked and decodes a Token", () =>
      Effect.gen(function*() {
        const { call, value } = yield* succeed(
          Sessions.refresh("sess_123", { ...params, format: "token" }),
          json(200, { object: "token", jwt: "t" })
        )
        assert.deepStrictEqual(call.body, {
          expired_token: jwt,
          refresh_token: "refresh_abc",
          request_origin: "https://app.example.test",
          format: "token"
        })
        assert.strictEqual(value.jwt, "t")
      }))

    it.effect("fails with UnexpectedResponse when the answer does not match the requested format", () =>
      Effect.gen(function*() {
        const { error } = yield* fail(
          Sessions.refresh("sess_123", { ...params, format: "cookie" }),
          json(200, { object: "token", jwt })
        )
        assert.strictEqual(error._tag, "UnexpectedResponse")
      }))

    it.effect("rejects empty tokens or origin, a bad format or bad headers without a request", () =>
      Effect.gen(function*() {
        yield* rejects(Sessions.refresh("sess_123", { ...params, expiredToken: "" }), "expiredToken")
        yield* rejects(Sessions.refresh("sess_123", { ...params, refreshToken: "" }), "refreshToken")
        yield* rejects(Sessions.refresh("sess_123", { ...params, requestOrigin: "" }), "requestOrigin")
        yield* rejects(Sessions.refresh("sess_123", { ...params, format: "jwt" as "token" }), "format")
        yield* rejects(
          Sessions.refresh("sess_123", { ...params, requestHeaders: { a: 1 } as unknown as Record<string, string> }),
          "requestHeaders"
        )
        yield* rejects(Sessions.refresh("", params), "sessionId")
      }))

    it.effect("turns an undocumented 404 into ClerkApiError with status 404", () =>
      Effect.gen(function*() {
        const { error } = yield* fail(Sessions.refresh("sess_123", params), clerkError(404, "resource_not_found"))
        assert.instanceOf(error, ClerkApiError)
        assert.strictEqual(error.status, 404)
      }))
  })

  describe("revoke", () => {
    it.effect("sends POST /v1/sessions/{id}/revoke without a body and decodes the revoked session", () =>
      Effect.gen(function*() {
        const { call, value } = yield* succeed(
          Sessions.revoke("sess_123"),
          json(200, wireSession({ status: "revoked" }))
        )
        assert.strictEqual(call.method, "POST")
        assert.strictEqual(call.url.href, "https://api.clerk.test/v1/sessions/sess_123/revoke")
        assert.isUndefined(call.body)
        assertClerkHeaders(call)
        assert.strictEqual(value.status, "revoked")
      }))

    it.effect("rejects a blank id without a request", () => rejects(Sessions.revoke(" "), "sessionId"))
  })

  describe("verify", () => {
    it.effect("sends POST /v1/sessions/{id}/verify with the token and decodes the session", () =>
      Effect.gen(function*() {
        const { call, value } = yield* succeed(Sessions.verify("sess_123", { token: jwt }), json(200, wireSession()))
        assert.strictEqual(call.method, "POST")
        assert.strictEqual(call.url.href, "https://api.clerk.test/v1/sessions/sess_123/verify")
        assert.deepStrictEqual(call.body, { token: jwt })
        assertClerkHeaders(call, { json: true })
        assert.strictEqual(value.id, "sess_123")
      }))

    it.effect("rejects an empty token or id without a request", () =>
      Effect.gen(function*() {
        yield* rejects(Sessions.verify("sess_123", { token: "" }), "token")
        yield* rejects(Sessions.verify("..", { token: jwt }), "sessionId")
      }))
  })

  describe("createToken", () => {
    it.effect("sends POST /v1/sessions/{id}/tokens with an empty JSON body by default and decodes the Token", () =>
      Effect.gen(function*() {
        const { call, value } = yield* succeed(Sessions.createToken("sess_123"), json(200, { object: "token", jwt }))
        assert.strictEqual(call.method, "POST")
        assert.strictEqual(call.url.href, "https://api.clerk.test/v1/sessions/sess_123/tokens")
        assert.deepStrictEqual(call.body, {})
        assertClerkHeaders(call, { json: true })
        assert.instanceOf(value, Token)
        assert.strictEqual(value.jwt, jwt)
      }))

    it.effect("sends expires_in_seconds, accepting 30 and 315360000", () =>
      Effect.gen(function*() {
        for (const expiresInSeconds of [30, 315_360_000]) {
          const { call } = yield* succeed(
            Sessions.createToken("sess_123", { expiresInSeconds }),
            json(200, { object: "token", jwt })
          )
          assert.deepStrictEqual(call.body, { expires_in_seconds: expiresInSeconds })
        }
      }))

    it.effect("rejects a lifetime of 29, 315360001 or 1.5 seconds and a blank id without a request", () =>
      Effect.gen(function*() {
        for (const expiresInSeconds of [29, 315_360_001, 1.5, Number.NaN]) {
          yield* rejects(Sessions.createToken("sess_123", { expiresInSeconds }), "expiresInSeconds")
        }
        yield* rejects(Sessions.createToken(""), "sessionId")
      }))
  })

  describe("createTokenFromTemplate", () => {
    it.effect("sends POST /v1/sessions/{id}/tokens/{template} and decodes the Token", () =>
      Effect.gen(function*() {
        const { call, value } = yield* succeed(
          Sessions.createTokenFromTemplate("sess_123", "supabase", { expiresInSeconds: 120 }),
          json(200, { object: "token", jwt })
        )
        assert.strictEqual(call.method, "POST")
        assert.strictEqual(call.url.href, "https://api.clerk.test/v1/sessions/sess_123/tokens/supabase")
        assert.deepStrictEqual(call.body, { expires_in_seconds: 120 })
        assertClerkHeaders(call, { json: true })
        assert.strictEqual(value.jwt, jwt)
      }))

    it.effect("percent-encodes the session id and the template name into one segment each", () =>
      Effect.gen(function*() {
        for (const name of tricky) {
          const { call } = yield* succeed(
            Sessions.createTokenFromTemplate("a/b", name),
            json(200, { object: "token", jwt })
          )
          assert.strictEqual(call.url.pathname, `/v1/sessions/a%2Fb/tokens/${encodeURIComponent(name)}`, name)
          assert.strictEqual(call.url.search + call.url.hash, "", name)
        }
      }))

    it.effect("rejects a blank or dot-segment template name and a bad lifetime without a request", () =>
      Effect.gen(function*() {
        yield* rejects(Sessions.createTokenFromTemplate("sess_123", ""), "templateName")
        yield* rejects(Sessions.createTokenFromTemplate("sess_123", ".."), "templateName")
        yield* rejects(Sessions.createTokenFromTemplate("sess_123", "."), "templateName")
        yield* rejects(
          Sessions.createTokenFromTemplate("sess_123", "supabase", { expiresInSeconds: 29 }),
          "expiresInSeconds"
        )
      }))
  })

  describe("path encoding", () => {
    const byId = (
      id: string
    ): ReadonlyArray<readonly [string, Effect.Effect<unknown, ClerkError, Sessions.Sessions>, string]> => [
      ["revoke", Sessions.revoke(id), `/v1/sessions/${encodeURIComponent(id)}/revoke`],
      ["verify", Sessions.verify(id, { token: jwt }), `/v1/sessions/${encodeURIComponent(id)}/verify`],
      ["createToken", Sessions.createToken(id), `/v1/sessions/${encodeURIComponent(id)}/tokens`],
      [
        "refresh",
        Sessions.refresh(id, { expiredToken: jwt, refreshToken: "r", requestOrigin: "https://o.test" }),
        `/v1/sessions/${encodeURIComponent(id)}/refresh`
      ]
    ]

    it.effect("puts a tricky id into exactly one encoded segment for every operation on a session", () =>
      Effect.gen(function*() {
        for (const id of tricky) {
          for (const [name, effect, path] of byId(id)) {
            const answer = name === "createToken" || name === "refresh"
              ? json(200, { object: "token", jwt })
              : json(200, wireSession())
            const { call } = yield* succeed(effect, answer)
            assert.strictEqual(call.url.pathname, path, `${name} ${id}`)
            assert.strictEqual(call.url.search + call.url.hash, "", `${name} ${id}`)
          }
        }
      }))
  })

  describe("documented errors", () => {
    const sessionOps = operations.filter((op) => op.name.startsWith("Sessions."))
    for (const op of sessionOps) {
      it.effect(`${op.name}: maps each error status to its tag with Clerk's details`, () =>
        Effect.gen(function*() {
          const cases: ReadonlyArray<readonly [number, string]> = [
            [400, "ClerkApiError"],
            [401, "Unauthorized"],
            [403, "ClerkApiError"],
            [404, op.notFound ? "NotFound" : "ClerkApiError"],
            [410, op.gone ? "Gone" : "ClerkApiError"],
            [422, "ClerkApiError"],
            [429, "RateLimited"],
            [500, "ClerkApiError"]
          ]
          for (const [status, tag] of cases) {
            const { calls, error } = yield* fail(
              op.run,
              clerkError(status, `code_${status}`, status === 429 ? { "retry-after": "7" } : {})
            )
            assert.strictEqual(calls.length, 1)
            assert.strictEqual(error._tag, tag, `${op.name} ${status}`)
            if (
              error._tag === "InvalidInput" || error._tag === "TransportError" || error._tag === "UnexpectedResponse"
            ) {
              return assert.fail(`unexpected ${error._tag}`)
            }
            assert.strictEqual(error.status, status)
            assert.strictEqual(error.method, op.method)
            assert.strictEqual(error.path, op.path)
            assert.strictEqual(error.clerkTraceId, `trace_${status}`)
            assert.strictEqual(error.errors.length, 1)
            assert.strictEqual(error.errors[0]!.code, `code_${status}`)
            assert.strictEqual(error.errors[0]!.message, `code_${status} message`)
            assert.strictEqual(error.errors[0]!.longMessage, `code_${status} long message`)
            assert.deepStrictEqual(error.errors[0]!.meta, { param_name: "x" })
            if (error._tag === "RateLimited") {
              assert.isDefined(error.retryAfter)
              assert.isTrue(Duration.equals(error.retryAfter!, Duration.seconds(7)))
            }
          }
        }))
    }

    it.effect("turns a 410 on an operation other than verify into ClerkApiError", () =>
      Effect.gen(function*() {
        const { error } = yield* fail(Sessions.get("sess_123"), clerkError(410, "gone"))
        assert.instanceOf(error, ClerkApiError)
        assert.strictEqual(error.status, 410)
      }))
  })

  describe("forward compatibility", () => {
    it.effect("decodes an unknown status and extra fields in get and in list", () =>
      Effect.gen(function*() {
        const future = wireSession({ status: "suspended", tasks: [{ key: "choose-org" }], new_field: { a: 1 } })
        const { value } = yield* succeed(Sessions.get("sess_123"), json(200, future))
        assert.strictEqual(value.status, "suspended")
        assert.notProperty(value, "tasks")
        const { value: page } = yield* succeed(
          Sessions.list(),
          json(200, { data: [future, wireSession()], total_count: 2, next_cursor: "abc" })
        )
        assert.deepStrictEqual(page.data.map((s) => s.status), ["suspended", "active"])
      }))

    it.effect("decodes null latest_activity fields", () =>
      Effect.gen(function*() {
        const { value } = yield* succeed(
          Sessions.get("sess_123"),
          json(
            200,
            wireSession({ latest_activity: { object: "session_activity", id: "a", is_mobile: true, city: null } })
          )
        )
        const activity = Option.getOrThrow(value.latestActivity)
        assert.isTrue(activity.isMobile)
        assert.isTrue(Option.isNone(activity.city))
        assert.isTrue(Option.isNone(activity.deviceType))
      }))
  })
})
