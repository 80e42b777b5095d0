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
import * as Option from "effect/Option"
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
  /** Most bytes of one answer's body, counted decoded (after gzip/deflate/br). Default 16 MiB. */
  readonly maxResponseBytes?: number | undefined
  /**
   * The quota to stay under (`ClerkRateLimit`): Clerk's limit per window, or `false` for no client-side limit.
   * Default from the key: `sk_live_` 1000 per 10 s, any other 100 per 10 s.
   */
  readonly rateLimit?: RateLimitOptions | false | undefined
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
 * A quota: at most `limit` requests per `window` (what Clerk enforces; the limiter keeps a margin below it).
 *
 * @since 0.3.0
 * @category models
 */
export interface RateLimitOptions {
  /** Requests per window. Default from the key: 1000 (`sk_live_`) or 100. */
  readonly limit?: number | undefined
  /** Default 10 seconds. */
  readonly window?: Duration.DurationInput | undefined
}

/**
 * A resolved quota.
 *
 * @since 0.3.0
 * @category models
 */
export interface RateLimit {
  readonly limit: number
  readonly window: Duration.Duration
}

/**
 * Clerk's quota for a secret key: 1000 requests per 10 s for production keys (`sk_live_`), 100 for the others.
 *
 * @since 0.3.0
 * @category constants
 */
export const defaultRateLimit = (secretKey: string): RateLimit => ({
  limit: secretKey.startsWith("sk_live_") ? 1000 : 100,
  window: Duration.seconds(10)
})

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
  /** The quota the client-side limiter keeps under; `undefined` when off. */
  readonly rateLimit?: RateLimit | undefined
  readonly maxResponseBytes: number
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

/**
 * The name each setting is reported under: the option's (`secretKey`) or, from the environment, the variable's
 * (`CLERK_SECRET_KEY`). Messages start with it and never hold a value.
 */
interface Names {
  readonly secretKey: string
  readonly apiUrl: string
  readonly apiVersion: string
  readonly jwtKey: string
  readonly authorizedParties: string
}

const optionNames: Names = {
  secretKey: "secretKey",
  apiUrl: "apiUrl",
  apiVersion: "apiVersion",
  jwtKey: "jwtKey",
  authorizedParties: "authorizedParties"
}

/**
 * The default `maxResponseBytes`: 16 MiB, about 30 times a 500-session page.
 *
 * @since 0.3.0
 * @category constants
 */
export const defaultMaxResponseBytes = 16 * 1024 * 1024

const invalid = (field: string, message: string) => Effect.fail(ConfigError.InvalidData([field], `${field} ${message}`))

const isOrigin = (value: string): boolean => {
  try {
    return new URL(value).origin === value
  } catch {
    return false
  }
}

const isLoopback = (hostname: string) =>
  hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)

/** What an `Authorization` header value may hold of a key: visible ASCII only (no CR, LF, NUL, space, non-ASCII). */
const isHeaderSafeKey = (key: string) => /^[\x21-\x7e]+$/.test(key)

const normaliseApiUrl = (
  apiUrl: string,
  liveKey: boolean,
  name: string
): Effect.Effect<string, ConfigError.ConfigError> => {
  // the URL parser reports a bare trailing `?` or `#` as an empty query or fragment: check the raw string
  if (apiUrl.includes("?") || apiUrl.includes("#")) return invalid(name, "must not contain a query (?) or fragment (#)")
  let url: URL
  try {
    url = new URL(apiUrl)
  } catch {
    return invalid(name, "is not a URL")
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return invalid(name, "must be an http(s) URL")
  if (url.username !== "" || url.password !== "") return invalid(name, "must not contain credentials")
  if (liveKey && url.protocol !== "https:" && !isLoopback(url.hostname)) {
    return invalid(name, "is not https: a sk_live_ key is only sent over https (or to loopback)")
  }
  return Effect.succeed(url.href.replace(/\/+$/, "").replace(/\/v1$/, ""))
}

const resolveRateLimit = (
  key: string,
  options: RateLimitOptions | undefined
): Effect.Effect<RateLimit, ConfigError.ConfigError> => {
  const defaults = defaultRateLimit(key)
  const limit = options?.limit ?? defaults.limit
  if (!Number.isInteger(limit) || limit < 1) {
    return invalid("rateLimit", `limit must be a positive integer, got ${limit}`)
  }
  const window = options?.window === undefined ? defaults.window : Duration.decode(options.window)
  if (!Duration.greaterThan(window, Duration.zero) || !Duration.isFinite(window)) {
    return invalid("rateLimit", "window must be positive and finite")
  }
  return Effect.succeed({ limit, window })
}

const makeNamed = (options: Options, names: Names): Effect.Effect<Service, ConfigError.ConfigError> =>
  Effect.gen(function*() {
    const key = Redacted.value(options.secretKey).trim()
    if (key.length === 0) return yield* invalid(names.secretKey, "is empty")
    if (key.startsWith("pk_")) {
      return yield* invalid(
        names.secretKey,
        "is a publishable key (pk_…); the Backend API needs the secret key (sk_…)"
      )
    }
    if (!isHeaderSafeKey(key)) {
      return yield* invalid(
        names.secretKey,
        "contains a character an HTTP header cannot carry (a line break, NUL, space or non-ASCII character)"
      )
    }
    const apiUrl = yield* normaliseApiUrl(options.apiUrl ?? defaultApiUrl, key.startsWith("sk_live_"), names.apiUrl)
    const apiVersion = options.apiVersion ?? defaultApiVersion
    if (!/^\d{4}-\d{2}-\d{2}$/.test(apiVersion)) return yield* invalid(names.apiVersion, "must look like YYYY-MM-DD")
    const timeout = Duration.decode(options.timeout ?? "10 seconds")
    if (!Duration.greaterThan(timeout, Duration.zero)) return yield* invalid("timeout", "must be positive")
    const maxRetryTime = Duration.decode(options.maxRetryTime ?? "30 seconds")
    if (!Duration.greaterThan(maxRetryTime, Duration.zero)) return yield* invalid("maxRetryTime", "must be positive")
    const maxResponseBytes = options.maxResponseBytes ?? defaultMaxResponseBytes
    if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes <= 0) {
      return yield* invalid("maxResponseBytes", "must be a positive integer")
    }
    const rateLimit = options.rateLimit === false ? undefined : yield* resolveRateLimit(key, options.rateLimit)
    const jwtKey = options.jwtKey === undefined ? undefined : normalisePem(options.jwtKey)
    if (jwtKey !== undefined) {
      const problem = yield* Effect.promise(() => jwtKeyProblem(jwtKey))
      if (problem !== undefined) return yield* invalid(names.jwtKey, problem.replace(/^jwtKey /, ""))
    }
    const authorizedParties = options.authorizedParties ?? []
    for (const party of authorizedParties) {
      if (!isOrigin(party)) {
        return yield* invalid(
          names.authorizedParties,
          "must be origins like https://app.example.com (no path, no trailing slash)"
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
      rateLimit,
      maxResponseBytes,
      jwtKey,
      authorizedParties,
      clockSkew
    })
  })

/**
 * Validates options into the service. Fails with a `ConfigError` naming the bad field; the key's value never
 * appears in it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Service, ConfigError.ConfigError> =>
  makeNamed(options, optionNames)

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

const envNames: Names = {
  secretKey: "CLERK_SECRET_KEY",
  apiUrl: "CLERK_API_URL",
  apiVersion: "CLERK_API_VERSION",
  jwtKey: "CLERK_JWT_KEY",
  authorizedParties: "CLERK_AUTHORIZED_PARTIES"
}

/** An optional variable; set but blank counts as unset (`CLERK_API_URL=` in a .env file). */
const optionalVariable = (name: string) =>
  Config.option(Config.string(name)).pipe(Config.map(Option.filter((value) => value.trim() !== "")))

/**
 * Reads `CLERK_SECRET_KEY` (required), `CLERK_API_URL`, `CLERK_API_VERSION`, `CLERK_JWT_KEY` (PEM public key) and
 * `CLERK_AUTHORIZED_PARTIES` (comma-separated origins) from the `ConfigProvider` (the environment by default), when
 * the layer is built. A missing or bad value is a `ConfigError` naming the
 * variable, one line saying what is wrong (never the value): `CLERK_SECRET_KEY is not set`. A blank optional
 * variable counts as unset. `formatError` renders it as that one line.
 *
 * @since 0.1.0
 * @category layers
 */
export const fromEnv: Layer.Layer<ClerkConfig, ConfigError.ConfigError> = Layer.effect(
  ClerkConfig,
  Effect.flatMap(
    Config.all({
      secretKey: optionalVariable(envNames.secretKey),
      apiUrl: optionalVariable(envNames.apiUrl),
      apiVersion: optionalVariable(envNames.apiVersion),
      jwtKey: optionalVariable(envNames.jwtKey),
      authorizedParties: optionalVariable(envNames.authorizedParties)
    }),
    ({ apiUrl, apiVersion, authorizedParties, jwtKey, secretKey }) =>
      Option.isNone(secretKey)
        ? Effect.fail(ConfigError.MissingData([envNames.secretKey], `${envNames.secretKey} is not set`))
        : makeNamed({
          secretKey: Redacted.make(secretKey.value),
          apiUrl: Option.getOrUndefined(apiUrl),
          apiVersion: Option.getOrUndefined(apiVersion),
          jwtKey: Option.getOrUndefined(jwtKey),
          authorizedParties: Option.match(authorizedParties, {
            onNone: () => [],
            onSome: (list) => list.split(",").map((party) => party.trim()).filter((party) => party !== "")
          })
        }, envNames)
  )
)

const configErrorLines = (error: ConfigError.ConfigError): Array<string> => {
  switch (error._op) {
    case "And":
    case "Or":
      return [...configErrorLines(error.left), ...configErrorLines(error.right)]
    default: {
      const path = error.path.join(".")
      const message = error.message.replace(/\s*[\r\n]+\s*/g, " ")
      return [path === "" || message.startsWith(path) ? message : `${path}: ${message}`]
    }
  }
}

/**
 * A `ConfigError` as one line, e.g. `CLERK_SECRET_KEY is not set`, for a program to print instead of a fiber
 * dump when its configuration is missing or bad (README "Call the Backend API").
 *
 * @since 0.3.0
 * @category formatting
 */
export const formatError = (error: ConfigError.ConfigError): string =>
  Array.from(new Set(configErrorLines(error))).join("; ")
