import { Effect, Stream } from "effect"
import type { ClerkError } from "../../src/index.js"
import { Sessions, SignInTokens } from "../../src/index.js"
import { json } from "./FakeFetch.js"
import { jwt, wireSession, wireSignInToken } from "./Fixtures.js"

/** Every operation of the client, with what it sends and what Clerk documents for it. */
export interface Operation {
  readonly name: string
  readonly method: "GET" | "POST"
  /** Path the request goes to (no query). */
  readonly path: string
  readonly run: Effect.Effect<unknown, ClerkError, Sessions.Sessions | SignInTokens.SignInTokens>
  /** A documented 2xx answer. */
  readonly ok: () => Response
  /** Whether Clerk documents a 404 (→ `NotFound`) for it. */
  readonly notFound: boolean
  /** Whether Clerk documents a 410 (→ `Gone`) for it. */
  readonly gone: boolean
  /** Whether it is safe to repeat (5xx and transport failures are retried). */
  readonly idempotent: boolean
  /** Span name and some of its attributes. */
  readonly span: string
  readonly attributes: Readonly<Record<string, unknown>>
}

const refreshParams = {
  expiredToken: jwt,
  refreshToken: "refresh_SECRET_VALUE",
  requestOrigin: "https://app.example.test"
}

export const operations: ReadonlyArray<Operation> = [
  {
    name: "Sessions.list",
    method: "GET",
    path: "/v1/sessions",
    run: Sessions.list({ userId: "user_123" }),
    ok: () => json(200, { data: [wireSession()], total_count: 1 }),
    notFound: false,
    gone: false,
    idempotent: true,
    span: "Sessions.list",
    attributes: { "clerk.user_id": "user_123" }
  },
  {
    name: "Sessions.listAll",
    method: "GET",
    path: "/v1/sessions",
    run: Stream.runCollect(Sessions.listAll({ userId: "user_123" })),
    ok: () => json(200, { data: [wireSession()], total_count: 1 }),
    notFound: false,
    gone: false,
    idempotent: true,
    span: "Sessions.listAll",
    attributes: { "clerk.user_id": "user_123", "clerk.offset": 0, "clerk.limit": 100 }
  },
  {
    name: "Sessions.create",
    method: "POST",
    path: "/v1/sessions",
    run: Sessions.create({ userId: "user_123" }),
    ok: () => json(200, wireSession()),
    notFound: true,
    gone: false,
    idempotent: false,
    span: "Sessions.create",
    attributes: { "clerk.user_id": "user_123" }
  },
  {
    name: "Sessions.get",
    method: "GET",
    path: "/v1/sessions/sess_123",
    run: Sessions.get("sess_123"),
    ok: () => json(200, wireSession()),
    notFound: true,
    gone: false,
    idempotent: true,
    span: "Sessions.get",
    attributes: { "clerk.session_id": "sess_123" }
  },
  {
    name: "Sessions.refresh (token)",
    method: "POST",
    path: "/v1/sessions/sess_123/refresh",
    run: Sessions.refresh("sess_123", refreshParams),
    ok: () => json(200, { object: "token", jwt }),
    notFound: false,
    gone: false,
    idempotent: true,
    span: "Sessions.refresh",
    attributes: { "clerk.session_id": "sess_123" }
  },
  {
    name: "Sessions.refresh (cookie)",
    method: "POST",
    path: "/v1/sessions/sess_123/refresh",
    run: Sessions.refresh("sess_123", { ...refreshParams, format: "cookie" }),
    ok: () => json(200, { object: "cookies", cookies: [`__session=${jwt}; Path=/; Secure; HttpOnly`] }),
    notFound: false,
    gone: false,
    idempotent: true,
    span: "Sessions.refresh",
    attributes: { "clerk.session_id": "sess_123", "clerk.format": "cookie" }
  },
  {
    name: "Sessions.revoke",
    method: "POST",
    path: "/v1/sessions/sess_123/revoke",
    run: Sessions.revoke("sess_123"),
    ok: () => json(200, wireSession({ status: "revoked" })),
    notFound: true,
    gone: false,
    idempotent: true,
    span: "Sessions.revoke",
    attributes: { "clerk.session_id": "sess_123" }
  },
  {
    name: "Sessions.verify",
    method: "POST",
    path: "/v1/sessions/sess_123/verify",
    run: Sessions.verify("sess_123", { token: jwt }),
    ok: () => json(200, wireSession()),
    notFound: true,
    gone: true,
    idempotent: true,
    span: "Sessions.verify",
    attributes: { "clerk.session_id": "sess_123" }
  },
  {
    name: "Sessions.createToken",
    method: "POST",
    path: "/v1/sessions/sess_123/tokens",
    run: Sessions.createToken("sess_123"),
    ok: () => json(200, { object: "token", jwt }),
    notFound: true,
    gone: false,
    idempotent: true,
    span: "Sessions.createToken",
    attributes: { "clerk.session_id": "sess_123" }
  },
  {
    name: "Sessions.createTokenFromTemplate",
    method: "POST",
    path: "/v1/sessions/sess_123/tokens/supabase",
    run: Sessions.createTokenFromTemplate("sess_123", "supabase"),
    ok: () => json(200, { object: "token", jwt }),
    notFound: true,
    gone: false,
    idempotent: true,
    span: "Sessions.createTokenFromTemplate",
    attributes: { "clerk.session_id": "sess_123", "clerk.template": "supabase" }
  },
  {
    name: "SignInTokens.create",
    method: "POST",
    path: "/v1/sign_in_tokens",
    run: SignInTokens.create({ userId: "user_123" }),
    ok: () => json(200, wireSignInToken()),
    notFound: true,
    gone: false,
    idempotent: false,
    span: "SignInTokens.create",
    attributes: { "clerk.user_id": "user_123" }
  },
  {
    name: "SignInTokens.revoke",
    method: "POST",
    path: "/v1/sign_in_tokens/sit_123/revoke",
    run: SignInTokens.revoke("sit_123"),
    ok: () => json(200, wireSignInToken({ status: "revoked", token: null, url: null })),
    notFound: true,
    gone: false,
    idempotent: true,
    span: "SignInTokens.revoke",
    attributes: { "clerk.sign_in_token_id": "sit_123" }
  }
]
