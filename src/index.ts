/**
 * effect-clerk: an Effect-native client for Clerk's whole Backend API (all 249 operations, one service per tag)
 * and request authentication (session token verification).
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
/** @since 0.4.0 */
export * as ActorTokens from "./services/ActorTokens.js"
/** @since 0.4.0 */
export * as AdminPortalLinkTokens from "./services/AdminPortalLinkTokens.js"
/** @since 0.4.0 */
export * as AgentTasks from "./services/AgentTasks.js"
/** @since 0.4.0 */
export * as AllowlistBlocklist from "./services/AllowlistBlocklist.js"
/** @since 0.4.0 */
export * as ApiKeys from "./services/ApiKeys.js"
/** @since 0.4.0 */
export * as BetaFeatures from "./services/BetaFeatures.js"
/** @since 0.4.0 */
export * as Billing from "./services/Billing.js"
/** @since 0.4.0 */
export * as Clients from "./services/Clients.js"
/** @since 0.4.0 */
export * as Directories from "./services/Directories.js"
/** @since 0.4.0 */
export * as Domains from "./services/Domains.js"
/** @since 0.4.0 */
export * as EmailAddresses from "./services/EmailAddresses.js"
/** @since 0.4.0 */
export * as EmailSmsTemplates from "./services/EmailSmsTemplates.js"
/** @since 0.4.0 */
export * as EnterpriseConnections from "./services/EnterpriseConnections.js"
/** @since 0.4.0 */
export * as InstanceSettings from "./services/InstanceSettings.js"
/** @since 0.4.0 */
export * as Invitations from "./services/Invitations.js"
/** @since 0.4.0 */
export * as JwtTemplates from "./services/JwtTemplates.js"
/** @since 0.4.0 */
export * as M2MTokens from "./services/M2MTokens.js"
/** @since 0.4.0 */
export * as Machines from "./services/Machines.js"
/** @since 0.4.0 */
export * as Miscellaneous from "./services/Miscellaneous.js"
/** @since 0.4.0 */
export * as OAuthAccessTokens from "./services/OAuthAccessTokens.js"
/** @since 0.4.0 */
export * as OAuthApplications from "./services/OAuthApplications.js"
/** @since 0.4.0 */
export * as OrganizationDomains from "./services/OrganizationDomains.js"
/** @since 0.4.0 */
export * as OrganizationInvitations from "./services/OrganizationInvitations.js"
/** @since 0.4.0 */
export * as OrganizationMemberships from "./services/OrganizationMemberships.js"
/** @since 0.4.0 */
export * as OrganizationPermissions from "./services/OrganizationPermissions.js"
/** @since 0.4.0 */
export * as OrganizationRoles from "./services/OrganizationRoles.js"
/** @since 0.4.0 */
export * as Organizations from "./services/Organizations.js"
/** @since 0.4.0 */
export * as PhoneNumbers from "./services/PhoneNumbers.js"
/** @since 0.4.0 */
export * as ProxyChecks from "./services/ProxyChecks.js"
/** @since 0.4.0 */
export * as RedirectURLs from "./services/RedirectURLs.js"
/** @since 0.4.0 */
export * as RoleSets from "./services/RoleSets.js"
/** @since 0.4.0 */
export * as SamlConnections from "./services/SamlConnections.js"
/** @since 0.4.0 */
export * as ScimDirectories from "./services/ScimDirectories.js"
/** @since 0.4.0 */
export * as SignUps from "./services/SignUps.js"
/** @since 0.4.0 */
export * as TestingTokens from "./services/TestingTokens.js"
/** @since 0.4.0 */
export * as Users from "./services/Users.js"
/** @since 0.4.0 */
export * as WaitlistEntries from "./services/WaitlistEntries.js"
/** @since 0.4.0 */
export * as Webhooks from "./services/Webhooks.js"

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
/** @since 0.4.0 */
export { SessionActivityFromWire, SessionFromWire, SessionPageFromWire } from "./schemas/Session.js"
/** @since 0.1.0 */
export { SignInToken, SignInTokenStatus } from "./schemas/SignInToken.js"
/** @since 0.4.0 */
export { SignInTokenFromWire } from "./schemas/SignInToken.js"
/** @since 0.1.0 */
export { Cookies, Token } from "./schemas/Token.js"
/** @since 0.4.0 */
export { CookiesFromWire, TokenFromWire } from "./schemas/Token.js"
/** @since 0.1.0 */
export { version } from "./version.js"
