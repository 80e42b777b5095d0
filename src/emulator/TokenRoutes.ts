/**
 * `POST /v1/sessions/{id}/tokens[/{template}]`: session tokens (version 2 claims, no `azp`: the
 * request has no browser origin) and template tokens, signed RS256 JWTs with the current key.
 *
 * @since 0.1.0
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import type * as Instance from "./Instance.js"
import * as Params from "./Params.js"
import * as Problem from "./Problem.js"
import * as RequestContext from "./RequestContext.js"
import * as Responses from "./Responses.js"
import { findSession, type Handler, param } from "./Route.js"
import * as SessionTokens from "./SessionTokens.js"
import * as Signer from "./Signer.js"

/**
 * Allowed `expires_in_seconds` of a session token (the contract's bounds).
 *
 * @since 0.1.0
 * @category constants
 */
export const expiresInSecondsRange = { min: 30, max: 315_360_000 } as const

const issue = (instance: Instance.Instance, withTemplate: boolean): Handler =>
  Effect.gen(function*() {
    const sessionId = yield* param("session_id")
    const body = yield* Params.object(yield* RequestContext.body)
    const expiresInSeconds = yield* Params.optionalInteger(body, "expires_in_seconds", expiresInSecondsRange)
    const session = yield* findSession(instance, sessionId)
    const template = withTemplate ? yield* findTemplate(instance, yield* param("template_name")) : undefined
    if (session.status !== "active") {
      return yield* Problem.sessionNotActive(404, sessionId, session.status)
    }
    const now = yield* RequestContext.now
    const lifetimeSeconds = expiresInSeconds ?? template?.lifetimeSeconds ?? SessionTokens.defaultLifetimeSeconds
    const claims = template === undefined
      ? SessionTokens.sessionClaims({
        state: yield* Ref.get(instance.state),
        session,
        issuer: instance.issuer,
        now,
        lifetimeSeconds
      })
      : SessionTokens.claims({ session, issuer: instance.issuer, now, lifetimeSeconds, template })
    const jwt = yield* instance.signer.sign(
      claims,
      template === undefined ? Signer.category.session : Signer.category.template
    )
    return Responses.json({ object: "token", jwt })
  })

const findTemplate = (instance: Instance.Instance, name: string) =>
  Effect.flatMap(Ref.get(instance.state), (state) => {
    const template = state.templates.get(name)
    return template === undefined
      ? Effect.fail(Problem.notFound(`No JWT template was found with name ${name}.`, { param_name: "template_name" }))
      : Effect.succeed(template)
  })

/**
 * The token routes of an instance.
 *
 * @since 0.1.0
 * @category routers
 */
export const router = (
  instance: Instance.Instance
): HttpRouter.HttpRouter<Problem.Problem, RequestContext.RequestBody> =>
  HttpRouter.empty.pipe(
    HttpRouter.post("/v1/sessions/:session_id/tokens", issue(instance, false)),
    HttpRouter.post("/v1/sessions/:session_id/tokens/:template_name", issue(instance, true))
  )
