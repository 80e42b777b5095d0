import { describe, expectTypeOf, it } from "@effect/vitest"
import type { Effect } from "effect"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"

describe("emulator types (checked by tsc)", () => {
  it("sessionToken fails only with SessionTokenError; rotateSigningKey cannot fail", () => {
    expectTypeOf<ReturnType<typeof ClerkEmulator.sessionToken>>().toEqualTypeOf<
      Effect.Effect<string, ClerkEmulator.SessionTokenError, ClerkEmulator.ClerkEmulator>
    >()
    expectTypeOf<ReturnType<ClerkEmulator.Handle["sessionToken"]>>().toEqualTypeOf<
      Effect.Effect<string, ClerkEmulator.SessionTokenError>
    >()
    expectTypeOf<ReturnType<typeof ClerkEmulator.rotateSigningKey>>().toEqualTypeOf<
      Effect.Effect<ClerkEmulator.Rotation, never, ClerkEmulator.ClerkEmulator>
    >()
    expectTypeOf<ClerkEmulator.SessionTokenError["reason"]>().toEqualTypeOf<"not-found" | "not-active">()
    expectTypeOf<ClerkEmulator.Rotation>().toEqualTypeOf<{
      readonly kid: string
      readonly droppedKids: ReadonlyArray<string>
      readonly jwks: ClerkEmulator.WireJwks
    }>()
  })

  it("options are checked", () => {
    ClerkEmulator.sessionToken("sess_1", { azp: null, expiresInSeconds: 30, factorVerificationAge: [1, -1] })
    // @ts-expect-error azp is an origin string (or null), not a list
    ClerkEmulator.sessionToken("sess_1", { azp: ["https://a.test"] })
    // @ts-expect-error fva is a pair of minutes
    ClerkEmulator.sessionToken("sess_1", { factorVerificationAge: [1] })
    // @ts-expect-error keepPrevious is a boolean
    ClerkEmulator.rotateSigningKey({ keepPrevious: "yes" })
  })
})
