/**
 * Reading and validating request parameters (query strings and JSON bodies) the way Clerk answers
 * bad input: 422 `form_param_missing` / `form_param_value_invalid` with `meta.param_name`.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Problem from "./Problem.js"

/**
 * A JSON object body (absent body = `{}`).
 *
 * @since 0.1.0
 * @category models
 */
export type Body = Readonly<Record<string, unknown>>

/**
 * The body as an object: an absent body (or JSON `null`) is `{}`, anything but an object is a 400.
 *
 * @since 0.1.0
 * @category body
 */
export const object = (json: unknown): Effect.Effect<Body, Problem.Problem> =>
  json === undefined || json === null
    ? Effect.succeed({})
    : typeof json === "object" && json !== null && !Array.isArray(json)
    ? Effect.succeed(json as Body)
    : Effect.fail(Problem.requestBodyInvalid())

/**
 * A required, non-empty string field.
 *
 * @since 0.1.0
 * @category body
 */
export const requiredString = (body: Body, name: string): Effect.Effect<string, Problem.Problem> => {
  const value = body[name]
  if (value === undefined || value === null || value === "") {
    return Effect.fail(Problem.paramMissing(name))
  }
  return typeof value === "string"
    ? Effect.succeed(value)
    : Effect.fail(Problem.paramInvalid(name, `${name} must be a string.`))
}

/**
 * An optional string field (`null` reads as absent).
 *
 * @since 0.1.0
 * @category body
 */
export const optionalString = (body: Body, name: string): Effect.Effect<string | undefined, Problem.Problem> => {
  const value = body[name]
  if (value === undefined || value === null) {
    return Effect.succeed(undefined)
  }
  return typeof value === "string"
    ? Effect.succeed(value)
    : Effect.fail(Problem.paramInvalid(name, `${name} must be a string.`))
}

/**
 * An optional boolean field (`null` reads as absent).
 *
 * @since 0.1.0
 * @category body
 */
export const optionalBoolean = (body: Body, name: string): Effect.Effect<boolean | undefined, Problem.Problem> => {
  const value = body[name]
  if (value === undefined || value === null) {
    return Effect.succeed(undefined)
  }
  return typeof value === "boolean"
    ? Effect.succeed(value)
    : Effect.fail(Problem.paramInvalid(name, `${name} must be a boolean.`))
}

/**
 * Bounds of an integer parameter (`max` unbounded when absent).
 *
 * @since 0.1.0
 * @category models
 */
export interface Range {
  readonly min: number
  readonly max?: number
}

const rangeText = (range: Range) =>
  range.max === undefined ? `greater than or equal to ${range.min}` : `between ${range.min} and ${range.max}`

const inRange = (name: string, value: number, range: Range): Effect.Effect<number, Problem.Problem> =>
  Number.isSafeInteger(value) && value >= range.min && (range.max === undefined || value <= range.max)
    ? Effect.succeed(value)
    : Effect.fail(Problem.paramInvalid(name, `${name} must be an integer ${rangeText(range)}.`))

/**
 * An optional integer field within a range (`null` reads as absent).
 *
 * @since 0.1.0
 * @category body
 */
export const optionalInteger = (
  body: Body,
  name: string,
  range: Range
): Effect.Effect<number | undefined, Problem.Problem> => {
  const value = body[name]
  if (value === undefined || value === null) {
    return Effect.succeed(undefined)
  }
  return typeof value === "number"
    ? inRange(name, value, range)
    : Effect.fail(Problem.paramInvalid(name, `${name} must be an integer ${rangeText(range)}.`))
}

/**
 * An integer query parameter within a range, or its default when absent. Only plain decimal
 * integers are accepted (`10`, not `10.0`, `1e1` or `ten`).
 *
 * @since 0.1.0
 * @category query
 */
export const queryInteger = (
  query: URLSearchParams,
  name: string,
  fallback: number,
  range: Range
): Effect.Effect<number, Problem.Problem> => {
  const raw = query.get(name)
  if (raw === null) {
    return Effect.succeed(fallback)
  }
  return /^-?\d+$/.test(raw)
    ? inRange(name, Number(raw), range)
    : Effect.fail(Problem.paramInvalid(name, `${name} must be an integer ${rangeText(range)}.`))
}

/**
 * A boolean query parameter (`true` / `false`), `false` when absent.
 *
 * @since 0.1.0
 * @category query
 */
export const queryBoolean = (query: URLSearchParams, name: string): Effect.Effect<boolean, Problem.Problem> => {
  const raw = query.get(name)
  if (raw === null || raw === "false") {
    return Effect.succeed(false)
  }
  return raw === "true"
    ? Effect.succeed(true)
    : Effect.fail(Problem.paramInvalid(name, `${name} must be true or false.`))
}

/**
 * A query parameter restricted to some values, `undefined` when absent.
 *
 * @since 0.1.0
 * @category query
 */
export const queryOneOf = (
  query: URLSearchParams,
  name: string,
  allowed: ReadonlyArray<string>
): Effect.Effect<string | undefined, Problem.Problem> => {
  const raw = query.get(name)
  if (raw === null) {
    return Effect.succeed(undefined)
  }
  return allowed.includes(raw)
    ? Effect.succeed(raw)
    : Effect.fail(Problem.paramInvalid(name, `${name} must be one of: ${allowed.join(", ")}.`))
}

/**
 * A non-empty string query parameter, `undefined` when absent or empty.
 *
 * @since 0.1.0
 * @category query
 */
export const queryString = (query: URLSearchParams, name: string): string | undefined => {
  const raw = query.get(name)
  return raw === null || raw === "" ? undefined : raw
}
