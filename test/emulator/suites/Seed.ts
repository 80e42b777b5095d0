import { assert, describe, it } from "@effect/vitest"
import * as Ids from "../../../src/emulator/Ids.js"
import * as Model from "../../../src/emulator/Model.js"
import * as RequestLog from "../../../src/emulator/RequestLog.js"
import * as Seed from "../../../src/emulator/Seed.js"

const accountsUrl = "https://accounts.test"

export const suite = () => {
  describe("Seed", () => {
    it("is deterministic: the same options give the same model", () => {
      const a = Seed.seed({ users: 4, sessionsPerUser: 3 }, accountsUrl)
      const b = Seed.seed({ users: 4, sessionsPerUser: 3 }, accountsUrl)
      assert.deepStrictEqual(Model.sessions(a), Model.sessions(b))
      assert.deepStrictEqual([...a.users.values()], [...b.users.values()])
      assert.deepStrictEqual([...a.signInTokens.values()], [...b.signInTokens.values()])
    })

    it("seeds 3 users, 4 sessions each, 6 clients, 3 sign-in tokens and 3 templates by default", () => {
      const state = Seed.seed({}, accountsUrl)
      assert.strictEqual(state.users.size, 3)
      assert.strictEqual(state.sessions.size, 12)
      assert.strictEqual(state.clients.size, 6)
      assert.strictEqual(state.signInTokens.size, 3)
      assert.deepStrictEqual([...state.templates.keys()], ["test", "supabase", "convex"])
      assert.strictEqual(state.templates.get("convex")?.lifetimeSeconds, 3600)
      assert.strictEqual(state.templates.get("test")?.lifetimeSeconds, 60)
    })

    it("gives users the first ids, so userId(i) names the i-th user of any seed", () => {
      const small = Seed.seed({ users: 2, sessionsPerUser: 1 }, accountsUrl)
      const large = Seed.seed({ users: 5, sessionsPerUser: 7, clientsPerUser: 3 }, accountsUrl)
      assert.deepStrictEqual([...small.users.keys()], [Seed.userId(0), Seed.userId(1)])
      assert.strictEqual([...large.users.keys()][1], Seed.userId(1))
      assert.strictEqual(small.users.get(Seed.userId(0))?.first_name, "Ada")
    })

    it("makes ids that look like Clerk's: prefix, then 27 base62 characters starting with 3", () => {
      const state = Seed.seed({}, accountsUrl)
      const session = Model.sessions(state)[0]!
      assert.match(session.id, /^sess_3[0-9A-Za-z]{26}$/)
      assert.match(session.user_id, /^user_3[0-9A-Za-z]{26}$/)
      assert.match(session.client_id, /^client_3[0-9A-Za-z]{26}$/)
      assert.match(session.latest_activity!.id, /^sess_activity_3[0-9A-Za-z]{26}$/)
      assert.match([...state.signInTokens.keys()][0]!, /^sit_3[0-9A-Za-z]{26}$/)
    })

    it("makes later ids sort after earlier ones", () => {
      const ids = Array.from({ length: 200 }, (_, i) => Ids.make("sess", i))
      assert.deepStrictEqual([...ids].sort(), ids)
      assert.strictEqual(new Set(ids).size, 200)
    })

    it("mixes statuses: every user's first session is active, the others vary", () => {
      const state = Seed.seed({}, accountsUrl)
      const statuses = new Set(Model.sessions(state).map((session) => session.status))
      assert.deepStrictEqual(
        [...statuses].sort(),
        ["abandoned", "active", "ended", "expired", "removed", "replaced", "revoked"]
      )
      for (const userId of state.users.keys()) {
        const own = Model.sessions(state).filter((session) => session.user_id === userId)
        assert.strictEqual(own.at(-1)?.status, "active")
      }
      assert.deepStrictEqual([...state.signInTokens.values()].map((token) => token.status), [
        "pending",
        "accepted",
        "revoked"
      ])
    })

    it("dates everything in the day before `now` (default 2026-01-01T00:00:00Z)", () => {
      const base = Date.UTC(2026, 0, 1)
      for (const now of [undefined, new Date("2025-06-01T12:00:00Z")]) {
        const state = Seed.seed(now === undefined ? {} : { now }, accountsUrl)
        const end = now === undefined ? base : now.getTime()
        for (const session of state.sessions.values()) {
          assert.isTrue(session.created_at >= end - Model.DAY && session.created_at < end)
          assert.isTrue(session.last_active_at >= session.created_at)
          assert.isTrue(session.expire_at > session.created_at && session.abandon_at > session.expire_at)
        }
      }
    })

    it("orders sessions newest first, ties broken by id descending", () => {
      const state = Seed.seed({}, accountsUrl)
      const sessions = Model.sessions(state)
      const ties = sessions.filter((session, i) => sessions[i + 1]?.created_at === session.created_at)
      assert.isAbove(ties.length, 0)
      sessions.forEach((session, i) => {
        const next = sessions[i + 1]
        if (next !== undefined) {
          assert.isTrue(
            session.created_at > next.created_at || (session.created_at === next.created_at && session.id > next.id)
          )
        }
      })
    })

    it("uses the given templates", () => {
      const state = Seed.seed(
        { templates: [{ name: "hasura", claims: { "x-hasura": { role: "user" } } }] },
        accountsUrl
      )
      assert.deepStrictEqual(
        [...state.templates.values()].map(({ claims, lifetimeSeconds, name }) => ({
          name,
          claims,
          lifetimeSeconds
        })),
        [{ name: "hasura", claims: { "x-hasura": { role: "user" } }, lifetimeSeconds: 60 }]
      )
      assert.match([...state.templates.values()][0]!.id, /^jtmp_3/)
    })
  })

  describe("Model", () => {
    const state = Seed.seed({}, accountsUrl)
    const userId = Seed.userId(0)

    it("filters sessions by user, client and status, and pages with limit and offset", () => {
      const own = Model.listSessions(state, { userId, limit: 10, offset: 0 })
      assert.strictEqual(own.totalCount, 4)
      assert.isTrue(own.page.every((session) => session.user_id === userId))
      const clientId = own.page[0]!.client_id
      const byClient = Model.listSessions(state, { clientId, limit: 10, offset: 0 })
      assert.isTrue(byClient.page.every((session) => session.client_id === clientId))
      const active = Model.listSessions(state, { status: "active", limit: 10, offset: 0 })
      assert.isTrue(active.page.every((session) => session.status === "active"))
      const page = Model.listSessions(state, { limit: 5, offset: 10 })
      assert.deepStrictEqual(page.page, Model.sessions(state).slice(10, 15))
      assert.strictEqual(page.totalCount, 12)
    })

    it("creates an active session on a new client, and nothing for an unknown user", () => {
      const created = Model.createSession(state, { userId, activeOrganizationId: "org_1" }, 1_000)
      assert.isDefined(created)
      const [session, next] = created!
      assert.strictEqual(session.status, "active")
      assert.strictEqual(session.created_at, 1_000)
      assert.strictEqual(session.last_active_organization_id, "org_1")
      assert.strictEqual(session.latest_activity, null)
      assert.isTrue(next.clients.has(session.client_id))
      assert.strictEqual(next.sessions.size, 13)
      assert.isUndefined(Model.createSession(state, { userId: "user_missing", activeOrganizationId: null }, 1_000))
    })

    it("revokes only pending sign-in tokens", () => {
      const [pending, accepted] = [...state.signInTokens.values()]
      const revoked = Model.revokeSignInToken(state, pending!.id, 5)
      assert.strictEqual(revoked?.[0].revoked, true)
      assert.strictEqual(revoked?.[0].record.status, "revoked")
      const refused = Model.revokeSignInToken(state, accepted!.id, 5)
      assert.strictEqual(refused?.[0].revoked, false)
      assert.strictEqual(refused?.[1], state)
    })
  })

  describe("RequestLog", () => {
    const entry = { method: "GET", path: "/v1/jwks", query: {}, headers: {}, apiVersion: undefined, body: undefined }

    it("numbers entries from 0 and keeps at most `limit` of them, dropping the oldest", () => {
      let log: ReadonlyArray<RequestLog.RecordedRequest> = []
      for (let i = 0; i < 5; i++) {
        log = RequestLog.append(log, { ...entry, fault: undefined }, 3)[1]
      }
      assert.deepStrictEqual(log.map((recorded) => recorded.sequence), [2, 3, 4])
      assert.deepStrictEqual(log[0], {
        ...entry,
        fault: undefined,
        sequence: 2,
        outcome: "pending",
        aborted: false,
        status: undefined
      })
    })

    it("redacts the credentials of an Authorization header and parses JSON bodies", () => {
      assert.strictEqual(RequestLog.redactAuthorization("Bearer sk_test_secret"), "Bearer <redacted>")
      assert.strictEqual(RequestLog.redactAuthorization("sk_test_secret"), "<redacted>")
      assert.deepStrictEqual(RequestLog.recordedBody("{\"a\":1}"), { a: 1 })
      assert.strictEqual(RequestLog.recordedBody("not json"), "not json")
      assert.isUndefined(RequestLog.recordedBody(""))
    })
  })
}
