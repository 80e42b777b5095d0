import { describe, expectTypeOf, it } from "@effect/vitest"
import type { Layer, Stream } from "effect"
import { Effect } from "effect"
import type {
  ClerkApiError,
  ClerkConfig,
  Cookies,
  Gone,
  InvalidInput,
  NotFound,
  RateLimited,
  Session,
  SessionPage,
  SignInToken,
  Token,
  TransportError,
  Unauthorized,
  UnexpectedResponse
} from "../../src/index.js"
import { ClerkAuth, ClerkLive, Jwks, Sessions, SignInTokens } from "../../src/index.js"
import type * as BackendApi from "../../src/layers/BackendApi.js"
import type { ClerkLiveNode } from "../../src/layers/ClerkLiveNode.js"

/** What every operation can fail with. */
type Common = InvalidInput | Unauthorized | RateLimited | ClerkApiError | UnexpectedResponse | TransportError

type ErrorOf<F extends (...args: Array<any>) => Effect.Effect<any, any, any>> = Effect.Effect.Error<ReturnType<F>>
type ContextOf<F extends (...args: Array<any>) => Effect.Effect<any, any, any>> = Effect.Effect.Context<ReturnType<F>>

const refreshParams = { expiredToken: "e", refreshToken: "r", requestOrigin: "https://o.test" }

describe("operation types (checked by tsc)", () => {
  it("each Sessions operation fails with exactly its documented errors", () => {
    expectTypeOf<ErrorOf<typeof Sessions.list>>().toEqualTypeOf<Common>()
    expectTypeOf<Stream.Stream.Error<ReturnType<typeof Sessions.listAll>>>().toEqualTypeOf<Common>()
    expectTypeOf<ErrorOf<typeof Sessions.create>>().toEqualTypeOf<Common | NotFound>()
    expectTypeOf<ErrorOf<typeof Sessions.get>>().toEqualTypeOf<Common | NotFound>()
    expectTypeOf<ErrorOf<typeof Sessions.refresh>>().toEqualTypeOf<Common>()
    expectTypeOf<ErrorOf<typeof Sessions.revoke>>().toEqualTypeOf<Common | NotFound>()
    expectTypeOf<ErrorOf<typeof Sessions.verify>>().toEqualTypeOf<Common | NotFound | Gone>()
    expectTypeOf<ErrorOf<typeof Sessions.createToken>>().toEqualTypeOf<Common | NotFound>()
    expectTypeOf<ErrorOf<typeof Sessions.createTokenFromTemplate>>().toEqualTypeOf<Common | NotFound>()
  })

  it("no operation but verify can fail with Gone, and list has no NotFound", () => {
    expectTypeOf<Extract<ErrorOf<typeof Sessions.createToken>, Gone>>().toBeNever()
    expectTypeOf<Extract<ErrorOf<typeof Sessions.get>, Gone>>().toBeNever()
    expectTypeOf<Extract<ErrorOf<typeof Sessions.list>, NotFound>>().toBeNever()
    expectTypeOf<Extract<ErrorOf<typeof Sessions.refresh>, NotFound>>().toBeNever()
    expectTypeOf<Extract<ErrorOf<typeof Sessions.verify>, Gone>>().toEqualTypeOf<Gone>()
    const _notFoundOnList = () =>
      // @ts-expect-error list documents no 404
      Sessions.list().pipe(Effect.catchTag("NotFound", () => Effect.void))
    const _goneOnToken = () =>
      // @ts-expect-error only verify can be Gone
      Sessions.createToken("sess_1").pipe(Effect.catchTag("Gone", () => Effect.void))
    const _goneOnVerify = () =>
      Sessions.verify("sess_1", { token: "t" }).pipe(Effect.catchTag("Gone", () => Effect.void))
  })

  it("each SignInTokens operation fails with exactly its documented errors", () => {
    expectTypeOf<ErrorOf<typeof SignInTokens.create>>().toEqualTypeOf<Common | NotFound>()
    expectTypeOf<ErrorOf<typeof SignInTokens.revoke>>().toEqualTypeOf<Common | NotFound>()
  })

  it("operations succeed with their models", () => {
    expectTypeOf<Effect.Effect.Success<ReturnType<typeof Sessions.list>>>().toEqualTypeOf<SessionPage>()
    expectTypeOf<Stream.Stream.Success<ReturnType<typeof Sessions.listAll>>>().toEqualTypeOf<Session>()
    expectTypeOf<Effect.Effect.Success<ReturnType<typeof Sessions.get>>>().toEqualTypeOf<Session>()
    expectTypeOf<Effect.Effect.Success<ReturnType<typeof Sessions.createToken>>>().toEqualTypeOf<Token>()
    expectTypeOf<Effect.Effect.Success<ReturnType<typeof SignInTokens.create>>>().toEqualTypeOf<SignInToken>()
  })

  it("refresh answers Cookies for format cookie and Token for token or no format", () => {
    expectTypeOf(Sessions.refresh("s", { ...refreshParams, format: "cookie" })).toEqualTypeOf<
      Effect.Effect<Cookies, Sessions.RefreshError, Sessions.Sessions>
    >()
    expectTypeOf(Sessions.refresh("s", { ...refreshParams, format: "token" })).toEqualTypeOf<
      Effect.Effect<Token, Sessions.RefreshError, Sessions.Sessions>
    >()
    expectTypeOf(Sessions.refresh("s", refreshParams)).toEqualTypeOf<
      Effect.Effect<Token, Sessions.RefreshError, Sessions.Sessions>
    >()
    const format = "cookie" as "cookie" | "token"
    expectTypeOf(Sessions.refresh("s", { ...refreshParams, format })).toEqualTypeOf<
      Effect.Effect<Token | Cookies, Sessions.RefreshError, Sessions.Sessions>
    >()
    expectTypeOf<ReturnType<Sessions.Service["refresh"]>>().toEqualTypeOf<
      Effect.Effect<Token | Cookies, Sessions.RefreshError>
    >()
    // @ts-expect-error a cookie refresh is not a Token
    const _cookieIsNotToken: Effect.Effect<Token, unknown, Sessions.Sessions> = Sessions.refresh("s", {
      ...refreshParams,
      format: "cookie"
    })
  })

  it("accessors require their service, and ClerkLive and ClerkLiveNode need only ClerkConfig", () => {
    expectTypeOf<ContextOf<typeof Sessions.get>>().toEqualTypeOf<Sessions.Sessions>()
    expectTypeOf<ContextOf<typeof Sessions.refresh>>().toEqualTypeOf<Sessions.Sessions>()
    expectTypeOf<Stream.Stream.Context<ReturnType<typeof Sessions.listAll>>>().toEqualTypeOf<Sessions.Sessions>()
    expectTypeOf<ContextOf<typeof SignInTokens.create>>().toEqualTypeOf<SignInTokens.SignInTokens>()
    expectTypeOf<ContextOf<typeof SignInTokens.revoke>>().toEqualTypeOf<SignInTokens.SignInTokens>()
    expectTypeOf<Layer.Layer.Context<typeof ClerkLive>>().toEqualTypeOf<ClerkConfig.ClerkConfig>()
    expectTypeOf<Layer.Layer.Error<typeof ClerkLive>>().toBeNever()
    expectTypeOf<Layer.Layer.Success<typeof ClerkLive>>().toEqualTypeOf<
      Sessions.Sessions | SignInTokens.SignInTokens | Jwks.Jwks | ClerkAuth.ClerkAuth | BackendApi.Services
    >()
    expectTypeOf<Layer.Layer.Context<typeof ClerkLiveNode>>().toEqualTypeOf<ClerkConfig.ClerkConfig>()
    expectTypeOf<Layer.Layer.Error<typeof ClerkLiveNode>>().toBeNever()
    expectTypeOf<Layer.Layer.Success<typeof ClerkLiveNode>>().toEqualTypeOf<
      Sessions.Sessions | SignInTokens.SignInTokens | Jwks.Jwks | ClerkAuth.ClerkAuth | BackendApi.Services
    >()
    // @ts-expect-error Sessions is not provided
    const _unprovided = () => Effect.runPromise(Sessions.get("sess_1"))
  })

  it("parameters are typed", () => {
    // @ts-expect-error userId is required
    const _noUser = () => Sessions.create({})
    // @ts-expect-error refreshToken and requestOrigin are required
    const _partialRefresh = () => Sessions.refresh("s", { expiredToken: "e" })
    // @ts-expect-error limit is a number
    const _stringLimit = () => Sessions.list({ limit: "10" })
    // @ts-expect-error an unknown status literal is not a SessionStatus
    const _badStatus = () => Sessions.list({ status: "paused" })
    expectTypeOf(Sessions.list).parameter(0).toEqualTypeOf<Sessions.ListParams | undefined>()
  })
})
