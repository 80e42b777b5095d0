/**
 * What a route handler reads about the current request besides `HttpServerRequest`: its JSON body
 * (its text is read once by the app, before routing), its query and the emulator's clock.
 *
 * @since 0.1.0
 */
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Problem from "./Problem.js"

/**
 * The request's body text (empty when there is none).
 *
 * @since 0.1.0
 * @category tags
 */
export class RequestBody extends Context.Tag("effect-clerk/emulator/RequestBody")<RequestBody, {
  readonly text: string
}>() {}

/**
 * The request's JSON body: `undefined` when empty, a 400 `request_body_invalid` when it is not JSON.
 *
 * @since 0.1.0
 * @category accessors
 */
export const body: Effect.Effect<unknown, Problem.Problem, RequestBody> = Effect.flatMap(
  RequestBody,
  ({ text }) =>
    text.trim().length === 0
      ? Effect.succeed(undefined)
      : Effect.try({ try: (): unknown => JSON.parse(text), catch: () => Problem.requestBodyInvalid() })
)

/**
 * The request's query parameters.
 *
 * @since 0.1.0
 * @category accessors
 */
export const query: Effect.Effect<URLSearchParams, never, HttpServerRequest.HttpServerRequest> = Effect.map(
  HttpServerRequest.HttpServerRequest,
  (request) => new URL(request.url, "http://emulator.invalid").searchParams
)

/**
 * A header of the request (lower-case name), `undefined` when absent.
 *
 * @since 0.1.0
 * @category accessors
 */
export const header = (name: string): Effect.Effect<string | undefined, never, HttpServerRequest.HttpServerRequest> =>
  Effect.map(HttpServerRequest.HttpServerRequest, (request) => request.headers[name])

/**
 * The emulator's current time in unix ms, from the Effect `Clock` (so `TestClock` controls it).
 *
 * @since 0.1.0
 * @category accessors
 */
export const now: Effect.Effect<number> = Clock.currentTimeMillis
