/**
 * Opaque machine tokens verified by the Backend API (`/v1/m2m_tokens/verify`, `/v1/oauth_applications/access_tokens/
 * verify`, `/v1/api_keys/verify`, `clerk-bapi-2026-05-12.yml`): one `POST` each through `ClerkHttpClient`, the
 * answer decoded by a small schema of the fields read here (others are ignored, so new fields break nothing).
 * A 404 means Clerk does not know the token; a revoked or expired answer is a verdict, never a success.
 *
 * @internal
 */
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { TokenInvalid } from "../errors/TokenInvalid.js"
import type { RequestError, Service as ClerkHttpClientService } from "../services/ClerkHttpClient.js"
import type { MachineFields } from "./machineClaims.js"
import type { MachineTokenType } from "./tokenType.js"

const nullableString = Schema.optionalWith(Schema.String, { nullable: true })

/** The fields every verify answer shares. */
const common = {
  id: Schema.String,
  subject: Schema.String,
  scopes: Schema.optionalWith(Schema.Array(Schema.String), { nullable: true, default: () => [] }),
  claims: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Schema.Unknown }), { nullable: true }),
  revoked: Schema.Boolean,
  expired: Schema.Boolean,
  /** Unix milliseconds; `null` when the token never expires. */
  expiration: Schema.optionalWith(Schema.Number, { nullable: true })
}

const M2MToken = Schema.Struct(common)
const ApiKey = Schema.Struct({ ...common, name: nullableString })
/** An OAuth answer: the token, or `{ active: false }` for an expired JWT access token. */
const OAuthToken = Schema.Union(
  Schema.Struct({ ...common, client_id: nullableString }),
  Schema.Struct({ active: Schema.Literal(false) })
)

type Verified = Schema.Schema.Type<typeof ApiKey> & { readonly client_id?: string | undefined }
type Answer = Verified | { readonly active: false }

interface Operation {
  readonly path: ReadonlyArray<string>
  readonly body: (token: string) => Record<string, string>
  readonly decode: (body: unknown) => Effect.Effect<Answer, ParseResult.ParseError>
}

const operations: Record<MachineTokenType, Operation> = {
  m2m_token: {
    path: ["m2m_tokens", "verify"],
    body: (token: string) => ({ token }),
    decode: Schema.decodeUnknown(M2MToken)
  },
  oauth_token: {
    path: ["oauth_applications", "access_tokens", "verify"],
    body: (token: string) => ({ access_token: token }),
    decode: Schema.decodeUnknown(OAuthToken)
  },
  api_key: {
    path: ["api_keys", "verify"],
    body: (token: string) => ({ secret: token }),
    decode: Schema.decodeUnknown(ApiKey)
  }
}

const refused = (reason: TokenInvalid["reason"], detail: string) => Either.left(new TokenInvalid({ reason, detail }))

const fields = (tokenType: MachineTokenType, answer: Verified): MachineFields => ({
  tokenType,
  id: answer.id,
  subject: answer.subject,
  scopes: answer.scopes,
  claims: answer.claims ?? {},
  expiresAt: answer.expiration === undefined ? Option.none() : Option.some(DateTime.unsafeMake(answer.expiration)),
  name: Option.fromNullable(answer.name),
  clientId: Option.fromNullable(answer.client_id)
})

/** The verdict of a verify answer. */
const verdict = (tokenType: MachineTokenType, answer: Answer) => {
  if ("active" in answer) return refused("expired", "Clerk says the access token is no longer active")
  if (answer.revoked) return refused("revoked", "Clerk says the token was revoked")
  if (answer.expired) return refused("expired", "Clerk says the token has expired")
  return Either.right(fields(tokenType, answer))
}

/**
 * Asks Clerk about an opaque token of `tokenType`: its fields, or why it is refused (unknown, revoked, expired,
 * refused as malformed by a 400/422); any other failure is the request's typed error (the server answers 503).
 */
export const verify = (
  http: ClerkHttpClientService,
  tokenType: MachineTokenType,
  token: string
): Effect.Effect<Either.Either<MachineFields, TokenInvalid>, RequestError> => {
  const operation = operations[tokenType]
  return http.execute({
    method: "POST",
    path: operation.path,
    body: operation.body(token),
    idempotent: true, // a verification changes nothing
    decode: operation.decode,
    allow: ["NotFound"]
  }).pipe(
    Effect.map((answer) => verdict(tokenType, answer)),
    Effect.catchTags({
      NotFound: () => Effect.succeed(refused("not-found", "Clerk does not know this token")),
      ClerkApiError: (error) =>
        error.status === 400 || error.status === 422
          ? Effect.succeed(refused("malformed", `Clerk refused the token as malformed (${error.status})`))
          : Effect.fail(error)
    })
  )
}
