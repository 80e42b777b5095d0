/**
 * Finds the operation of the description a request is for: same method, same number of segments, every static
 * segment equal; where several match, the one whose first differing segment is static wins (`/users/count` before
 * `/users/{user_id}`), as Clerk's router does.
 *
 * @since 0.4.0
 */
import type { Operation } from "./Description.js"

/**
 * An operation and the values of its path parameters.
 *
 * @since 0.4.0
 * @category models
 */
export interface Matched {
  readonly operation: Operation
  readonly params: Readonly<Record<string, string>>
}

const isParam = (segment: string) => segment.startsWith("{") && segment.endsWith("}")

const decode = (segment: string): string => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/**
 * The operation for `method` and `path` (with or without the `/v1` prefix), `undefined` when none matches.
 *
 * @since 0.4.0
 * @category matching
 */
export const match = (
  operations: ReadonlyArray<Operation>,
  method: string,
  path: string
): Matched | undefined => {
  const segments = path.split("/").filter((segment) => segment.length > 0)
  const actual = segments[0] === "v1" ? segments.slice(1) : segments
  let best: Operation | undefined
  for (const operation of operations) {
    if (operation.method !== method.toUpperCase() || operation.segments.length !== actual.length) continue
    if (!operation.segments.every((segment, i) => isParam(segment) || segment === actual[i])) continue
    if (best === undefined || moreSpecific(operation, best)) best = operation
  }
  if (best === undefined) return undefined
  const params: Record<string, string> = {}
  best.segments.forEach((segment, i) => {
    if (isParam(segment)) params[segment.slice(1, -1)] = decode(actual[i] ?? "")
  })
  return { operation: best, params }
}

const moreSpecific = (a: Operation, b: Operation): boolean => {
  for (let i = 0; i < a.segments.length; i++) {
    const staticA = !isParam(a.segments[i] ?? "")
    const staticB = !isParam(b.segments[i] ?? "")
    if (staticA !== staticB) return staticA
  }
  return false
}
