/**
 * Lists the way Clerk's list endpoints do: `order_by` (`-created_at` by default, `+field` or `field` ascending),
 * then `offset` and `limit` (10 by default), and `{ data, total_count }` when the endpoint is paginated.
 *
 * @since 0.4.0
 */
import * as Effect from "effect/Effect"
import * as Described from "./Described.js"
import * as Problem from "./Problem.js"

/**
 * How to read each field a list can be ordered by.
 *
 * @since 0.4.0
 * @category models
 */
export type Orderings<A> = Readonly<Record<string, (item: A) => string | number | null>>

const compare = (a: string | number | null, b: string | number | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1

/**
 * The items in the order `order_by` asks for (ties by id, newest last), or a 422 for a field it cannot order by.
 *
 * @since 0.4.0
 * @category ordering
 */
export const order = <A extends { readonly id: string }>(
  items: ReadonlyArray<A>,
  input: Described.Input,
  orderings: Orderings<A>
): Effect.Effect<ReadonlyArray<A>, Problem.Problem> => {
  const orderBy = Described.string(input, "order_by") ?? "-created_at"
  const descending = orderBy.startsWith("-")
  const field = orderBy.replace(/^[-+]/, "")
  const read = orderings[field]
  if (read === undefined) {
    return Effect.fail(
      Problem.paramInvalid("order_by", `order_by must be one of: ${Object.keys(orderings).join(", ")}.`)
    )
  }
  const sorted = [...items].sort((a, b) => compare(read(a), read(b)) || compare(a.id, b.id))
  return Effect.succeed(descending ? sorted.reverse() : sorted)
}

/**
 * The page `offset` and `limit` select, and how many items there are in all.
 *
 * @since 0.4.0
 * @category paging
 */
export const page = <A>(
  items: ReadonlyArray<A>,
  input: Described.Input
): { readonly data: ReadonlyArray<A>; readonly total_count: number } => {
  const offset = Described.number(input, "offset") ?? 0
  const limit = Described.number(input, "limit") ?? 10
  return { data: items.slice(offset, offset + limit), total_count: items.length }
}

/**
 * A timestamp filter: `*_before` / `*_after` (and `*_since`) parameters that are set must hold.
 *
 * @since 0.4.0
 * @category filtering
 */
export const within = (input: Described.Input, prefix: string, value: number | null): boolean => {
  const before = Described.number(input, `${prefix}_before`)
  const after = Described.number(input, `${prefix}_after`) ?? Described.number(input, `${prefix}_since`)
  if (before === undefined && after === undefined) return true
  return value !== null && (before === undefined || value < before) && (after === undefined || value > after)
}

/**
 * Whether a list filter holds: an empty filter holds for everything, else one of the item's values is in it.
 *
 * @since 0.4.0
 * @category filtering
 */
export const anyOf = (filter: ReadonlyArray<string>, values: ReadonlyArray<string | null>): boolean =>
  filter.length === 0 || values.some((value) => value !== null && filter.includes(value))

/**
 * Whether any of the values contains the query, ignoring case (an absent query holds).
 *
 * @since 0.4.0
 * @category filtering
 */
export const contains = (query: string | undefined, values: ReadonlyArray<string | null>): boolean =>
  query === undefined || values.some((value) => value !== null && value.toLowerCase().includes(query.toLowerCase()))
