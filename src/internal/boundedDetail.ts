import { ClerkErrorDetail } from "../schemas/ClerkErrorBody.js"

/** What an error keeps of a Clerk error body: enough to read, little enough to always print and serialize. */
const maxErrors = 20
const maxChars = 1000
const maxDepth = 6
const maxEntries = 50
const maxNodes = 500

/** Marks what was left out. */
const truncated = "[truncated]"

const clip = (text: string) => text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text

/** A copy of a JSON value at most `maxDepth` deep, `maxEntries` wide and `maxNodes` in all, strings clipped. */
const bound = (value: unknown, depth: number, budget: { nodes: number }): unknown => {
  if (--budget.nodes < 0) return truncated
  if (typeof value === "string") return clip(value)
  if (value === null || typeof value !== "object") return value
  if (depth >= maxDepth) return truncated
  if (Array.isArray(value)) return value.slice(0, maxEntries).map((item) => bound(item, depth + 1, budget))
  const out: Record<string, unknown> = {}
  let entries = 0
  for (const key of Object.keys(value)) {
    if (entries++ >= maxEntries) break
    // defineProperty: a parsed "__proto__" key stays a plain property
    Object.defineProperty(out, clip(key), {
      value: bound((value as Record<string, unknown>)[key], depth + 1, budget),
      enumerable: true,
      writable: true,
      configurable: true
    })
  }
  return out
}

/**
 * Clerk's `errors[]` as an error keeps them: at most 20 entries, texts of at most 1000 characters, `meta` at most 6
 * levels deep and 500 values (deeper or further is `"[truncated]"`). However deep or large the answer, the error
 * then prints with `JSON.stringify`, `Cause.pretty` and any logger.
 *
 * @internal
 */
export const boundedErrors = (errors: ReadonlyArray<ClerkErrorDetail>): ReadonlyArray<ClerkErrorDetail> =>
  errors.slice(0, maxErrors).map((detail) =>
    new ClerkErrorDetail({
      code: clip(detail.code),
      message: clip(detail.message),
      ...(detail.longMessage === undefined ? {} : { longMessage: clip(detail.longMessage) }),
      ...(detail.meta === undefined ? {} : { meta: bound(detail.meta, 0, { nodes: maxNodes }) as typeof detail.meta })
    })
  )
