/**
 * effect-clerk: an Effect-native client for Clerk's Backend API (Sessions, Sign-in Tokens, JWKS) and request
 * authentication (session token verification).
 * The emulator and the test layer are in their own entry points (`effect-clerk/ClerkTest`,
 * `effect-clerk/ClerkEmulator`), so production code does not load them.
 *
 * @since 0.1.0
 */

/** @since 0.3.0 */
export * as ClerkAuth from "./services/ClerkAuth.js"
/** @since 0.1.0 */
export * as ClerkConfig from "./services/ClerkConfig.js"
/** @since 0.1.0 */
export * as ClerkHttpClient from "./services/ClerkHttpClient.js"
/** @since 0.1.0 */
export * as ClerkRetry from "./services/ClerkRetry.js"
/** @since 0.3.0 */
export * as ClerkRateLimit from "./services/ClerkRateLimit.js"
export * as Jwks from "./services/Jwks.js"
/** @since 0.1.0 */
export * as Sessions from "./services/Sessions.js"
/** @since 0.1.0 */
export * as SignInTokens from "./services/SignInTokens.js"

/** @since 0.1.0 */
export { ClerkLive, ClerkLiveFromHttpClient } from "./layers/ClerkLive.js"

/** @since 0.1.0 */
export {
  ClerkApiError,
  ClerkError,
  type CommonError,
  Gone,
  InvalidInput,
  NotFound,
  RateLimited,
  TransportError,
  TransportFailure,
  Unauthorized,
  UnexpectedResponse
} from "./errors/ClerkError.js"
/** @since 0.3.0 */
export { TokenInvalid, TokenInvalidReason } from "./errors/TokenInvalid.js"
/** @since 0.3.0 */
export { CurrentSession } from "./http/CurrentSession.js"
/** @since 0.4.0 */
export { CurrentMachine } from "./http/CurrentMachine.js"
/** @since 0.4.0 */
export { CurrentAuth } from "./http/CurrentAuth.js"
/** @since 0.3.0 */
export { Actor, SessionClaims } from "./schemas/SessionClaims.js"
/** @since 0.3.0 */
export { JsonWebKey, JsonWebKeySet } from "./schemas/JsonWebKeySet.js"
/** @since 0.1.0 */
export { ClerkErrorDetail } from "./schemas/ClerkErrorBody.js"
/** @since 0.1.0 */
export { Session, SessionActivity, SessionPage, SessionStatus } from "./schemas/Session.js"
/** @since 0.1.0 */
export { SignInToken, SignInTokenStatus } from "./schemas/SignInToken.js"
/** @since 0.1.0 */
export { Cookies, Token } from "./schemas/Token.js"
/** @since 0.1.0 */
export { version } from "./version.js"
