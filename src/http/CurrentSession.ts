/**
 * `CurrentSession`: the verified claims of the request being handled, provided by the authentication middlewares
 * (`effect-clerk/ClerkAuthMiddleware`) to the handlers behind them.
 *
 * ```ts
 * const handler = Effect.gen(function*() {
 *   const session = yield* CurrentSession
 *   return yield* Sessions.createTokenFromTemplate(session.sessionId, "supabase")
 * })
 * ```
 *
 * @since 0.3.0
 */
import * as Context from "effect/Context"
import type { SessionClaims } from "../schemas/SessionClaims.js"

/**
 * The signed-in session of the current request.
 *
 * @since 0.3.0
 * @category tags
 */
export class CurrentSession extends Context.Tag("effect-clerk/CurrentSession")<CurrentSession, SessionClaims>() {}
