/**
 * The machine routes: `POST /v1/m2m_tokens` (create), `/v1/m2m_tokens/{id}/revoke`, `/v1/m2m_tokens/verify`,
 * `POST /v1/api_keys` (create), `/v1/api_keys/{id}/revoke`, `/v1/api_keys/verify`, and
 * `POST /v1/oauth_applications/access_tokens/verify`. A verify of an unknown secret is a 404, as Clerk answers;
 * revoked and expired credentials are answered with `revoked`/`expired` set (an expired OAuth JWT-format token as
 * `{ active: false }`). M2M tokens are created with the instance's secret key (Clerk wants a machine's): their
 * subject is the instance's emulated machine.
 *
 * @since 0.4.0
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as Effect from "effect/Effect"
import * as Ids from "./Ids.js"
import type * as Instance from "./Instance.js"
import * as MachineTokens from "./MachineTokens.js"
import * as Params from "./Params.js"
import * as Problem from "./Problem.js"
import * as RequestContext from "./RequestContext.js"
import * as Responses from "./Responses.js"
import { type Handler, param } from "./Route.js"

/**
 * The subject of the M2M tokens created through `POST /v1/m2m_tokens`: one machine per instance.
 *
 * @since 0.4.0
 * @category constants
 */
export const emulatedMachine = (instance: Instance.Instance): string =>
  `mch_${Ids.noise(`machine:${instance.secretKey}`, 27)}`

const notFound = (what: string) => Problem.notFound(`No ${what} was found.`)

const lifetime = (body: Params.Body): Effect.Effect<number | undefined, Problem.Problem> => {
  const value = body.seconds_until_expiration
  if (value === undefined || value === null) return Effect.succeed(undefined)
  return typeof value === "number" && value > 0
    ? Effect.succeed(value)
    : Effect.fail(Problem.paramInvalid("seconds_until_expiration", "seconds_until_expiration must be positive."))
}

const claimsOf = (body: Params.Body): Record<string, unknown> | undefined => {
  const claims = body.claims
  return typeof claims === "object" && claims !== null && !Array.isArray(claims)
    ? claims as Record<string, unknown>
    : undefined
}

const scopesOf = (body: Params.Body): ReadonlyArray<string> | undefined =>
  Array.isArray(body.scopes) && body.scopes.every((scope) => typeof scope === "string") ? body.scopes : undefined

const create = (instance: Instance.Instance, kind: "m2m_token" | "api_key"): Handler =>
  Effect.gen(function*() {
    const body = yield* Params.object(yield* RequestContext.body)
    const now = yield* RequestContext.now
    const options: MachineTokens.IssueOptions = kind === "m2m_token"
      ? {
        subject: emulatedMachine(instance),
        secondsUntilExpiration: yield* lifetime(body),
        claims: claimsOf(body),
        format: (yield* Params.optionalString(body, "token_format")) === "jwt" ? "jwt" : "opaque"
      }
      : {
        subject: yield* Params.requiredString(body, "subject"),
        name: yield* Params.requiredString(body, "name"),
        scopes: scopesOf(body),
        claims: claimsOf(body),
        secondsUntilExpiration: yield* lifetime(body)
      }
    const credential = yield* MachineTokens.issue(
      instance.machines,
      instance.signer,
      instance.issuer,
      kind,
      now,
      options
    )
    return Responses.json(MachineTokens.wire(credential, now, true), kind === "m2m_token" ? 201 : 200)
  })

const revoke = (instance: Instance.Instance, kind: MachineTokens.Kind, idParam: string, what: string): Handler =>
  Effect.gen(function*() {
    const id = yield* param(idParam)
    const body = yield* Params.object(yield* RequestContext.body)
    const reason = yield* Params.optionalString(body, "revocation_reason")
    const now = yield* RequestContext.now
    const credential = yield* MachineTokens.revoke(instance.machines, id, now, reason ?? null)
    if (credential === undefined || credential.kind !== kind) return yield* Effect.fail(notFound(what))
    return Responses.json(MachineTokens.wire(credential, now))
  })

const verify = (instance: Instance.Instance, kind: MachineTokens.Kind, field: string, what: string): Handler =>
  Effect.gen(function*() {
    const body = yield* Params.object(yield* RequestContext.body)
    const secret = yield* Params.requiredString(body, field)
    const now = yield* RequestContext.now
    const credential = yield* MachineTokens.find(instance.machines, kind, secret)
    if (credential === undefined) return yield* Effect.fail(notFound(what))
    const expired = credential.expiration !== null && credential.expiration <= now
    if (kind === "oauth_token" && credential.format === "jwt" && expired) return Responses.json({ active: false })
    return Responses.json(MachineTokens.wire(credential, now))
  })

/**
 * The machine routes of an instance.
 *
 * @since 0.4.0
 * @category routers
 */
export const router = (
  instance: Instance.Instance
): HttpRouter.HttpRouter<Problem.Problem, RequestContext.RequestBody> =>
  HttpRouter.empty.pipe(
    HttpRouter.post("/v1/m2m_tokens", create(instance, "m2m_token")),
    HttpRouter.post("/v1/m2m_tokens/verify", verify(instance, "m2m_token", "token", "machine token")),
    HttpRouter.post("/v1/m2m_tokens/:m2m_token_id/revoke", revoke(instance, "m2m_token", "m2m_token_id", "M2M token")),
    HttpRouter.post("/v1/api_keys", create(instance, "api_key")),
    HttpRouter.post("/v1/api_keys/verify", verify(instance, "api_key", "secret", "API key")),
    HttpRouter.post("/v1/api_keys/:apiKeyID/revoke", revoke(instance, "api_key", "apiKeyID", "API key")),
    HttpRouter.post(
      "/v1/oauth_applications/access_tokens/verify",
      verify(instance, "oauth_token", "access_token", "OAuth access token")
    )
  )
