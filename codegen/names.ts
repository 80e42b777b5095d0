/**
 * How the description's names become the names users write. One place, so every emitter agrees.
 */

const words = (text: string): Array<string> => text.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0)

/** `verification_otp` → `VerificationOtp`, `JWKS.rsa.PublicKey` → `JWKSRsaPublicKey`, `CommercePlan-2` → `CommercePlan2`. */
export const pascal = (text: string): string => words(text).map((w) => w[0]!.toUpperCase() + w.slice(1)).join("")

/**
 * A wire name in camelCase: each `_x` becomes `X`, other letters stay (`user_id` → `userId`, `apiKeyID` stays,
 * `x5t#S256` stays: not an identifier, it is quoted).
 */
export const camel = (wire: string): string => wire.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase())

/** An `operationId` in lowerCamelCase: `GetUserList` → `getUserList`, `verifyApiKey` stays. */
export const methodName = (operationId: string): string => operationId[0]!.toLowerCase() + operationId.slice(1)

/** Tags whose service name is not their words in PascalCase (or that a hand-written service already names). */
const serviceNames: Record<string, string> = {
  "Allow-list / Block-list": "AllowlistBlocklist",
  "Email & SMS Templates": "EmailSmsTemplates",
  JWKS: "Jwks",
  "Sign-in Tokens": "SignInTokens",
  "M2M Tokens": "M2MTokens",
  "OAuth Applications": "OAuthApplications",
  "OAuth Access Tokens": "OAuthAccessTokens"
}

/** A tag's service name: `Organization Memberships` → `OrganizationMemberships`, `API Keys` → `ApiKeys`. */
export const serviceName = (tag: string): string =>
  serviceNames[tag] ??
    words(tag).map((w) =>
      w === w.toUpperCase() && w.length > 1 ? w[0] + w.slice(1).toLowerCase() : w[0]!.toUpperCase() + w.slice(1)
    )
      .join("")

/** Whether `name` can be written unquoted as a property key. */
export const isIdentifier = (name: string): boolean => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)
