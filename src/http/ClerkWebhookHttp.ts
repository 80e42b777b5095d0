/**
 * Clerk's webhooks on `@effect/platform` servers, from the raw body: the helpers read the bytes as received (never a
 * parsed and re-serialized body, the most reported webhook bug), bounded by `ClerkWebhooks`' `maxBodySize`, verify
 * them, and hand the handler the decoded event.
 *
 * - `route(path, handle)` adds a `POST` route to an `HttpRouter`;
 * - `endpoint(name, path)` declares an `HttpApi` endpoint and `handleEndpoint(handle)` implements it.
 *
 * With a `ClerkWebhookGuard` in the context, a delivery whose `svix-id` was handled already is answered without
 * running the handler again. Answers: 204 once handled (or already handled); 400 `{ "error": "WebhookInvalid",
 * "reason": … }` for a delivery that does not verify; 503 `{ "error": "WebhookGuardError", "reason": … }` while
 * another run of it is under way or the guard's store is down; a failing handler fails the request (500), so Svix
 * retries it.
 *
 * ```ts
 * const router = HttpRouter.empty.pipe(
 *   ClerkWebhookHttp.route("/webhooks/clerk", (event) =>
 *     event._tag === "UserCreated" ? Console.log(`new user ${event.data.id}`) : Effect.void)
 * )
 * ```
 *
 * @since 0.4.0
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import { WebhookInvalid } from "../errors/WebhookInvalid.js"
import type { WebhookEvent } from "../schemas/WebhookEvent.js"
import { ClerkWebhookGuard, WebhookGuardError } from "../services/ClerkWebhookGuard.js"
import { ClerkWebhooks, type Delivery } from "../services/ClerkWebhooks.js"

/**
 * What a webhook handler is given: the event, and the delivery (its `svix-id` and signing time).
 *
 * @since 0.4.0
 * @category models
 */
export type Handler<E, R> = (event: WebhookEvent, delivery: Delivery) => Effect.Effect<unknown, E, R>

/**
 * Verifies the request of the context and runs the handler (once per `svix-id` with a `ClerkWebhookGuard`).
 * Fails with `WebhookInvalid`, `WebhookGuardError` or the handler's error.
 *
 * @since 0.4.0
 * @category handlers
 */
export const handleEndpoint = <E, R>(
  handle: Handler<E, R>
): Effect.Effect<
  void,
  E | WebhookInvalid | WebhookGuardError,
  R | ClerkWebhooks | HttpServerRequest.HttpServerRequest
> =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const webhooks = yield* ClerkWebhooks
    const delivery = yield* webhooks.verifyDelivery(request)
    const run = handle(delivery.event, delivery)
    const guard = yield* Effect.serviceOption(ClerkWebhookGuard)
    yield* Option.isSome(guard) ? guard.value.once(delivery.id, run) : run
  })

/**
 * An `HttpApp` for a webhook route: 204 once handled; 400 or 503 with `{ error, reason }` (see the module).
 *
 * @since 0.4.0
 * @category handlers
 */
export const handler = <E, R>(
  handle: Handler<E, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, E, R | ClerkWebhooks | HttpServerRequest.HttpServerRequest> =>
  handleEndpoint(handle).pipe(
    Effect.as(HttpServerResponse.empty({ status: 204 })),
    Effect.catchIf(
      (error): error is WebhookInvalid | WebhookGuardError =>
        Predicate.isTagged(error, "WebhookInvalid") || Predicate.isTagged(error, "WebhookGuardError"),
      (error) =>
        Effect.succeed(HttpServerResponse.unsafeJson({ error: error._tag, reason: error.reason }, {
          status: error._tag === "WebhookInvalid" ? 400 : 503
        }))
    )
  )

/**
 * Adds a `POST path` webhook route to an `HttpRouter`.
 *
 * @since 0.4.0
 * @category routers
 */
export const route = <E, R>(
  path: HttpRouter.PathInput,
  handle: Handler<E, R>
): <E0, R0>(
  self: HttpRouter.HttpRouter<E0, R0>
) => HttpRouter.HttpRouter<E0 | E, R0 | HttpRouter.HttpRouter.ExcludeProvided<R | ClerkWebhooks>> =>
  HttpRouter.post(path, handler(handle))

/**
 * An `HttpApi` endpoint for Clerk's webhooks: `POST path`, no declared payload (the handler reads the raw body),
 * 204 on success, `WebhookInvalid` as 400 and `WebhookGuardError` as 503. Implement it with `handleEndpoint`.
 *
 * ```ts
 * class WebhooksGroup extends HttpApiGroup.make("webhooks").add(ClerkWebhookHttp.endpoint("clerk", "/webhooks/clerk")) {}
 * ```
 *
 * @since 0.4.0
 * @category endpoints
 */
export const endpoint = <const Name extends string>(name: Name, path: `/${string}`) =>
  HttpApiEndpoint.post(name, path)
    .addError(WebhookInvalid, { status: 400 })
    .addError(WebhookGuardError, { status: 503 })
