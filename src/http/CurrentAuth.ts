/**
 * `CurrentAuth`: who the request being handled is, when a route accepts both session tokens and machine tokens
 * (`acceptsToken: ["session_token", "api_key"]`, `"any"`): a signed-in session or an authenticated machine, told
 * apart by `_tag`. Routes that accept one family get `CurrentSession` or `CurrentMachine` instead, with nothing to
 * tell apart.
 *
 * ```ts
 * const handler = Effect.gen(function*() {
 *   const auth = yield* CurrentAuth
 *   const owner = auth._tag === "SignedIn" ? auth.claims.userId : auth.subject
 *   return HttpServerResponse.unsafeJson({ owner })
 * })
 * ```
 *
 * @since 0.4.0
 */
import * as Context from "effect/Context"
import type { AuthenticatedMachine, SignedIn } from "../services/ClerkAuth.js"

/**
 * The signed-in session or authenticated machine of the current request.
 *
 * @since 0.4.0
 * @category tags
 */
export class CurrentAuth
  extends Context.Tag("effect-clerk/CurrentAuth")<CurrentAuth, SignedIn | AuthenticatedMachine>()
{}
