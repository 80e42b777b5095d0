/**
 * The JSON shapes the emulator sends, named and cased exactly as in the contract
 * (`spec/openapi-sessions-signintokens.yml`): snake_case keys, unix-ms timestamps, `object` tags.
 * They are plain types: the emulator is independent of the client's schemas.
 *
 * @since 0.1.0
 */

/**
 * Every session status the emulator can store (the contract's `Session.status` enum).
 *
 * @since 0.1.0
 * @category models
 */
export type SessionStatus = "active" | "revoked" | "ended" | "expired" | "removed" | "abandoned" | "replaced"

/**
 * Every status accepted by the `status` filter of `GET /v1/sessions` (the enum plus `pending`).
 *
 * @since 0.1.0
 * @category models
 */
export const sessionStatusFilters: ReadonlyArray<string> = [
  "abandoned",
  "active",
  "ended",
  "expired",
  "pending",
  "removed",
  "replaced",
  "revoked"
]

/**
 * `SessionActivityResponse` of the contract.
 *
 * @since 0.1.0
 * @category models
 */
export interface WireSessionActivity {
  readonly object: "session_activity"
  readonly id: string
  readonly device_type: string
  readonly is_mobile: boolean
  readonly browser_name: string
  readonly browser_version: string
  readonly ip_address: string
  readonly city: string
  readonly country: string
}

/**
 * `Session` of the contract.
 *
 * @since 0.1.0
 * @category models
 */
export interface WireSession {
  readonly object: "session"
  readonly id: string
  readonly user_id: string
  readonly client_id: string
  readonly actor: Readonly<Record<string, unknown>> | null
  readonly status: SessionStatus
  readonly last_active_organization_id: string | null
  readonly last_active_at: number
  readonly latest_activity: WireSessionActivity | null
  readonly expire_at: number
  readonly abandon_at: number
  readonly updated_at: number
  readonly created_at: number
}

/**
 * The body of `GET /v1/sessions?paginated=true`.
 *
 * @since 0.1.0
 * @category models
 */
export interface WireSessionPage {
  readonly data: ReadonlyArray<WireSession>
  readonly total_count: number
}

/**
 * Sign-in token status (the contract's `SignInToken.status` enum).
 *
 * @since 0.1.0
 * @category models
 */
export type SignInTokenStatus = "pending" | "accepted" | "revoked"

/**
 * `SignInToken` of the contract. `token` and `url` are only sent in the response that creates it.
 *
 * @since 0.1.0
 * @category models
 */
export interface WireSignInToken {
  readonly object: "sign_in_token"
  readonly id: string
  readonly status: SignInTokenStatus
  readonly user_id: string
  readonly token?: string
  readonly url?: string | null
  readonly created_at: number
  readonly updated_at: number
}

/**
 * `Token` of the contract.
 *
 * @since 0.1.0
 * @category models
 */
export interface WireToken {
  readonly object: "token"
  readonly jwt: string
}

/**
 * `Cookies` of the contract.
 *
 * @since 0.1.0
 * @category models
 */
export interface WireCookies {
  readonly object: "cookies"
  readonly cookies: ReadonlyArray<string>
}

/**
 * `ClerkError` of the contract.
 *
 * @since 0.1.0
 * @category models
 */
export interface WireClerkError {
  readonly message: string
  readonly long_message: string
  readonly code: string
  readonly meta?: Readonly<Record<string, unknown>>
}

/**
 * `ClerkErrors` of the contract: the body of every error response.
 *
 * @since 0.1.0
 * @category models
 */
export interface WireClerkErrors {
  readonly errors: ReadonlyArray<WireClerkError>
  readonly clerk_trace_id: string
}

/**
 * A user as the emulator shows it in snapshots: names and primary email address (`GET /v1/users/{id}` answers
 * the whole object).
 *
 * @since 0.1.0
 * @category models
 */
export interface WireUser {
  readonly object: "user"
  readonly id: string
  readonly first_name: string | null
  readonly last_name: string | null
  readonly email_address: string | null
  readonly created_at: number
  readonly updated_at: number
}

/**
 * A client (a browser or device holding sessions) as the emulator shows it in snapshots.
 *
 * @since 0.1.0
 * @category models
 */
export interface WireClient {
  readonly object: "client"
  readonly id: string
  readonly user_id: string
  readonly session_ids: ReadonlyArray<string>
  readonly created_at: number
  readonly updated_at: number
}

/**
 * An organization as the emulator shows it in snapshots (organizations are not part of the contract).
 *
 * @since 0.3.0
 * @category models
 */
export interface WireOrganization {
  readonly object: "organization"
  readonly id: string
  readonly name: string
  readonly slug: string
  readonly features: ReadonlyArray<string>
  readonly memberships: ReadonlyArray<{ readonly user_id: string; readonly role: string }>
  readonly created_at: number
}

/**
 * One public key of `GET /v1/jwks`.
 *
 * @since 0.1.0
 * @category models
 */
export interface WireJwk {
  readonly kty: string
  readonly kid: string
  readonly alg: string
  readonly use: string
  readonly n: string
  readonly e: string
}

/**
 * The body of `GET /v1/jwks`.
 *
 * @since 0.1.0
 * @category models
 */
export interface WireJwks {
  readonly keys: ReadonlyArray<WireJwk>
}
