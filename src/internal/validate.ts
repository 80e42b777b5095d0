import * as Effect from "effect/Effect"
import { InvalidInput } from "../errors/ClerkError.js"

/**
 * Longest id or template name accepted. Clerk's ids are about 30 characters; anything this long is a bug upstream.
 *
 * @internal
 */
export const maxIdLength = 256

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * A validator for one operation: each check fails with `InvalidInput` naming the operation and field.
 * Messages never repeat string values (they may be tokens); numbers are shown.
 *
 * @internal
 */
export const validator = (operation: string) => {
  const invalid = (field: string, detail: string) => new InvalidInput({ operation, field, detail })
  const fail = (field: string, detail: string) => Effect.fail(invalid(field, detail))

  /** Why `value` is not a valid id (the error), or `undefined` if it is one: `id` without an effect. */
  const idError = (field: string, value: unknown): InvalidInput | undefined => {
    if (typeof value !== "string") return invalid(field, `must be a string, got ${typeof value}`)
    if (value.trim().length === 0) return invalid(field, "must not be empty or blank")
    if (value === "." || value === "..") return invalid(field, "must not be a dot segment (\".\" or \"..\")")
    if (value.length > maxIdLength) {
      return invalid(field, `must be at most ${maxIdLength} characters, got ${value.length}`)
    }
    // `encodeURIComponent` throws on a lone surrogate, and a query string would silently replace it with U+FFFD
    if (loneSurrogate.test(value)) return invalid(field, "must be well-formed Unicode (it has a lone surrogate)")
    return undefined
  }

  const id = (field: string, value: unknown): Effect.Effect<string, InvalidInput> => {
    const error = idError(field, value)
    return error === undefined ? Effect.succeed(value as string) : Effect.fail(error)
  }

  const integer = <Value extends number | undefined>(
    field: string,
    value: Value,
    min: number,
    max: number
  ): Effect.Effect<Value, InvalidInput> =>
    value === undefined || (Number.isInteger(value) && value >= min && value <= max)
      ? Effect.succeed(value)
      : fail(field, `must be an integer from ${min} to ${max}, got ${String(value)}`)

  const string = <Value extends string | undefined>(field: string, value: Value): Effect.Effect<Value, InvalidInput> =>
    value === undefined || typeof value === "string"
      ? Effect.succeed(value)
      : fail(field, `must be a string, got ${typeof value}`)

  const nonEmpty = (field: string, value: unknown): Effect.Effect<string, InvalidInput> =>
    typeof value === "string" && value.length > 0
      ? Effect.succeed(value)
      : fail(field, typeof value === "string" ? "must not be empty" : `must be a string, got ${typeof value}`)

  return { fail, id, idError, integer, string, nonEmpty } as const
}

/**
 * Drops `undefined` values, so optional parameters are left out of bodies and query strings.
 *
 * @internal
 */
export const compact = <T extends Record<string, unknown>>(record: T): T => {
  const out: Record<string, unknown> = {}
  for (const key in record) {
    if (record[key] !== undefined) out[key] = record[key]
  }
  return out as T
}
