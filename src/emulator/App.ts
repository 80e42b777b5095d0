/**
 * The emulator's HTTP app: records each request, applies the next matching fault, checks the bearer
 * secret, routes (handlers parse the JSON body), and answers every failure with a Clerk error body.
 *
 * @since 0.1.0
 */
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import type * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Fault from "./Fault.js"
import * as IdentifierRoutes from "./IdentifierRoutes.js"
import type * as Instance from "./Instance.js"
import * as InvitationRoutes from "./InvitationRoutes.js"
import * as JwtTemplateRoutes from "./JwtTemplateRoutes.js"
import * as ListIdentifierRoutes from "./ListIdentifierRoutes.js"
import * as MachineRoutes from "./MachineRoutes.js"
import * as MembershipRoutes from "./MembershipRoutes.js"
import * as OrganizationInvitationRoutes from "./OrganizationInvitationRoutes.js"
import * as OrganizationRoutes from "./OrganizationRoutes.js"
import * as Problem from "./Problem.js"
import * as RequestContext from "./RequestContext.js"
import * as RequestLog from "./RequestLog.js"
import * as Responder from "./Responder.js"
import * as Responses from "./Responses.js"
import * as SessionRoutes from "./SessionRoutes.js"
import * as SignInTokenRoutes from "./SignInTokenRoutes.js"
import * as TokenRoutes from "./TokenRoutes.js"
import * as UserRoutes from "./UserRoutes.js"

const authenticate = (
  instance: Instance.Instance,
  authorization: string | undefined
): Effect.Effect<void, Problem.Problem> => {
  const match = authorization === undefined ? null : /^Bearer +(\S+) *$/i.exec(authorization)
  if (match === null) {
    return Effect.fail(Problem.authorizationHeaderInvalid())
  }
  return match[1] === instance.secretKey ? Effect.void : Effect.fail(Problem.authenticationInvalid())
}

const recordedHeaders = (headers: Readonly<Record<string, string>>): Record<string, string> => {
  const recorded = { ...headers }
  if (recorded.authorization !== undefined) {
    recorded.authorization = RequestLog.redactAuthorization(recorded.authorization)
  }
  return recorded
}

/**
 * The HTTP app of an instance (no requirements; run it with `HttpApp.toWebHandlerRuntime`).
 *
 * @since 0.1.0
 * @category constructors
 */
/** The longest path segment the router matches (find-my-way's `maxParamLength`). */
const maxSegmentLength = 100

export const make = (instance: Instance.Instance): HttpApp.Default => {
  const routes = HttpRouter.concatAll(
    SessionRoutes.router(instance),
    TokenRoutes.router(instance),
    SignInTokenRoutes.router(instance),
    UserRoutes.router(instance),
    IdentifierRoutes.router(instance),
    OrganizationRoutes.router(instance),
    MembershipRoutes.router(instance),
    OrganizationInvitationRoutes.router(instance),
    InvitationRoutes.router(instance),
    JwtTemplateRoutes.router(instance),
    ListIdentifierRoutes.router(instance),
    MachineRoutes.router(instance),
    HttpRouter.empty.pipe(HttpRouter.get("/v1/jwks", Effect.map(instance.signer.jwks, Responses.json)))
  )

  const processRequest = (
    request: HttpServerRequest.HttpServerRequest,
    path: string,
    text: string
  ): Effect.Effect<HttpServerResponse.HttpServerResponse> =>
    Effect.gen(function*() {
      // Every route needs the secret key, `GET /v1/jwks` included (spec/openapi-jwks.yml: Bearer, like all of BAPI).
      yield* authenticate(instance, request.headers.authorization)
      // the per-key quota; Clerk does not limit `GET /v1/jwks`
      if (instance.quota !== undefined && path !== "/v1/jwks") {
        const retryAfter = instance.quota.take(yield* Clock.currentTimeMillis)
        if (retryAfter !== undefined) return yield* Effect.fail(Problem.rateLimited(retryAfter))
      }
      return yield* routes.pipe(
        // the stateful routes first; every other operation of the description goes to the responder. The router
        // matches no path parameter over 100 characters (find-my-way's limit): no Clerk id is that long, so such a
        // path names nothing that exists, rather than an operation for the responder to answer.
        Effect.catchTag("RouteNotFound", () =>
          path.split("/").some((segment) => segment.length > maxSegmentLength)
            ? Effect.fail(Problem.notFound("No resource has an id this long."))
            : Responder.respond(instance, path)),
        Effect.provideService(RequestContext.RequestBody, { text })
      )
    }).pipe(
      Effect.catchTag("Problem", (problem) => Effect.succeed(Responses.problem(problem))),
      Effect.catchAllDefect(() => Effect.succeed(Responses.problem(Problem.internal()))),
      Effect.provideService(HttpServerRequest.HttpServerRequest, request)
    )

  const finish = (sequence: number, changes: Partial<RequestLog.RecordedRequest>) =>
    Ref.update(
      instance.log,
      (log) => log.map((entry) => entry.sequence === sequence ? { ...entry, ...changes } : entry)
    )

  return Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const url = new URL(request.url, "http://emulator.invalid")
    const path = url.pathname
    const text = request.method === "GET" || request.method === "HEAD"
      ? ""
      : yield* Effect.orElseSucceed(request.text, () => "")
    const fault = yield* Ref.modify(instance.faults, (queue) => Fault.take(queue, request.method, path))
    const sequence = yield* Ref.modify(instance.log, (log) =>
      RequestLog.append(log, {
        method: request.method,
        path,
        query: Object.fromEntries(url.searchParams),
        headers: recordedHeaders(request.headers),
        apiVersion: request.headers["clerk-api-version"],
        body: RequestLog.recordedBody(text),
        fault
      }, instance.requestLogLimit))

    const answerAfterProcessing = fault?._tag === "Status" && fault.afterProcessing === true ? fault : undefined
    if (fault !== undefined && Fault.isAnswering(fault)) {
      if (fault._tag === "Reset") {
        instance.resets.add(request.source as object)
        yield* finish(sequence, { outcome: "reset" })
      } else {
        yield* finish(sequence, { outcome: "answered", status: Fault.answerStatus(fault) })
      }
      return Responses.faultAnswer(fault)
    }

    // `HttpApp.toWebHandler` runs apps uninterruptibly; this part opts back in, so that a client
    // abort (which interrupts the fiber) stops a latency wait before the request is processed.
    return yield* Effect.interruptible(Effect.gen(function*() {
      if (fault?._tag === "Latency") {
        yield* Effect.sleep(fault.duration)
      }
      const processed = yield* processRequest(request, path, text)
      const response = answerAfterProcessing !== undefined
        ? Responses.faultAnswer(answerAfterProcessing)
        : fault !== undefined && Fault.isRewriting(fault)
        ? Responses.rewrite(processed, fault)
        : processed
      yield* finish(sequence, { outcome: "answered", status: response.status })
      return response
    })).pipe(Effect.onInterrupt(() => finish(sequence, { outcome: "aborted", aborted: true })))
  })
}
