import { Clock, Effect, Redacted } from "effect"
import * as Jose from "jose"
import type { Handle } from "../../../src/emulator/ClerkEmulator.js"

export interface Reply {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  readonly json: any
}

export interface CallOptions {
  /** JSON body (serialised), or a raw string sent as is. */
  readonly body?: unknown
  readonly raw?: string
  /** `Clerk-API-Version`; none when undefined. */
  readonly version?: string
  /** `false` sends no Authorization header, a string sends it verbatim. */
  readonly authorization?: string | false
  readonly headers?: Record<string, string>
  readonly signal?: AbortSignal
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export const request = (emulator: Handle, method: string, path: string, options: CallOptions = {}) =>
  Effect.promise(() => send(emulator.fetch, `${emulator.url}${path}`, emulator, method, options))

export const send = async (
  fetch: typeof globalThis.fetch,
  url: string,
  emulator: Handle,
  method: string,
  options: CallOptions = {}
): Promise<Reply> => {
  const headers: Record<string, string> = { ...options.headers }
  if (options.authorization !== false) {
    headers.authorization = options.authorization ?? `Bearer ${Redacted.value(emulator.secretKey)}`
  }
  if (options.version !== undefined) {
    headers["clerk-api-version"] = options.version
  }
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body))
  if (body !== undefined) {
    headers["content-type"] ??= "application/json"
  }
  const response = await fetch(url, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    ...(options.signal === undefined ? {} : { signal: options.signal })
  })
  const text = await response.text()
  return { status: response.status, headers: response.headers, text, json: parse(text) }
}

export const get = (emulator: Handle, path: string, options?: CallOptions) => request(emulator, "GET", path, options)

export const post = (emulator: Handle, path: string, options?: CallOptions) => request(emulator, "POST", path, options)

/** Verifies a JWT against the emulator's JWKS (as served at /v1/jwks), at the emulator's clock time. */
export const verifyJwt = (emulator: Handle, jwt: string) =>
  Effect.gen(function*() {
    const jwks = yield* get(emulator, "/v1/jwks")
    const now = yield* Clock.currentTimeMillis
    const { payload, protectedHeader } = yield* Effect.promise(() =>
      Jose.jwtVerify(jwt, Jose.createLocalJWKSet(jwks.json), { currentDate: new Date(now), issuer: emulator.issuer })
    )
    return { payload, protectedHeader, now }
  })

/** Polls until the predicate holds (real time), for effects of background fibers such as an abort. */
export const eventually = <A, R>(effect: Effect.Effect<A, never, R>, predicate: (a: A) => boolean) =>
  Effect.gen(function*() {
    for (let attempt = 0; attempt < 200; attempt++) {
      const value = yield* effect
      if (predicate(value)) {
        return value
      }
      yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 5)))
    }
    return yield* Effect.dieMessage("condition never held")
  })

export const firstActive = (emulator: Handle) =>
  Effect.map(emulator.sessions, (sessions) => {
    const session = sessions.find((session) => session.status === "active")
    if (session === undefined) {
      throw new Error("the seed has no active session")
    }
    return session
  })
