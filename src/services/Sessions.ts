/**
 * Clerk sessions: list (a page, or every page as a `Stream`), create, get, refresh, revoke, verify (deprecated),
 * and session tokens (default or from a JWT template). Each operation's error type is exactly what it can produce.
 *
 * ```ts
 * const session = yield* Sessions.get("sess_123")
 * const page = yield* Sessions.list({ userId: "user_123", limit: 50 })
 * ```
 *
 * @since 0.1.0
 */
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { CommonError, Gone, NotFound } from "../errors/ClerkError.js"
import { operationSpan } from "../internal/operationSpan.js"
import { compact, validator } from "../internal/validate.js"
import {
  type Session,
  SessionFromWire,
  type SessionPage,
  SessionPageFromWire,
  type SessionStatus
} from "../schemas/Session.js"
import { type Cookies, CookiesFromWire, type Token, TokenFromWire } from "../schemas/Token.js"
import { ClerkHttpClient } from "./ClerkHttpClient.js"
import * as Generated from "./operations/Sessions.js"

/**
 * The operations generated from Clerk's description (`getSessionList`…): their inputs, errors and accessors.
 *
 * @since 0.4.0
 */
export * from "./operations/Sessions.js"

/**
 * Filters and page of `list`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListParams {
  readonly userId?: string | undefined
  readonly clientId?: string | undefined
  readonly status?: SessionStatus | undefined
  /** Page size, 1..500 (Clerk's default is 10). */
  readonly limit?: number | undefined
  /** Sessions to skip, >= 0. */
  readonly offset?: number | undefined
}

/**
 * Filters of `listAll`, and the size of the pages it fetches (1..500, default 100).
 *
 * @since 0.1.0
 * @category models
 */
export interface ListAllParams extends Omit<ListParams, "limit" | "offset"> {
  readonly pageSize?: number | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface CreateParams {
  readonly userId: string
  readonly activeOrganizationId?: string | undefined
}

/**
 * Parameters of `refresh`. `format: "cookie"` answers `Cookies`; `"token"` or absent answers a `Token`.
 *
 * @since 0.1.0
 * @category models
 */
export interface RefreshParams {
  readonly expiredToken: string
  readonly refreshToken: string
  readonly requestOrigin: string
  readonly requestHeaders?: Readonly<Record<string, string | ReadonlyArray<string>>> | undefined
  readonly requestOriginatingIp?: string | undefined
  readonly format?: "token" | "cookie" | undefined
  readonly suffixedCookies?: boolean | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface VerifyParams {
  readonly token: string
}

/**
 * Token lifetime, 30..315360000 seconds; Clerk's default (60 s or the template's) when absent.
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateTokenParams {
  readonly expiresInSeconds?: number | undefined
}

/**
 * @since 0.1.0
 * @category errors
 */
export type ListError = CommonError
/**
 * @since 0.1.0
 * @category errors
 */
export type CreateError = CommonError | NotFound
/**
 * @since 0.1.0
 * @category errors
 */
export type GetError = CommonError | NotFound
/**
 * @since 0.1.0
 * @category errors
 */
export type RefreshError = CommonError
/**
 * @since 0.1.0
 * @category errors
 */
export type RevokeError = CommonError | NotFound
/**
 * @since 0.1.0
 * @category errors
 */
export type VerifyError = CommonError | NotFound | Gone
/**
 * @since 0.1.0
 * @category errors
 */
export type CreateTokenError = CommonError | NotFound

/**
 * `refresh`, typed by `format`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Refresh {
  (sessionId: string, params: RefreshParams & { readonly format: "cookie" }): Effect.Effect<Cookies, RefreshError>
  (sessionId: string, params: RefreshParams & { readonly format?: "token" | undefined }): Effect.Effect<
    Token,
    RefreshError
  >
  (sessionId: string, params: RefreshParams): Effect.Effect<Token | Cookies, RefreshError>
}

/**
 * The Sessions API.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service extends Generated.Operations {
  /** One page of sessions, newest first, with the total count. `GET /sessions?paginated=true`. */
  readonly list: (params?: ListParams) => Effect.Effect<SessionPage, ListError>
  /** Every session matching the filters, fetched page by page as the stream is pulled. */
  readonly listAll: (params?: ListAllParams) => Stream.Stream<Session, ListError>
  /** Creates an active session for a user. Not retried unless Clerk surely did not act (429, 503, refused). */
  readonly create: (params: CreateParams) => Effect.Effect<Session, CreateError>
  readonly get: (sessionId: string) => Effect.Effect<Session, GetError>
  readonly refresh: Refresh
  readonly revoke: (sessionId: string) => Effect.Effect<Session, RevokeError>
  /**
   * @deprecated Clerk removed this endpoint in API version 2025-04-10: it fails with `Gone` there. Verify
   * session tokens (JWTs) networklessly instead.
   */
  readonly verify: (sessionId: string, params: VerifyParams) => Effect.Effect<Session, VerifyError>
  readonly createToken: (sessionId: string, params?: CreateTokenParams) => Effect.Effect<Token, CreateTokenError>
  readonly createTokenFromTemplate: (
    sessionId: string,
    templateName: string,
    params?: CreateTokenParams
  ) => Effect.Effect<Token, CreateTokenError>
}

/**
 * The Sessions service.
 *
 * @since 0.1.0
 * @category tags
 */
export class Sessions extends Context.Tag("effect-clerk/Sessions")<Sessions, Service>() {}

const decodeSession = Schema.decodeUnknown(SessionFromWire)
const decodeSessionPage = Schema.decodeUnknown(SessionPageFromWire)
const decodeToken = Schema.decodeUnknown(TokenFromWire)
const decodeCookies = Schema.decodeUnknown(CookiesFromWire)

const maxOffset = Number.MAX_SAFE_INTEGER
const tokenLifetime = { min: 30, max: 315_360_000 } as const

/**
 * Builds the service over `ClerkHttpClient`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, ClerkHttpClient> = Effect.gen(function*() {
  const http = yield* ClerkHttpClient

  const validateFilters = (v: ReturnType<typeof validator>, params: ListParams) =>
    Effect.all([
      params.userId === undefined ? Effect.void : v.id("userId", params.userId),
      params.clientId === undefined ? Effect.void : v.id("clientId", params.clientId),
      params.status === undefined ? Effect.void : v.id("status", params.status)
    ], { discard: true })

  const requestPage = (params: ListParams) =>
    http.execute({
      method: "GET",
      path: ["sessions"],
      urlParams: compact({
        paginated: true,
        user_id: params.userId,
        client_id: params.clientId,
        status: params.status,
        limit: params.limit,
        offset: params.offset
      }),
      idempotent: true,
      decode: decodeSessionPage,
      allow: [],
      coalesce: true
    })

  const listValidator = validator("Sessions.list")
  const list = (params: ListParams = {}) =>
    Effect.gen(function*() {
      yield* validateFilters(listValidator, params)
      yield* listValidator.integer("limit", params.limit, 1, 500)
      yield* listValidator.integer("offset", params.offset, 0, maxOffset)
      return yield* requestPage(params)
    }).pipe(operationSpan("Sessions.list", {
      "clerk.user_id": params.userId,
      "clerk.client_id": params.clientId,
      "clerk.status": params.status,
      "clerk.limit": params.limit,
      "clerk.offset": params.offset
    }))

  const listAllValidator = validator("Sessions.listAll")
  const listAll = (params: ListAllParams = {}): Stream.Stream<Session, ListError> => {
    const { pageSize = 100, ...filters } = params
    const page = (offset: number) =>
      Effect.map(requestPage({ ...filters, limit: pageSize, offset }), (page) => {
        const next = offset + page.data.length
        const more = page.data.length > 0 && next < page.totalCount
        return [Chunk.unsafeFromArray(page.data), more ? Option.some(next) : Option.none<number>()] as const
      }).pipe(
        operationSpan("Sessions.listAll", {
          "clerk.user_id": filters.userId,
          "clerk.offset": offset,
          "clerk.limit": pageSize
        })
      )
    return Stream.unwrap(
      Effect.as(
        Effect.zipRight(
          validateFilters(listAllValidator, filters),
          listAllValidator.integer("pageSize", pageSize, 1, 500)
        ),
        Stream.paginateChunkEffect(0, page)
      )
    )
  }

  const createValidator = validator("Sessions.create")
  const create = (params: CreateParams) =>
    Effect.gen(function*() {
      const userId = yield* createValidator.id("userId", params.userId)
      if (params.activeOrganizationId !== undefined) {
        yield* createValidator.id("activeOrganizationId", params.activeOrganizationId)
      }
      return yield* http.execute({
        method: "POST",
        path: ["sessions"],
        body: compact({ user_id: userId, active_organization_id: params.activeOrganizationId }),
        idempotent: false,
        decode: decodeSession,
        allow: ["NotFound"]
      })
    }).pipe(operationSpan("Sessions.create", { "clerk.user_id": params.userId }))

  const getValidator = validator("Sessions.get")
  const get = (sessionId: string): Effect.Effect<Session, GetError> =>
    Effect.flatMap(getValidator.id("sessionId", sessionId), (id) =>
      http.execute({
        method: "GET",
        path: ["sessions", id],
        idempotent: true,
        decode: decodeSession,
        allow: ["NotFound"],
        coalesce: true
      })).pipe(operationSpan("Sessions.get", { "clerk.session_id": sessionId }))

  const refreshValidator = validator("Sessions.refresh")
  const refresh = ((sessionId: string, params: RefreshParams) =>
    Effect.gen(function*() {
      const v = refreshValidator
      const id = yield* v.id("sessionId", sessionId)
      if (typeof params !== "object" || params === null) {
        return yield* v.fail("params", "must be an object")
      }
      yield* v.nonEmpty("expiredToken", params.expiredToken)
      yield* v.nonEmpty("refreshToken", params.refreshToken)
      yield* v.nonEmpty("requestOrigin", params.requestOrigin)
      yield* v.string("requestOriginatingIp", params.requestOriginatingIp)
      if (params.format !== undefined && params.format !== "token" && params.format !== "cookie") {
        return yield* v.fail("format", "must be \"token\" or \"cookie\"")
      }
      if (params.requestHeaders !== undefined && !isHeaderRecord(params.requestHeaders)) {
        return yield* v.fail("requestHeaders", "must be a record of strings or string arrays")
      }
      return yield* http.execute<Token | Cookies>({
        method: "POST",
        path: ["sessions", id, "refresh"],
        body: compact({
          expired_token: params.expiredToken,
          refresh_token: params.refreshToken,
          request_origin: params.requestOrigin,
          request_headers: params.requestHeaders,
          request_originating_ip: params.requestOriginatingIp,
          format: params.format,
          suffixed_cookies: params.suffixedCookies
        }),
        idempotent: true,
        decode: params.format === "cookie" ? decodeCookies : decodeToken,
        allow: []
      })
    }).pipe(
      operationSpan("Sessions.refresh", { "clerk.session_id": sessionId, "clerk.format": params?.format })
    )) as Refresh

  const revokeValidator = validator("Sessions.revoke")
  const revoke = (sessionId: string): Effect.Effect<Session, RevokeError> =>
    Effect.flatMap(revokeValidator.id("sessionId", sessionId), (id) =>
      http.execute({
        method: "POST",
        path: ["sessions", id, "revoke"],
        idempotent: true,
        decode: decodeSession,
        allow: ["NotFound"]
      })).pipe(operationSpan("Sessions.revoke", { "clerk.session_id": sessionId }))

  const verifyValidator = validator("Sessions.verify")
  const verify = (sessionId: string, params: VerifyParams) =>
    Effect.gen(function*() {
      const id = yield* verifyValidator.id("sessionId", sessionId)
      const token = yield* verifyValidator.nonEmpty("token", params?.token)
      return yield* http.execute({
        method: "POST",
        path: ["sessions", id, "verify"],
        body: { token },
        idempotent: true,
        decode: decodeSession,
        allow: ["NotFound", "Gone"]
      })
    }).pipe(operationSpan("Sessions.verify", { "clerk.session_id": sessionId }))

  const tokenRequest = (
    v: ReturnType<typeof validator>,
    sessionId: string,
    // boxed: a template name that is `undefined` at run time is invalid, not a request to the default-token route
    template: { readonly name: string } | undefined,
    params: CreateTokenParams
  ) =>
    Effect.gen(function*() {
      const id = yield* v.id("sessionId", sessionId)
      const name = template === undefined ? undefined : yield* v.id("templateName", template.name)
      const expiresInSeconds = yield* v.integer(
        "expiresInSeconds",
        params?.expiresInSeconds,
        tokenLifetime.min,
        tokenLifetime.max
      )
      return yield* http.execute({
        method: "POST",
        path: name === undefined ? ["sessions", id, "tokens"] : ["sessions", id, "tokens", name],
        body: compact({ expires_in_seconds: expiresInSeconds }),
        idempotent: true,
        decode: decodeToken,
        allow: ["NotFound"]
      })
    })

  const createTokenValidator = validator("Sessions.createToken")
  const createToken = (sessionId: string, params: CreateTokenParams = {}) =>
    tokenRequest(createTokenValidator, sessionId, undefined, params).pipe(
      operationSpan("Sessions.createToken", { "clerk.session_id": sessionId })
    )

  const fromTemplateValidator = validator("Sessions.createTokenFromTemplate")
  const createTokenFromTemplate = (sessionId: string, templateName: string, params: CreateTokenParams = {}) =>
    tokenRequest(fromTemplateValidator, sessionId, { name: templateName }, params).pipe(
      operationSpan("Sessions.createTokenFromTemplate", {
        "clerk.session_id": sessionId,
        "clerk.template": templateName
      })
    )

  return Sessions.of({
    ...Generated.operations(http),
    list,
    listAll,
    create,
    get,
    refresh,
    revoke,
    verify,
    createToken,
    createTokenFromTemplate
  })
})

const isHeaderRecord = (value: unknown): boolean =>
  typeof value === "object" && value !== null && !Array.isArray(value) &&
  Object.values(value).every((v) =>
    typeof v === "string" || (Array.isArray(v) && v.every((item) => typeof item === "string"))
  )

/**
 * The service as a layer over `ClerkHttpClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Sessions, never, ClerkHttpClient> = Layer.effect(Sessions, make)

/**
 * One page of sessions, newest first: `{ data, totalCount }`.
 *
 * @since 0.1.0
 * @category accessors
 */
export const list = (params?: ListParams): Effect.Effect<SessionPage, ListError, Sessions> =>
  Effect.flatMap(Sessions, (s) => s.list(params))

/**
 * Every session matching the filters, as a stream that fetches pages (`paginated=true`) as it is pulled.
 *
 * @since 0.1.0
 * @category accessors
 */
export const listAll = (params?: ListAllParams): Stream.Stream<Session, ListError, Sessions> =>
  Stream.unwrap(Effect.map(Sessions, (s) => s.listAll(params)))

/**
 * Creates an active session for `userId`.
 *
 * @since 0.1.0
 * @category accessors
 */
export const create = (params: CreateParams): Effect.Effect<Session, CreateError, Sessions> =>
  Effect.flatMap(Sessions, (s) => s.create(params))

/**
 * Retrieves a session.
 *
 * @since 0.1.0
 * @category accessors
 */
export const get = (sessionId: string): Effect.Effect<Session, GetError, Sessions> =>
  Effect.flatMap(Sessions, (s) => s.get(sessionId))

/**
 * Refreshes a session: a new `Token`, or `Cookies` with `format: "cookie"`.
 *
 * @since 0.1.0
 * @category accessors
 */
export const refresh: {
  (sessionId: string, params: RefreshParams & { readonly format: "cookie" }): Effect.Effect<
    Cookies,
    RefreshError,
    Sessions
  >
  (sessionId: string, params: RefreshParams & { readonly format?: "token" | undefined }): Effect.Effect<
    Token,
    RefreshError,
    Sessions
  >
  (sessionId: string, params: RefreshParams): Effect.Effect<Token | Cookies, RefreshError, Sessions>
} = (sessionId: string, params: RefreshParams) => Effect.flatMap(Sessions, (s) => s.refresh(sessionId, params)) as any

/**
 * Revokes a session; answers it with status `revoked`.
 *
 * @since 0.1.0
 * @category accessors
 */
export const revoke = (sessionId: string): Effect.Effect<Session, RevokeError, Sessions> =>
  Effect.flatMap(Sessions, (s) => s.revoke(sessionId))

/**
 * Verifies a session token against a session.
 *
 * @deprecated Clerk removed this endpoint in API version 2025-04-10: it fails with `Gone` there. Verify session
 * tokens (JWTs) networklessly instead.
 * @since 0.1.0
 * @category accessors
 */
export const verify = (sessionId: string, params: VerifyParams): Effect.Effect<Session, VerifyError, Sessions> =>
  Effect.flatMap(Sessions, (s) => s.verify(sessionId, params))

/**
 * Creates a session token (JWT).
 *
 * @since 0.1.0
 * @category accessors
 */
export const createToken = (
  sessionId: string,
  params?: CreateTokenParams
): Effect.Effect<Token, CreateTokenError, Sessions> => Effect.flatMap(Sessions, (s) => s.createToken(sessionId, params))

/**
 * Creates a session token from a JWT template.
 *
 * @since 0.1.0
 * @category accessors
 */
export const createTokenFromTemplate = (
  sessionId: string,
  templateName: string,
  params?: CreateTokenParams
): Effect.Effect<Token, CreateTokenError, Sessions> =>
  Effect.flatMap(Sessions, (s) => s.createTokenFromTemplate(sessionId, templateName, params))
