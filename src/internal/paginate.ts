import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

/**
 * Where the next page starts: `offset` for offset pages, `startingAfter` (the last item's id) for cursor pages.
 *
 * @internal
 */
export interface PageRequest {
  readonly limit: number
  readonly offset: number
  readonly startingAfter: string | undefined
}

/**
 * Every item of a paginated list, as a stream that fetches one page at a time as it is pulled (constant memory):
 * offset pages (`limit` + `offset`) or cursor pages (`limit` + `starting_after` the last item's id). It stops at
 * an empty or short page, or when the items reach the page's `total` (when it has one).
 *
 * @internal
 */
export const paginate = <A, E, R>(options: {
  readonly kind: "offset" | "cursor"
  readonly pageSize: number
  readonly page: (request: PageRequest) => Effect.Effect<
    { readonly items: ReadonlyArray<A>; readonly total?: number | undefined },
    E,
    R
  >
  readonly idOf?: (item: A) => string
}): Stream.Stream<A, E, R> => {
  const { idOf, kind, page, pageSize } = options
  return Stream.paginateChunkEffect(
    { offset: 0, startingAfter: undefined } as Omit<PageRequest, "limit">,
    (at) =>
      Effect.map(page({ limit: pageSize, ...at }), ({ items, total }) => {
        const offset = at.offset + items.length
        const more = items.length > 0 && items.length >= pageSize && (total === undefined || offset < total)
        const last = items[items.length - 1]
        const next = kind === "cursor" && last !== undefined && idOf !== undefined
          ? { offset, startingAfter: idOf(last) }
          : { offset, startingAfter: undefined }
        return [Chunk.unsafeFromArray(items), more ? Option.some(next) : Option.none()] as const
      })
  )
}
