import { describe, expectTypeOf, it } from "@effect/vitest"
import type { ConfigError, Effect, Layer } from "effect"
import type { ClerkConfig, RateLimited } from "../../src/index.js"
import type * as ClerkRateLimit from "../../src/services/ClerkRateLimit.js"
import type * as ClerkRateLimitRedis from "../../src/services/ClerkRateLimitRedis.js"

describe("rate limit types", () => {
  it("layerRedis and layer provide ClerkRateLimit from ClerkConfig, and cannot fail", () => {
    expectTypeOf<ReturnType<typeof ClerkRateLimitRedis.layerRedis>>().toEqualTypeOf<
      Layer.Layer<ClerkRateLimit.ClerkRateLimit, never, ClerkConfig.ClerkConfig>
    >()
    expectTypeOf<ReturnType<typeof ClerkRateLimit.layer>>().toEqualTypeOf<
      Layer.Layer<ClerkRateLimit.ClerkRateLimit, never, ClerkConfig.ClerkConfig>
    >()
  })

  it("acquire fails only with RateLimited; learn cannot fail", () => {
    expectTypeOf<ReturnType<ClerkRateLimit.Service["acquire"]>>().toEqualTypeOf<Effect.Effect<number, RateLimited>>()
    expectTypeOf<ReturnType<ClerkRateLimit.Service["learn"]>>().toEqualTypeOf<Effect.Effect<void>>()
  })

  it("ClerkConfig takes a quota or false, nothing else", () => {
    expectTypeOf<{ rateLimit: false }>().toMatchTypeOf<Partial<ClerkConfig.Options>>()
    expectTypeOf<{ rateLimit: { limit: 300; window: "10 seconds" } }>().toMatchTypeOf<Partial<ClerkConfig.Options>>()
    // @ts-expect-error: `true` is not a quota
    const on: Partial<ClerkConfig.Options> = { rateLimit: true }
    expectTypeOf(on).not.toBeAny()
    expectTypeOf<ReturnType<typeof ClerkConfig.layer>>().toEqualTypeOf<
      Layer.Layer<ClerkConfig.ClerkConfig, ConfigError.ConfigError>
    >()
  })
})
