/**
 * Clerk's two ways of writing metadata: a deep merge (`PATCH …/metadata`: nested objects merged, `null` removes
 * a key) and a replacement of the fields given (`PUT …/metadata`).
 *
 * @since 0.4.0
 */
import type { Metadata } from "./Records.js"

const isObject = (value: unknown): value is Metadata =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/**
 * `patch` deep-merged into `base`; a `null` value removes the key.
 *
 * @since 0.4.0
 * @category combinators
 */
export const merge = (base: Metadata, patch: Metadata): Metadata => {
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key]
    else if (isObject(value) && isObject(out[key])) out[key] = merge(out[key] as Metadata, value)
    else out[key] = value
  }
  return out
}

/**
 * The metadata field of a body: `undefined` when absent, `{}` for `null` (Clerk clears it), else the object.
 *
 * @since 0.4.0
 * @category combinators
 */
export const field = (body: Readonly<Record<string, unknown>>, name: string): Metadata | undefined => {
  const value = body[name]
  return value === undefined ? undefined : isObject(value) ? value : {}
}
