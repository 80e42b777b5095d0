/**
 * Where and how to reach Clerk: secret key, API URL and version, per-attempt timeout and retry policy.
 *
 * ```ts
 * program.pipe(Effect.provide(ClerkLive), Effect.provide(ClerkConfig.fromEnv))
 * program.pipe(Effect.provide(ClerkLive), Effect.provide(ClerkConfig.layer({ secretKey: Redacted.make("sk_…") })))
 * ```
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { jwtKeyProblem, normalisePem } from "../internal/jwtKey.js"
import { defaultSchedule, type RetrySchedule } from "./ClerkRetry.js"

/**
 * The API version sent in `Clerk-API-Version` unless configured: the newest one the contract covers.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultApiVersion = "2026-05-12"

/**
 * Clerk's production Backend API.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultApiUrl = "https://api.clerk.com"

/**
 * What users configure. Only `secretKey` is required.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The instance's secret key (`sk_test_…` / `sk_live_…`). */
  readonly secretKey: Redacted.Redacted<string>
  /** Base URL without `/v1` (a trailing `/v1` is accepted). Default `https://api.clerk.com`. */
  readonly apiUrl?: string | undefined
  /** `Clerk-API-Version` header, `YYYY-MM-DD`. Default {@link defaultApiVersion}. */
  readonly apiVersion?: string | undefined
  /** Timeout of each attempt, response body included. Default 10 seconds. */
  readonly timeout?: Duration.DurationInput | undefined
  /** Retry schedule. Default `ClerkRetry.defaultSchedule` (exponential from 250 ms, jitter, 4 retries). */
  readonly retry?: RetrySchedule | undefined
  /** Total time budget of one call, retries and waits included. Default 30 seconds. */
  readonly maxRetryTime?: Duration.DurationInput | undefined
  /**
   * The instance's PEM public key (Clerk dashboard → API keys → JWT public key). With it, `ClerkAuth` verifies
   * session tokens without any request; without it, keys come from `GET /v1/jwks`.
   */
  readonly jwtKey?: string | undefined
  /** Origins a session token's `azp` may name, e.g. `["https://app.example.com"]`. Default: any. */
  readonly authorizedParties?: ReadonlyArray<string> | undefined
  /** Tolerance for `exp`, `nbf` and `iat` against this machine's clock. Default 5 seconds. */
  readonly clockSkew?: Duration.DurationInput | undefined
}

/**
 * The validated configuration.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  readonly secretKey: Redacted.Redacted<string>
  /** Normalised base URL, without trailing slash and without `/v1`. */
  readonly apiUrl: string
  readonly apiVersion: string
  readonly timeout: Duration.Duration
  readonly retry: RetrySchedule
  readonly maxRetryTime: Duration.Duration
  /** The PEM public key, normalised (checked to be an RSA public key of 2048 bits or more). */
  readonly jwtKey: string | undefined
  readonly authorizedParties: ReadonlyArray<string>
  readonly clockSkew: Duration.Duration
}

/**
 * The configuration service.
 *
 * @since 0.1.0
 * @category tags
 */
export class ClerkConfig extends Context.Tag("effect-clerk/ClerkConfig")<ClerkConfig, Service>() {}

const invalid = (field: string, message: string) => Effect.fail(ConfigError.InvalidData([field], message))

const isOrigin = (value: string): boolean => {
  try {
    return new URL(value).origin === value
  } catch {
    return false
  }
}

const isLoopback = (hostname: string) =>
  hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)

const normaliseApiUrl = (apiUrl: string, liveKey: boolean): Effect.Effect<string, ConfigError.ConfigError> => {
  let url: URL
  try {
    url = new URL(apiUrl)
  } catch {
    return invalid("apiUrl", `apiUrl is not a URL: ${JSON.stringify(apiUrl)}`)
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return invalid("apiUrl", `apiUrl must be http(s), got ${url.protocol}`)
  }
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    return invalid("apiUrl", "apiUrl must not contain credentials, a query or a fragment")
  }
  if (liveKey && url.protocol !== "https:" && !isLoopback(url.hostname)) {
    return invalid("apiUrl", `a sk_live_ key is only sent over https (or to loopback); apiUrl is ${url.origin}`)
  }
  return Effect.succeed(url.href.replace(/\/+$/, "").replace(/\/v1$/, ""))
}

/**
 * Validates options into the service. Fails with a `ConfigError` naming the bad field; the key's value never
 * appears in it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Service, ConfigError.ConfigError> =>
  Effect.gen(function*() {
    const key = Redacted.value(options.secretKey).trim()
    if (key.length === 0) return yield* invalid("secretKey", "the secret key is empty")
    if (key.startsWith("pk_")) {
      return yield* invalid(
        "secretKey",
        "this is a publishable key (pk_…); the Backend API needs the secret key (sk_…)"
      )
    }
    const apiUrl = yield* normaliseApiUrl(options.apiUrl ?? defaultApiUrl, key.startsWith("sk_live_"))
    const apiVersion = options.apiVersion ?? defaultApiVersion
    if (!/^\d{4}-\d{2}-\d{2}$/.test(apiVersion)) {
      return yield* invalid("apiVersion", `apiVersion must look like YYYY-MM-DD, got ${JSON.stringify(apiVersion)}`)
    }
    const timeout = Duration.decode(options.timeout ?? "10 seconds")
    if (!Duration.greaterThan(timeout, Duration.zero)) return yield* invalid("timeout", "timeout must be positive")
    const maxRetryTime = Duration.decode(options.maxRetryTime ?? "30 seconds")
    const jwtKey = options.jwtKey === undefined ? undefined : normalisePem(options.jwtKey)
    if (jwtKey !== undefined) {
      const problem = yield* Effect.promise(() => jwtKeyProblem(jwtKey))
      if (problem !== undefined) return yield* invalid("jwtKey", problem)
    }
    const authorizedParties = options.authorizedParties ?? []
    for (const party of authorizedParties) {
      if (!isOrigin(party)) {
        return yield* invalid(
          "authorizedParties",
          `authorizedParties must be origins like https://app.example.com (no path, no trailing slash), got ${
            JSON.stringify(party)
          }`
        )
      }
    }
    const clockSkew = Duration.decode(options.clockSkew ?? "5 seconds")
    return ClerkConfig.of({
      secretKey: key === Redacted.value(options.secretKey) ? options.secretKey : Redacted.make(key),
      apiUrl,
      apiVersion,
      timeout,
      retry: options.retry ?? defaultSchedule,
      maxRetryTime,
      jwtKey,
      authorizedParties,
      clockSkew
    })
  })

/**
 * A layer from literal options: `ClerkConfig.layer({ secretKey: Redacted.make("sk_…") })`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<ClerkConfig, ConfigError.ConfigError> =>
  Layer.effect(ClerkConfig, make(options))

/**
 * A layer from `Config` values: `ClerkConfig.layerConfig({ secretKey: Config.redacted("MY_KEY") })`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (config: Config.Config.Wrap<Options>): Layer.Layer<ClerkConfig, ConfigError.ConfigError> =>
  Layer.effect(ClerkConfig, Effect.flatMap(Config.unwrap(config), make))

/**
 * Reads `CLERK_SECRET_KEY` (required), `CLERK_API_URL`, `CLERK_API_VERSION`, `CLERK_JWT_KEY` (PEM public key) and
 * `CLERK_AUTHORIZED_PARTIES` (comma-separated origins) from the `ConfigProvider`
 * (the environment by default). A missing key is a `ConfigError` naming the variable, when the layer is built.
 *
 * @since 0.1.0
 * @category layers
 */
export const fromEnv: Layer.Layer<ClerkConfig, ConfigError.ConfigError> = layerConfig({
  // an empty variable (`CLERK_SECRET_KEY=` in a .env file) is reported under the variable's name, like a missing one
  secretKey: Config.redacted(
    Config.nested(
      Config.string().pipe(Config.validate({ message: "must not be empty", validation: (key) => key.trim() !== "" })),
      "CLERK_SECRET_KEY"
    )
  ),
  apiUrl: Config.string("CLERK_API_URL").pipe(Config.withDefault(defaultApiUrl)),
  apiVersion: Config.string("CLERK_API_VERSION").pipe(Config.withDefault(defaultApiVersion)),
  jwtKey: Config.string("CLERK_JWT_KEY").pipe(
    Config.withDefault(""),
    Config.map((pem) => pem.trim() === "" ? undefined : pem)
  ),
  authorizedParties: Config.string("CLERK_AUTHORIZED_PARTIES").pipe(
    Config.withDefault(""),
    Config.map((list) => list.split(",").map((party) => party.trim()).filter((party) => party !== ""))
  )
})
