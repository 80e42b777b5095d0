/**
 * `CurrentMachine`: the verified machine token (M2M token, OAuth access token or API key) of the request being
 * handled, provided by the authentication middlewares to the handlers behind them when they accept machine tokens
 * only (`acceptsToken: "api_key"`, `["m2m_token", "oauth_token"]`…).
 *
 * ```ts
 * const handler = Effect.gen(function*() {
 *   const machine = yield* CurrentMachine
 *   if (!machine.scopes.includes("reports:read")) return HttpServerResponse.empty({ status: 403 })
 *   return HttpServerResponse.unsafeJson({ caller: machine.subject })
 * })
 * ```
 *
 * @since 0.4.0
 */
import * as Context from "effect/Context"
import type { AuthenticatedMachine } from "../services/ClerkAuth.js"

/**
 * The authenticated machine of the current request.
 *
 * @since 0.4.0
 * @category tags
 */
export class CurrentMachine
  extends Context.Tag("effect-clerk/CurrentMachine")<CurrentMachine, AuthenticatedMachine>()
{}
