/**
 * The emulator's machine credentials: M2M tokens (opaque `mt_…` or JWT), API keys (`ak_…`) and OAuth access tokens
 * (opaque `oat_…` or JWT, `typ` `at+jwt`), issued, verified and revoked as Clerk's Backend API does
 * (`clerk-bapi-2026-05-12.yml`: `/m2m_tokens`, `/api_keys`, `/oauth_applications/access_tokens/verify`). JWTs are
 * signed with the instance's current key, so `ClerkAuth` verifies them networklessly like Clerk's.
 *
 * @since 0.4.0
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Ids from "./Ids.js"
import * as Signer from "./Signer.js"

/**
 * The kinds of machine credential.
 *
 * @since 0.4.0
 * @category models
 */
export type Kind = "m2m_token" | "oauth_token" | "api_key"

/**
 * One issued credential, as the emulator keeps it.
 *
 * @since 0.4.0
 * @category models
 */
export interface Credential {
  readonly kind: Kind
  /** `mt_…`, `oat_…`, `ak_…` followed by 32 hex digits. */
  readonly id: string
  /** What a client sends: the opaque secret, or the JWT. */
  readonly token: string
  readonly format: "opaque" | "jwt"
  readonly subject: string
  readonly scopes: ReadonlyArray<string>
  readonly claims: Readonly<Record<string, unknown>> | null
  /** An API key's name. */
  readonly name: string | null
  /** An OAuth access token's application. */
  readonly clientId: string | null
  /** Unix milliseconds; `null`: never expires. */
  readonly expiration: number | null
  readonly revoked: boolean
  readonly revocationReason: string | null
  readonly createdAt: number
  readonly updatedAt: number
}

/**
 * The credentials of an instance, by id.
 *
 * @since 0.4.0
 * @category models
 */
export type Store = Ref.Ref<ReadonlyMap<string, Credential>>

/**
 * An empty store.
 *
 * @since 0.4.0
 * @category constructors
 */
export const makeStore: Effect.Effect<Store> = Ref.make<ReadonlyMap<string, Credential>>(new Map())

/**
 * What to issue. Defaults: a fresh `mch_…` subject for M2M tokens, `user_…` for API keys and OAuth tokens, no
 * scopes or claims, 1 hour (M2M and OAuth tokens) or no expiry (API keys), opaque format.
 *
 * @since 0.4.0
 * @category models
 */
export interface IssueOptions {
  readonly subject?: string | undefined
  readonly scopes?: ReadonlyArray<string> | undefined
  readonly claims?: Readonly<Record<string, unknown>> | undefined
  /** Lifetime in seconds; `null` for a credential that never expires. Zero or less gives an expired one. */
  readonly secondsUntilExpiration?: number | null | undefined
  readonly format?: "opaque" | "jwt" | undefined
  /** An API key's name (default `"emulator-key"`). */
  readonly name?: string | undefined
  /** An OAuth token's application (default a fresh `client_…`). */
  readonly clientId?: string | undefined
  /** An OAuth JWT access token's `aud` (default: none). */
  readonly audience?: string | ReadonlyArray<string> | undefined
}

const prefixes: Record<Kind, string> = { m2m_token: "mt_", oauth_token: "oat_", api_key: "ak_" }

const hex = (length: number) => {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(length / 2))
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")
}

const defaultSubject = (kind: Kind) => kind === "m2m_token" ? `mch_${Ids.random(27)}` : `user_${Ids.random(27)}`

/** The claims and header of a JWT credential. */
const jwt = (
  kind: Kind,
  fields: { id: string; subject: string; scopes: ReadonlyArray<string>; clientId: string | null },
  options: IssueOptions,
  issuer: string,
  nowSeconds: number,
  expiresAt: number | null
): { readonly claims: Record<string, unknown>; readonly header: Signer.Header } => {
  const times = { iat: nowSeconds, nbf: nowSeconds - 5, ...(expiresAt === null ? {} : { exp: expiresAt / 1000 }) }
  if (kind === "m2m_token") {
    return {
      claims: {
        ...options.claims,
        iss: issuer,
        sub: fields.subject,
        jti: fields.id,
        scopes: fields.scopes.join(" "),
        ...times
      },
      header: { typ: "JWT", ...Signer.category.m2m }
    }
  }
  return {
    claims: {
      ...options.claims,
      iss: issuer,
      sub: fields.subject,
      jti: fields.id,
      client_id: fields.clientId,
      scp: fields.scopes,
      ...(options.audience === undefined ? {} : { aud: options.audience }),
      ...times
    },
    header: { typ: "at+jwt" }
  }
}

/**
 * Issues a credential of `kind` and keeps it.
 *
 * @since 0.4.0
 * @category constructors
 */
export const issue = (
  store: Store,
  signer: Signer.Signer,
  issuer: string,
  kind: Kind,
  now: number,
  options: IssueOptions = {}
): Effect.Effect<Credential> =>
  Effect.gen(function*() {
    const format = kind === "api_key" ? "opaque" : options.format ?? "opaque"
    const lifetime = options.secondsUntilExpiration === undefined
      ? (kind === "api_key" ? null : 3600)
      : options.secondsUntilExpiration
    const expiration = lifetime === null ? null : now + lifetime * 1000
    const id = `${prefixes[kind]}${hex(32)}`
    const subject = options.subject ?? defaultSubject(kind)
    const scopes = options.scopes ?? []
    const clientId = kind === "oauth_token" ? options.clientId ?? `client_${Ids.random(27)}` : null
    const token = format === "jwt"
      ? yield* Effect.suspend(() => {
        const { claims, header } = jwt(
          kind,
          { id, subject, scopes, clientId },
          options,
          issuer,
          Math.floor(now / 1000),
          expiration
        )
        return signer.sign(claims, header)
      })
      : `${prefixes[kind]}${Ids.random(48)}`
    const credential: Credential = {
      kind,
      id,
      token,
      format,
      subject,
      scopes,
      claims: options.claims ?? null,
      name: kind === "api_key" ? options.name ?? "emulator-key" : null,
      clientId,
      expiration,
      revoked: false,
      revocationReason: null,
      createdAt: now,
      updatedAt: now
    }
    yield* Ref.update(store, (all) => new Map(all).set(id, credential))
    return credential
  })

/**
 * Revokes the credential with this id; `undefined` when there is none.
 *
 * @since 0.4.0
 * @category constructors
 */
export const revoke = (
  store: Store,
  id: string,
  now: number,
  reason: string | null = null
): Effect.Effect<Credential | undefined> =>
  Ref.modify(store, (all): readonly [Credential | undefined, ReadonlyMap<string, Credential>] => {
    const credential = all.get(id)
    if (credential === undefined) return [undefined, all]
    const revoked = { ...credential, revoked: true, revocationReason: reason, updatedAt: now }
    return [revoked, new Map(all).set(id, revoked)]
  })

/**
 * The credential of `kind` a client sent (its opaque secret), if the instance issued it.
 *
 * @since 0.4.0
 * @category accessors
 */
export const find = (store: Store, kind: Kind, token: string): Effect.Effect<Credential | undefined> =>
  Effect.map(Ref.get(store), (all) => {
    for (const credential of all.values()) {
      if (credential.kind === kind && credential.token === token) return credential
    }
    return undefined
  })

/**
 * The wire form of a credential, as the verify and create operations answer it (`created` adds the secret).
 *
 * @since 0.4.0
 * @category models
 */
export const wire = (credential: Credential, now: number, created = false): Record<string, unknown> => {
  const common = {
    id: credential.id,
    subject: credential.subject,
    claims: credential.claims,
    scopes: credential.scopes,
    revoked: credential.revoked,
    revocation_reason: credential.revocationReason,
    expired: credential.expiration !== null && credential.expiration <= now,
    expiration: credential.expiration,
    created_at: credential.createdAt,
    updated_at: credential.updatedAt
  }
  switch (credential.kind) {
    case "m2m_token":
      return {
        object: "machine_to_machine_token",
        ...common,
        last_used_at: null,
        ...(created ? { token: credential.token } : {})
      }
    case "api_key":
      return {
        object: "api_key",
        type: "api_key",
        name: credential.name,
        description: null,
        created_by: null,
        last_used_at: null,
        ...common,
        ...(created ? { secret: credential.token } : {})
      }
    case "oauth_token":
      return { object: "clerk_idp_oauth_access_token", client_id: credential.clientId, ...common }
  }
}
