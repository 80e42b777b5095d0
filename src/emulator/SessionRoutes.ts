/**
 * `/v1/sessions` routes: list, create, get, revoke, refresh and the deprecated verify.
 *
 * @since 0.1.0
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Instance from "./Instance.js"
import * as Model from "./Model.js"
import * as Params from "./Params.js"
import * as Problem from "./Problem.js"
import * as RequestContext from "./RequestContext.js"
import * as Responses from "./Responses.js"
import { findSession, type Handler, param } from "./Route.js"
import * as SessionTokens from "./SessionTokens.js"
import * as Signer from "./Signer.js"
import * as WebhookPayloads from "./WebhookPayloads.js"
import { sessionStatusFilters, type WireSession } from "./Wire.js"

/**
 * The newest API version, assumed when a request sends no `Clerk-API-Version` header.
 *
 * @since 0.1.0
 * @category constants
 */
export const latestApiVersion = "2026-05-12"

/**
 * The first API version without `POST /v1/sessions/{id}/verify` (it answers 410 from then on).
 *
 * @since 0.1.0
 * @category constants
 */
export const verifyRemovedInVersion = "2025-04-10"

/** Sends a `session.*` webhook event with the session and its user. */
const emitSession = (instance: Instance.Instance, type: string, session: WireSession) =>
  Effect.flatMap(Ref.get(instance.state), (state) => {
    const data = WebhookPayloads.session(state, session)
    return data === undefined ? Effect.void : instance.emit(type, data)
  })

const list = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const query = yield* RequestContext.query
    const status = yield* Params.queryOneOf(query, "status", sessionStatusFilters)
    const limit = yield* Params.queryInteger(query, "limit", 10, { min: 1, max: 500 })
    const offset = yield* Params.queryInteger(query, "offset", 0, { min: 0 })
    const paginated = yield* Params.queryBoolean(query, "paginated")
    const state = yield* Ref.get(instance.state)
    const { page, totalCount } = Model.listSessions(state, {
      userId: Params.queryString(query, "user_id"),
      clientId: Params.queryString(query, "client_id"),
      status,
      limit,
      offset
    })
    return Responses.json(paginated ? { data: page, total_count: totalCount } : page)
  })

const create = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const body = yield* Params.object(yield* RequestContext.body)
    const userId = yield* Params.requiredString(body, "user_id")
    const activeOrganizationId = yield* Params.optionalString(body, "active_organization_id")
    const now = yield* RequestContext.now
    const session = yield* Instance.update(
      instance,
      (state) => Model.createSession(state, { userId, activeOrganizationId: activeOrganizationId ?? null }, now)
    )
    if (session === undefined) {
      return yield* Problem.notFound(`No user was found with id ${userId}.`, { param_name: "user_id" })
    }
    yield* emitSession(instance, "session.created", session)
    return Responses.json(session)
  })

const get = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const session = yield* findSession(instance, yield* param("session_id"))
    return Responses.json(session)
  })

const revoke = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const sessionId = yield* param("session_id")
    const now = yield* RequestContext.now
    const session = yield* Instance.update(
      instance,
      (state) => Model.setSessionStatus(state, sessionId, "revoked", now)
    )
    if (session === undefined) {
      return yield* Problem.notFound(`No session was found with id ${sessionId}.`)
    }
    yield* emitSession(instance, "session.revoked", session)
    return Responses.json(session)
  })

const refresh = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const sessionId = yield* param("session_id")
    const query = yield* RequestContext.query
    const body = yield* Params.object(yield* RequestContext.body)
    const { expiredToken, format, requestOrigin, suffixedInBody } = yield* Effect.all({
      expiredToken: Params.requiredString(body, "expired_token"),
      refreshToken: Params.requiredString(body, "refresh_token"),
      requestOrigin: Params.requiredString(body, "request_origin"),
      requestOriginatingIp: Params.optionalString(body, "request_originating_ip"),
      requestHeaders: requestHeaders(body),
      format: Params.optionalString(body, "format").pipe(
        Effect.filterOrFail(
          (format) => format === undefined || format === "token" || format === "cookie",
          () => Problem.paramInvalid("format", "format must be one of: token, cookie.")
        )
      ),
      suffixedInBody: Params.optionalBoolean(body, "suffixed_cookies")
    }).pipe(Effect.mapError((problem) => Problem.withStatus(problem, 400)))
    const session = yield* findSession(instance, sessionId, 400)
    const claims = yield* instance.signer.read(expiredToken, {})
    if (claims === undefined || claims.sid !== sessionId) {
      return yield* Problem.tokenInvalid(401, "The expired_token was not issued by this instance for this session.")
    }
    if (session.status !== "active") {
      return yield* Problem.sessionNotActive(401, sessionId, session.status)
    }
    const now = yield* RequestContext.now
    const touched = yield* Instance.update(instance, (state) => Model.touchSession(state, sessionId, now))
    const jwt = yield* instance.signer.sign(
      SessionTokens.sessionClaims({
        state: yield* Ref.get(instance.state),
        session: touched ?? session,
        issuer: instance.issuer,
        now,
        lifetimeSeconds: SessionTokens.defaultLifetimeSeconds,
        azp: requestOrigin
      }),
      Signer.category.session
    )
    if (format !== "cookie") {
      return Responses.json({ object: "token", jwt })
    }
    const suffixed = suffixedInBody === true || query.get("suffixed_cookies") === "true"
    return Responses.json({
      object: "cookies",
      cookies: SessionTokens.cookies({ jwt, now, requestOrigin, suffix: instance.cookieSuffix, suffixed })
    })
  })

const requestHeaders = (body: Params.Body): Effect.Effect<unknown, Problem.Problem> => {
  const value = body.request_headers
  return value === undefined || value === null || (typeof value === "object" && !Array.isArray(value))
    ? Effect.succeed(value)
    : Effect.fail(Problem.paramInvalid("request_headers", "request_headers must be an object."))
}

const verify = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const version = (yield* RequestContext.header("clerk-api-version"))?.trim() || latestApiVersion
    if (version >= verifyRemovedInVersion) {
      return yield* Problem.operationDeprecated()
    }
    const sessionId = yield* param("session_id")
    const body = yield* Params.object(yield* RequestContext.body)
    const token = yield* Params.requiredString(body, "token").pipe(
      Effect.mapError((problem) => Problem.withStatus(problem, 400))
    )
    const session = yield* findSession(instance, sessionId)
    const claims = yield* instance.signer.read(token, { now: yield* RequestContext.now })
    if (claims === undefined || claims.sid !== sessionId) {
      return yield* Problem.tokenInvalid(400, "The token is expired, malformed or was not issued for this session.")
    }
    if (session.status !== "active") {
      return yield* Problem.sessionNotActive(400, sessionId, session.status)
    }
    return Responses.json(session)
  })

/**
 * The session routes of an instance.
 *
 * @since 0.1.0
 * @category routers
 */
export const router = (
  instance: Instance.Instance
): HttpRouter.HttpRouter<Problem.Problem, RequestContext.RequestBody> =>
  HttpRouter.empty.pipe(
    HttpRouter.get("/v1/sessions", list(instance)),
    HttpRouter.post("/v1/sessions", create(instance)),
    HttpRouter.get("/v1/sessions/:session_id", get(instance)),
    HttpRouter.post("/v1/sessions/:session_id/revoke", revoke(instance)),
    HttpRouter.post("/v1/sessions/:session_id/refresh", refresh(instance)),
    HttpRouter.post("/v1/sessions/:session_id/verify", verify(instance))
  )
