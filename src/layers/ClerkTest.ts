/**
 * The test layer: the real `Sessions` and `SignInTokens` (the client's whole code path) over an in-process
 * emulator of Clerk's Backend API. No sockets, no Clerk account. The `ClerkEmulator` handle is in the context
 * to seed, inspect and inject faults.
 *
 * ```ts
 * it.effect("revokes", () =>
 *   Effect.gen(function*() {
 *     const emulator = yield* ClerkEmulator.ClerkEmulator
 *     const [session] = yield* emulator.sessions
 *     yield* Sessions.revoke(session.id)
 *   }).pipe(Effect.provide(ClerkTest)))
 * ```
 *
 * @since 0.1.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ClerkEmulator from "../emulator/ClerkEmulator.js"
import * as ClerkConfig from "../services/ClerkConfig.js"
import { ClerkLive, type Services as ClientServices } from "./ClerkLive.js"

/**
 * Options of {@link layerTest}: the emulator's, plus client settings (e.g. `retry`, `timeout`, `apiVersion`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends ClerkEmulator.Options {
  /** Client settings; `rateLimit` defaults to `false` here (no client-side limit). */
  readonly config?: Omit<ClerkConfig.Options, "secretKey" | "apiUrl"> | undefined
}

/**
 * The services `ClerkTest` provides.
 *
 * @since 0.1.0
 * @category models
 */
export type Services = ClientServices | ClerkConfig.ClerkConfig | ClerkEmulator.ClerkEmulator

/**
 * A test layer over a new emulator built with `options`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerTest = (options: Options = {}): Layer.Layer<Services, ConfigError.ConfigError> => {
  const { config, ...emulatorOptions } = options
  const client = Layer.unwrapEffect(Effect.map(ClerkEmulator.ClerkEmulator, (emulator) => {
    // no client-side rate limit unless asked for (`config: { rateLimit: {} }`): tests stay fast and TestClock-free
    const clerkConfig = ClerkConfig.layer({
      rateLimit: false,
      ...config,
      secretKey: emulator.secretKey,
      apiUrl: emulator.url
    })
    return ClerkLive.pipe(
      Layer.provideMerge(clerkConfig),
      Layer.provide(Layer.succeed(FetchHttpClient.Fetch, emulator.fetch))
    )
  }))
  return client.pipe(Layer.provideMerge(ClerkEmulator.layer(emulatorOptions)))
}

/**
 * The default test layer: a freshly seeded emulator and the client over it. `layerTest(options)` builds one
 * with other emulator or client options.
 *
 * @since 0.1.0
 * @category layers
 */
export const ClerkTest: Layer.Layer<Services> = layerTest().pipe(Layer.orDie)
