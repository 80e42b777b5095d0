/**
 * What the emulator's route handlers share: their type, path parameters, session lookup.
 *
 * @since 0.1.0
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import type * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import type * as Instance from "./Instance.js"
import * as Problem from "./Problem.js"
import type * as RequestContext from "./RequestContext.js"
import type { WireSession } from "./Wire.js"

/**
 * The path parameter `name` of the matched route.
 *
 * @since 0.1.0
 * @category accessors
 */
export const param = (name: string): Effect.Effect<string, never, HttpRouter.RouteContext> =>
  Effect.map(HttpRouter.params, (params) => params[name] ?? "")

/**
 * The session with this id, or a `resource_not_found` problem with the given status.
 *
 * @since 0.1.0
 * @category accessors
 */
export const findSession = (
  instance: Instance.Instance,
  sessionId: string,
  status = 404
): Effect.Effect<WireSession, Problem.Problem> =>
  Effect.flatMap(Ref.get(instance.state), (state) => {
    const session = state.sessions.get(sessionId)
    return session === undefined
      ? Effect.fail(Problem.withStatus(Problem.notFound(`No session was found with id ${sessionId}.`), status))
      : Effect.succeed(session)
  })

/**
 * A route handler of the emulator.
 *
 * @since 0.1.0
 * @category models
 */
export type Handler = Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  Problem.Problem,
  HttpRouter.RouteContext | HttpServerRequest.HttpServerRequest | RequestContext.RequestBody
>
