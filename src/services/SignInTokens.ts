/**
 * Clerk sign-in tokens: one-time tickets that sign a user in without a password.
 *
 * ```ts
 * const ticket = yield* SignInTokens.create({ userId: "user_123", expiresInSeconds: 600 })
 * yield* SignInTokens.revoke(ticket.id)
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import type { CommonError, NotFound } from "../errors/ClerkError.js"
import { operationSpan } from "../internal/operationSpan.js"
import { compact, validator } from "../internal/validate.js"
import { type SignInToken, SignInTokenFromWire } from "../schemas/SignInToken.js"
import { ClerkHttpClient } from "./ClerkHttpClient.js"
import * as Generated from "./operations/SignInTokens.js"

/**
 * The operations generated from Clerk's description (`createSignInToken`…): their inputs, errors and accessors.
 *
 * @since 0.4.0
 */
export * from "./operations/SignInTokens.js"

/**
 * Parameters of `create`. `expiresInSeconds` is an integer >= 1 (Clerk's default: 30 days).
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateParams {
  readonly userId: string
  readonly expiresInSeconds?: number | undefined
  readonly orgId?: string | undefined
}

/**
 * @since 0.1.0
 * @category errors
 */
export type CreateError = CommonError | NotFound
/**
 * @since 0.1.0
 * @category errors
 */
export type RevokeError = CommonError | NotFound

/**
 * The Sign-in Tokens API.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service extends Generated.Operations {
  /** Creates a sign-in token. Not retried unless Clerk surely did not act (429, 503, refused connection). */
  readonly create: (params: CreateParams) => Effect.Effect<SignInToken, CreateError>
  /** Revokes a pending sign-in token; answers it with status `revoked`. */
  readonly revoke: (signInTokenId: string) => Effect.Effect<SignInToken, RevokeError>
}

/**
 * The Sign-in Tokens service.
 *
 * @since 0.1.0
 * @category tags
 */
export class SignInTokens extends Context.Tag("effect-clerk/SignInTokens")<SignInTokens, Service>() {}

const decodeSignInToken = Schema.decodeUnknown(SignInTokenFromWire)

/**
 * Builds the service over `ClerkHttpClient`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, ClerkHttpClient> = Effect.gen(function*() {
  const http = yield* ClerkHttpClient

  const createValidator = validator("SignInTokens.create")
  const create = (params: CreateParams) =>
    Effect.gen(function*() {
      const v = createValidator
      const userId = yield* v.id("userId", params.userId)
      if (params.orgId !== undefined) yield* v.id("orgId", params.orgId)
      yield* v.integer("expiresInSeconds", params.expiresInSeconds, 1, Number.MAX_SAFE_INTEGER)
      return yield* http.execute({
        method: "POST",
        path: ["sign_in_tokens"],
        body: compact({ user_id: userId, expires_in_seconds: params.expiresInSeconds, org_id: params.orgId }),
        idempotent: false,
        decode: decodeSignInToken,
        allow: ["NotFound"]
      })
    }).pipe(operationSpan("SignInTokens.create", { "clerk.user_id": params.userId, "clerk.org_id": params.orgId }))

  const revokeValidator = validator("SignInTokens.revoke")
  const revoke = (signInTokenId: string): Effect.Effect<SignInToken, RevokeError> =>
    Effect.flatMap(revokeValidator.id("signInTokenId", signInTokenId), (id) =>
      http.execute({
        method: "POST",
        path: ["sign_in_tokens", id, "revoke"],
        idempotent: true,
        decode: decodeSignInToken,
        allow: ["NotFound"]
      })).pipe(operationSpan("SignInTokens.revoke", { "clerk.sign_in_token_id": signInTokenId }))

  return SignInTokens.of({ ...Generated.operations(http), create, revoke })
})

/**
 * The service as a layer over `ClerkHttpClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<SignInTokens, never, ClerkHttpClient> = Layer.effect(SignInTokens, make)

/**
 * Creates a sign-in token for `userId`.
 *
 * @since 0.1.0
 * @category accessors
 */
export const create = (params: CreateParams): Effect.Effect<SignInToken, CreateError, SignInTokens> =>
  Effect.flatMap(SignInTokens, (s) => s.create(params))

/**
 * Revokes a sign-in token.
 *
 * @since 0.1.0
 * @category accessors
 */
export const revoke = (signInTokenId: string): Effect.Effect<SignInToken, RevokeError, SignInTokens> =>
  Effect.flatMap(SignInTokens, (s) => s.revoke(signInTokenId))
