/**
 * Where a request carries its token: `Authorization: Bearer <token>` first (what a frontend's `getToken()` and a
 * machine send), else the `__session` cookie (what the browser sends to a same-site backend; session tokens only).
 *
 * @internal
 */
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"

/** A web `Request` or an `@effect/platform` server request. */
export type RequestLike = globalThis.Request | HttpServerRequest.HttpServerRequest

const header = (request: RequestLike, name: string): string | undefined => {
  const headers = request.headers as unknown
  if (headers instanceof Headers) return headers.get(name) ?? undefined
  const value = (headers as Readonly<Record<string, string | undefined>>)[name]
  return typeof value === "string" ? value : undefined
}

const bearer = /^Bearer +([^\s,]+) *$/i

/** The value of the `__session` cookie of a `Cookie` header, if any. */
export const sessionCookie = (cookie: string): string | undefined => {
  for (const pair of cookie.split(";")) {
    const eq = pair.indexOf("=")
    if (eq !== -1 && pair.slice(0, eq).trim() === "__session") {
      const value = pair.slice(eq + 1).trim()
      return value === "" ? undefined : value
    }
  }
  return undefined
}

/** The token of an `Authorization: Bearer` header, if the request has one. */
export const bearerToken = (request: RequestLike): string | undefined => {
  const authorization = header(request, "authorization")
  if (authorization === undefined) return undefined
  const match = bearer.exec(authorization)
  return match === null ? undefined : match[1]
}

/** The `__session` cookie of the request, if any. */
export const cookieToken = (request: RequestLike): string | undefined => {
  const cookie = header(request, "cookie")
  return cookie === undefined ? undefined : sessionCookie(cookie)
}

/**
 * The session token of `request`: the bearer token when an `Authorization: Bearer` header is present (even an
 * invalid one: the cookie is then not consulted), else the `__session` cookie, else `undefined`.
 */
export const requestToken = (request: RequestLike): string | undefined => bearerToken(request) ?? cookieToken(request)
