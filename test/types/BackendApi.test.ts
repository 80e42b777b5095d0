import { describe, expectTypeOf, it } from "@effect/vitest"
import type { Effect, Stream } from "effect"
import type {
  ClerkApiError,
  InvalidInput,
  NotFound,
  RateLimited,
  TransportError,
  Unauthorized,
  UnexpectedResponse
} from "../../src/index.js"
import { ApiKeys, Invitations, Organizations, Sessions, Users } from "../../src/index.js"
import type { Organization } from "../../src/schemas/api/Organization.js"
import type { User } from "../../src/schemas/api/User.js"

/** What every operation can fail with. */
type Common = InvalidInput | Unauthorized | RateLimited | ClerkApiError | UnexpectedResponse | TransportError

type Of<F extends (...args: Array<any>) => Effect.Effect<any, any, any>> = ReturnType<F>

describe("generated operation types (checked by tsc)", () => {
  it("each operation fails with exactly the errors its responses document", () => {
    expectTypeOf<Effect.Effect.Error<Of<typeof Users.getUser>>>().toEqualTypeOf<Common | NotFound>()
    expectTypeOf<Effect.Effect.Error<Of<typeof Users.getUserList>>>().toEqualTypeOf<Common>()
    expectTypeOf<Effect.Effect.Error<Of<typeof Organizations.createOrganization>>>().toEqualTypeOf<Common>()
    expectTypeOf<Effect.Effect.Error<Of<typeof Invitations.createInvitation>>>().toEqualTypeOf<Common>()
    expectTypeOf<Effect.Effect.Error<Of<typeof ApiKeys.verifyApiKey>>>().toEqualTypeOf<Common | NotFound>()
    expectTypeOf<Effect.Effect.Error<Of<typeof Sessions.getSession>>>().toEqualTypeOf<Common | NotFound>()
  })

  it("results are the description's models, and need only their service", () => {
    expectTypeOf<Effect.Effect.Success<Of<typeof Users.getUser>>>().toEqualTypeOf<User>()
    expectTypeOf<Effect.Effect.Success<Of<typeof Users.getUserList>>>().toEqualTypeOf<ReadonlyArray<User>>()
    expectTypeOf<Effect.Effect.Context<Of<typeof Users.getUser>>>().toEqualTypeOf<Users.Users>()
    expectTypeOf<Stream.Stream.Success<ReturnType<typeof Users.getUserListStream>>>().toEqualTypeOf<User>()
    expectTypeOf<Stream.Stream.Success<ReturnType<typeof Organizations.listOrganizationsStream>>>()
      .toEqualTypeOf<Organization>()
    expectTypeOf<Effect.Effect.Success<Of<typeof Users.deleteUserProfileImage>>>().toEqualTypeOf<User>()
  })

  it("inputs are one camelCase object; uploads take bytes or a Blob", () => {
    Users.getUser({ userId: "user_1" })
    Users.getUserList({ emailAddress: ["a@example.com"], limit: 10, orderBy: "-created_at" })
    Users.setUserProfileImage({ userId: "user_1", file: new Uint8Array([1]) })
    Users.setUserProfileImage({ userId: "user_1", file: new Blob(["x"]) })
    ApiKeys.getApiKey({ apiKeyID: "ak_1" })
    // @ts-expect-error the wire's snake_case is not the input's name
    Users.getUser({ user_id: "user_1" })
    // @ts-expect-error the path parameter is required
    Users.getUser({})
    // @ts-expect-error a file is bytes or a Blob, not a string
    Users.setUserProfileImage({ userId: "user_1", file: "image.png" })
    // @ts-expect-error an array query parameter takes an array
    Users.getUserList({ emailAddress: "a@example.com" })
  })
})
