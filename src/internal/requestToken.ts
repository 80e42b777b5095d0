/**
 * Where a request carries its session token: `Authorization: Bearer <jwt>` first (what a frontend's `getToken()`
 * sends), else the `__session` cookie (what the browser sends to a same-site backend).
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

/**
 * The session token of `request`: the bearer token when an `Authorization: Bearer` header is present (even an
 * invalid one: the cookie is then not consulted), else the `__session` cookie, else `undefined`.
 */
export const requestToken = (request: RequestLike): string | undefined => {
  const authorization = header(request, "authorization")
  if (authorization !== undefined) {
    const match = bearer.exec(authorization)
    if (match !== null) return match[1]
  }
  const cookie = header(request, "cookie")
  return cookie === undefined ? undefined : sessionCookie(cookie)
}
