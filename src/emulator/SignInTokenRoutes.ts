/**
 * `/v1/sign_in_tokens` routes: create and revoke.
 *
 * @since 0.1.0
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as Effect from "effect/Effect"
import * as Instance from "./Instance.js"
import * as Model from "./Model.js"
import * as Params from "./Params.js"
import * as Problem from "./Problem.js"
import * as RequestContext from "./RequestContext.js"
import * as Responses from "./Responses.js"
import { type Handler, param } from "./Route.js"

/**
 * Lifetime of a sign-in token when the request does not say (30 days).
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultExpiresInSeconds = 2_592_000

const create = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const body = yield* Params.object(yield* RequestContext.body)
    const userId = yield* Params.requiredString(body, "user_id")
    const expiresInSeconds = yield* Params.optionalInteger(body, "expires_in_seconds", { min: 1 })
    const orgId = yield* Params.optionalString(body, "org_id")
    const now = yield* RequestContext.now
    const record = yield* Instance.update(instance, (state) =>
      Model.createSignInToken(state, {
        userId,
        expiresInSeconds: expiresInSeconds ?? defaultExpiresInSeconds,
        orgId: orgId ?? null
      }, now))
    if (record === undefined) {
      return yield* Problem.notFound(`No user was found with id ${userId}.`, { param_name: "user_id" })
    }
    return Responses.json(Model.wireSignInToken(record, true))
  })

const revoke = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const id = yield* param("sign_in_token_id")
    const now = yield* RequestContext.now
    const result = yield* Instance.update(instance, (state) => Model.revokeSignInToken(state, id, now))
    if (result === undefined) {
      return yield* Problem.notFound(`No sign-in token was found with id ${id}.`)
    }
    const { record, revoked } = result
    if (!revoked) {
      return yield* Problem.badRequest({
        message: "cannot revoke",
        long_message: `Sign-in token ${id} is ${record.status}; only pending sign-in tokens can be revoked.`,
        code: "sign_in_token_cannot_be_revoked",
        meta: { status: record.status }
      })
    }
    return Responses.json(Model.wireSignInToken(record, false))
  })

/**
 * The sign-in token routes of an instance.
 *
 * @since 0.1.0
 * @category routers
 */
export const router = (
  instance: Instance.Instance
): HttpRouter.HttpRouter<Problem.Problem, RequestContext.RequestBody> =>
  HttpRouter.empty.pipe(
    HttpRouter.post("/v1/sign_in_tokens", create(instance)),
    HttpRouter.post("/v1/sign_in_tokens/:sign_in_token_id/revoke", revoke(instance))
  )
