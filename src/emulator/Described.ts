/**
 * A stateful route's input, validated against its operation in Clerk's description first (the same rules and
 * form errors as the description-driven responder): the JSON body as an object, the query parameters typed.
 *
 * @since 0.4.0
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as Effect from "effect/Effect"
import type * as Description from "./description/Description.js"
import { document } from "./description/Document.js"
import * as Validate from "./description/Validate.js"
import * as Params from "./Params.js"
import * as Problem from "./Problem.js"
import * as RequestContext from "./RequestContext.js"
import { operations } from "./Responder.js"

/**
 * A validated request: its body (`{}` when absent) and its query parameters, typed as the description says
 * (arrays for array parameters; `undefined` when absent).
 *
 * @since 0.4.0
 * @category models
 */
export interface Input {
  readonly body: Params.Body
  /** The JSON body as sent (an array for bulk operations). */
  readonly json: unknown
  readonly query: (name: string) => unknown
}

const byId = new Map(operations.map((operation) => [operation.operationId, operation]))

/**
 * The operation with this `operationId` (throws for an id the description does not have: a bug).
 *
 * @since 0.4.0
 * @category accessors
 */
export const operation = (operationId: string): Description.Operation => {
  const found = byId.get(operationId)
  if (found === undefined) throw new Error(`the description has no operation ${operationId}`)
  return found
}

/**
 * Validates the request against the operation and reads it.
 *
 * @since 0.4.0
 * @category accessors
 */
export const input = (
  operationId: string
): Effect.Effect<
  Input,
  Problem.Problem,
  HttpRouter.RouteContext | HttpServerRequest.HttpServerRequest | RequestContext.RequestBody
> =>
  Effect.gen(function*() {
    const described = operation(operationId)
    const params = yield* HttpRouter.params
    const query = yield* RequestContext.query
    const json = described.bodyType === "application/json" ? yield* RequestContext.body : undefined
    const body = Array.isArray(json) ? {} : yield* Params.object(json)
    const pathParams = Object.fromEntries(
      Object.entries(params).flatMap(([key, value]) => value === undefined ? [] : [[key, value]])
    )
    const issues = [
      ...Validate.parameters(document, described, query, pathParams),
      ...Validate.body(document, described, json)
    ]
    if (issues.length > 0) {
      return yield* Problem.formErrors(issues, described.statuses.includes(422) ? 422 : 400)
    }
    const parameters = new Map(described.parameters.map((parameter) => [parameter.name, parameter]))
    return {
      body,
      json,
      query: (name: string) => {
        const parameter = parameters.get(name)
        return parameter === undefined ? undefined : Validate.parameterValue(document, parameter, query, pathParams)
      }
    }
  })

/**
 * A query parameter as a list of strings (empty when absent).
 *
 * @since 0.4.0
 * @category accessors
 */
export const strings = (input: Input, name: string): ReadonlyArray<string> => {
  const value = input.query(name)
  return Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]
}

/**
 * A query parameter as a string (`undefined` when absent or empty).
 *
 * @since 0.4.0
 * @category accessors
 */
export const string = (input: Input, name: string): string | undefined => {
  const value = input.query(name)
  return typeof value === "string" && value.length > 0 ? value : undefined
}

/**
 * A query parameter as a number (`undefined` when absent).
 *
 * @since 0.4.0
 * @category accessors
 */
export const number = (input: Input, name: string): number | undefined => {
  const value = input.query(name)
  return typeof value === "number" ? value : undefined
}
