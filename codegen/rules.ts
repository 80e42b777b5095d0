/**
 * What the description cannot say, decided once for every operation: which requests may be repeated, which reads
 * share one request in flight, which count against the rate limit, and which hand-written services the generated
 * operations join.
 */

/**
 * Whether repeating the request leaves Clerk as one request would (retried after any transient failure), or not
 * (retried only when Clerk surely did not act: 429, a refused connection):
 * - GET, PUT and DELETE: yes (reads, replacements, deletions).
 * - PATCH: yes. Clerk's updates set the fields they are given (metadata updates merge the same keys again).
 * - POST: no (creations, sends, rotations, attempts), except the state setters and checks named by their last
 *   path segment: `revoke*`, `verify*`, `ban`/`unban`, `lock`/`unlock`, `set_compromised`/`unset_compromised`,
 *   `remove_password`.
 */
export const isIdempotent = (method: string, path: string): boolean => {
  if (method !== "POST") return true
  const last = path.split("/").pop() ?? ""
  return /^(revoke|verify)/.test(last) ||
    ["ban", "unban", "lock", "unlock", "set_compromised", "unset_compromised", "remove_password"].includes(last)
}

/**
 * Query parameters the generated client leaves out: `paginated=true` turns a list the description types as a bare
 * array into `{ data, total_count }`, an answer it does not document (the `…Stream` of each list walks its pages).
 */
export const omittedQueryParameters: ReadonlySet<string> = new Set(["paginated"])

/** Identical concurrent reads (same method and URL) share one request: every GET. */
export const coalesces = (method: string): boolean => method === "GET"

/** Clerk does not rate-limit `GET /jwks`. */
export const isRateLimited = (method: string, path: string): boolean => !(method === "GET" && path === "/jwks")

/** Tags served by a hand-written service that adds the generated operations beside its own calls. */
export const handWritten: ReadonlySet<string> = new Set(["Sessions", "SignInTokens", "Jwks"])

/**
 * Component schemas a hand-written module already models (with a fast decoder): the generated operations decode
 * with those, so `Sessions.getSession` and `Sessions.get` answer the same class.
 */
export const handWrittenSchemas: Readonly<Record<string, { readonly module: string; readonly name: string }>> = {
  Session: { module: "schemas/Session", name: "Session" },
  SignInToken: { module: "schemas/SignInToken", name: "SignInToken" },
  Token: { module: "schemas/Token", name: "Token" },
  Cookies: { module: "schemas/Token", name: "Cookies" }
}
