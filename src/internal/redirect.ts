/**
 * The origin a `Location` points to (resolved against the request's URL), for an error: scheme, host and port only,
 * never a path or query (where a token could be); `"an unreadable location"` when there is none.
 *
 * @internal
 */
export const originOf = (location: string | undefined, base?: string): string => {
  if (location === undefined) return "no location"
  try {
    const origin = new URL(location, base).origin
    return origin === "null" ? "a location without an origin" : origin.slice(0, 200)
  } catch {
    return "an unreadable location"
  }
}
