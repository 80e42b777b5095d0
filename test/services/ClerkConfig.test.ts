import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Config, ConfigError, ConfigProvider, Duration, Effect, Exit, Layer, Redacted } from "effect"
import { spawn } from "node:child_process"
import { ClerkConfig, ClerkLive, ClerkRetry, Sessions } from "../../src/index.js"
import { assertClerkHeaders, json, makeFakeFetch } from "../support/FakeFetch.js"
import { wireSession } from "../support/Fixtures.js"

const key = "sk_test_CONFIG_SECRET_abc123"
const liveKey = "sk_live_CONFIG_SECRET_abc123"

const build = (options: Partial<ClerkConfig.Options>) =>
  ClerkConfig.ClerkConfig.pipe(Effect.provide(ClerkConfig.layer({ secretKey: Redacted.make(key), ...options })))

/** Asserts a ConfigError of kind InvalidData at `field`; returns its text. */
const invalidAt = (error: ConfigError.ConfigError, field: string): string => {
  assert.isTrue(ConfigError.isConfigError(error))
  assert.strictEqual(error._op, "InvalidData")
  if (error._op === "InvalidData") assert.deepStrictEqual(error.path, [field])
  const text = String(error)
  assert.include(text, field)
  assert.notInclude(text, "CONFIG_SECRET")
  return text
}

const fromMap = (entries: Record<string, string>) => ConfigProvider.fromMap(new Map(Object.entries(entries)))

describe("ClerkConfig", () => {
  describe("layer", () => {
    it.effect("applies the defaults", () =>
      Effect.gen(function*() {
        const config = yield* build({})
        assert.strictEqual(config.apiUrl, "https://api.clerk.com")
        assert.strictEqual(config.apiVersion, "2026-05-12")
        assert.strictEqual(config.apiVersion, ClerkConfig.defaultApiVersion)
        assert.isTrue(Duration.equals(config.timeout, Duration.seconds(10)))
        assert.isTrue(Duration.equals(config.maxRetryTime, Duration.seconds(30)))
        assert.strictEqual(config.retry, ClerkRetry.defaultSchedule)
        assert.strictEqual(Redacted.value(config.secretKey), key)
      }))

    it.effect("rejects an empty or blank secret key", () =>
      Effect.gen(function*() {
        for (const secretKey of ["", "   "]) {
          const error = yield* Effect.flip(ClerkConfig.make({ secretKey: Redacted.make(secretKey) }))
          invalidAt(error, "secretKey")
        }
      }))

    it.effect("rejects a publishable key, without repeating it", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(ClerkConfig.make({ secretKey: Redacted.make("pk_test_CONFIG_SECRET") }))
        const text = invalidAt(error, "secretKey")
        assert.include(text, "publishable")
      }))

    it.effect("trims whitespace around the key", () =>
      Effect.gen(function*() {
        const config = yield* ClerkConfig.make({ secretKey: Redacted.make(`  ${key}\n`) })
        assert.strictEqual(Redacted.value(config.secretKey), key)
      }))

    it.effect("rejects an apiUrl that is not an http(s) URL, or has credentials, a query or a fragment", () =>
      Effect.gen(function*() {
        for (
          const apiUrl of [
            "not a url",
            "api.clerk.com",
            "ftp://api.clerk.com",
            "https://user:pass@api.clerk.com",
            "https://api.clerk.com?x=1",
            "https://api.clerk.com#v1"
          ]
        ) {
          invalidAt(yield* Effect.flip(build({ apiUrl })), "apiUrl")
        }
      }))

    it.effect("refuses to send a sk_live_ key over http to a non-loopback host, naming apiUrl", () =>
      Effect.gen(function*() {
        for (const apiUrl of ["http://api.clerk.com", "http://10.0.0.5:8080", "http://localhost.evil.test"]) {
          const error = yield* Effect.flip(
            ClerkConfig.make({ secretKey: Redacted.make(liveKey), apiUrl })
          )
          invalidAt(error, "apiUrl")
        }
      }))

    it.effect("allows http to loopback with a sk_live_ key, and http anywhere with a test key", () =>
      Effect.gen(function*() {
        for (
          const apiUrl of ["http://localhost:8080", "http://127.0.0.1:3000", "http://[::1]:4000", "https://api.x.test"]
        ) {
          const config = yield* ClerkConfig.make({ secretKey: Redacted.make(liveKey), apiUrl })
          assert.strictEqual(config.apiUrl, apiUrl)
        }
        const config = yield* build({ apiUrl: "http://clerk.internal.test" })
        assert.strictEqual(config.apiUrl, "http://clerk.internal.test")
      }))

    it.effect("normalises a trailing slash and a trailing /v1", () =>
      Effect.gen(function*() {
        const cases: ReadonlyArray<readonly [string, string]> = [
          ["https://api.example.test/", "https://api.example.test"],
          ["https://api.example.test/v1", "https://api.example.test"],
          ["https://api.example.test/v1/", "https://api.example.test"],
          ["https://proxy.example.test/clerk/", "https://proxy.example.test/clerk"],
          ["https://proxy.example.test/clerk/v1", "https://proxy.example.test/clerk"]
        ]
        for (const [apiUrl, expected] of cases) {
          assert.strictEqual((yield* build({ apiUrl })).apiUrl, expected, apiUrl)
        }
      }))

    it.effect("rejects an apiVersion that is not YYYY-MM-DD", () =>
      Effect.gen(function*() {
        for (const apiVersion of ["2026-5-12", "v1", "", "2026-05-12T00:00"]) {
          invalidAt(yield* Effect.flip(build({ apiVersion })), "apiVersion")
        }
      }))

    it.effect("rejects a timeout that is not positive", () =>
      Effect.gen(function*() {
        invalidAt(yield* Effect.flip(build({ timeout: 0 })), "timeout")
      }))

    it.effect("rejects a maxRetryTime that is not positive, and a maxResponseBytes that is not a positive integer", () =>
      Effect.gen(function*() {
        invalidAt(yield* Effect.flip(build({ maxRetryTime: 0 })), "maxRetryTime")
        for (const maxResponseBytes of [0, -1, 1.5, NaN, Infinity]) {
          invalidAt(yield* Effect.flip(build({ maxResponseBytes })), "maxResponseBytes")
        }
        assert.strictEqual((yield* build({})).maxResponseBytes, 16 * 1024 * 1024)
        assert.strictEqual((yield* build({ maxResponseBytes: 1024 })).maxResponseBytes, 1024)
      }))

    it.effect("rejects a secret key with CR, LF, NUL or any character a header cannot carry, never echoing it", () =>
      Effect.gen(function*() {
        const fake = makeFakeFetch(json(200, wireSession()))
        for (
          const bad of [
            "sk_test_CONFIG_SECRET_a\r\nX-Injected: 1",
            "sk_test_CONFIG_SECRET_a\nb",
            "sk_test_CONFIG_SECRET_a\rb",
            "sk_test_CONFIG_SECRET_a\u0000b",
            "sk_test_CONFIG_SECRET_a\tb",
            "sk_test_CONFIG_SECRET_a b",
            "sk_test_CONFIG_SECRET_a\u007fb",
            "sk_test_CONFIG_SECRET_é",
            "sk_test_CONFIG_SECRET_\u2028x",
            "sk_test_CONFIG_SECRET_😀"
          ]
        ) {
          const what = JSON.stringify(bad)
          const layer = ClerkLive.pipe(
            Layer.provide(ClerkConfig.layer({ secretKey: Redacted.make(bad) })),
            Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fake.fetch))
          )
          const exit = yield* Effect.exit(Sessions.get("sess_1").pipe(Effect.provide(layer)))
          if (Exit.isSuccess(exit)) return assert.fail(`${what} was accepted`)
          const error = yield* Effect.flip(exit)
          const text = invalidAt(error as ConfigError.ConfigError, "secretKey")
          assert.include(text, "character an HTTP header cannot carry", what)
          for (const rendered of [JSON.stringify(error), Cause.pretty(exit.cause)]) {
            assert.notInclude(rendered, "CONFIG_SECRET", what)
          }
        }
        assert.strictEqual(fake.calls.length, 0, "no request was made")
      }))

    it.effect("rejects an apiUrl with any ? or # in it, even a bare one the URL parser reports as empty", () =>
      Effect.gen(function*() {
        for (
          const apiUrl of [
            "https://api.clerk.com?",
            "https://api.clerk.com#",
            "https://api.clerk.com/?",
            "https://api.clerk.com/v1#",
            "https://proxy.example.test/clerk?#",
            "http://127.0.0.1:8787/?x"
          ]
        ) {
          const text = invalidAt(yield* Effect.flip(build({ apiUrl })), "apiUrl")
          assert.include(text, "query (?) or fragment (#)", apiUrl)
        }
      }))

    it.effect("sends requests to the normalised URL with the configured API version", () =>
      Effect.gen(function*() {
        const fake = makeFakeFetch(json(200, wireSession()))
        const layer = ClerkLive.pipe(
          Layer.provide(
            ClerkConfig.layer({
              secretKey: Redacted.make(key),
              apiUrl: "https://proxy.example.test/clerk/v1/",
              apiVersion: "2025-04-10"
            })
          ),
          Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fake.fetch))
        )
        yield* Sessions.get("sess_1").pipe(Effect.provide(layer))
        assert.strictEqual(fake.calls[0]!.url.href, "https://proxy.example.test/clerk/v1/sessions/sess_1")
        assert.strictEqual(fake.calls[0]!.headers["clerk-api-version"], "2025-04-10")
        assert.strictEqual(fake.calls[0]!.headers.authorization, `Bearer ${key}`)
      }))
  })

  describe("fromEnv", () => {
    const read = ClerkConfig.ClerkConfig.pipe(Effect.provide(ClerkConfig.fromEnv))

    it.effect("reads CLERK_SECRET_KEY, CLERK_API_URL and CLERK_API_VERSION", () =>
      Effect.gen(function*() {
        const config = yield* read.pipe(
          Effect.withConfigProvider(fromMap({
            CLERK_SECRET_KEY: key,
            CLERK_API_URL: "http://127.0.0.1:9999/v1",
            CLERK_API_VERSION: "2025-04-10"
          }))
        )
        assert.strictEqual(Redacted.value(config.secretKey), key)
        assert.strictEqual(config.apiUrl, "http://127.0.0.1:9999")
        assert.strictEqual(config.apiVersion, "2025-04-10")
      }))

    it.effect("defaults the API URL and version", () =>
      Effect.gen(function*() {
        const config = yield* read.pipe(Effect.withConfigProvider(fromMap({ CLERK_SECRET_KEY: key })))
        assert.strictEqual(config.apiUrl, "https://api.clerk.com")
        assert.strictEqual(config.apiVersion, "2026-05-12")
      }))

    it.effect("works through Layer.setConfigProvider", () =>
      Effect.gen(function*() {
        const config = yield* ClerkConfig.ClerkConfig.pipe(
          Effect.provide(
            ClerkConfig.fromEnv.pipe(Layer.provide(Layer.setConfigProvider(fromMap({ CLERK_SECRET_KEY: key }))))
          )
        )
        assert.strictEqual(Redacted.value(config.secretKey), key)
      }))

    it.effect("fails with a ConfigError naming CLERK_SECRET_KEY when the key is missing", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(read.pipe(Effect.withConfigProvider(fromMap({}))))
        assert.isTrue(ConfigError.isConfigError(error))
        assert.include(String(error), "CLERK_SECRET_KEY")
      }))

    it.effect("fails with a ConfigError naming CLERK_SECRET_KEY when the key is empty", () =>
      Effect.gen(function*() {
        for (const value of ["", "  "]) {
          const error = yield* Effect.flip(read.pipe(Effect.withConfigProvider(fromMap({ CLERK_SECRET_KEY: value }))))
          assert.isTrue(ConfigError.isConfigError(error))
          assert.include(String(error), "CLERK_SECRET_KEY")
        }
      }))

    it.effect("fails when the layer is built, before any request", () =>
      Effect.gen(function*() {
        const fake = makeFakeFetch(json(200, wireSession()))
        const layer = ClerkLive.pipe(
          Layer.provide(ClerkConfig.fromEnv),
          Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fake.fetch))
        )
        let ran = false
        const error = yield* Effect.flip(
          Effect.sync(() => {
            ran = true
          }).pipe(Effect.provide(layer), Effect.withConfigProvider(fromMap({ CLERK_API_URL: "https://x.test" })))
        )
        assert.isTrue(ConfigError.isConfigError(error))
        assert.include(String(error), "CLERK_SECRET_KEY")
        assert.isFalse(ran, "the program never ran")
        assert.strictEqual(fake.calls.length, 0)
      }))

    it.effect("rejects an invalid CLERK_API_URL or CLERK_API_VERSION", () =>
      Effect.gen(function*() {
        const badUrl = yield* Effect.flip(
          read.pipe(Effect.withConfigProvider(fromMap({ CLERK_SECRET_KEY: key, CLERK_API_URL: "nope" })))
        )
        invalidAt(badUrl, "CLERK_API_URL")
        const badVersion = yield* Effect.flip(
          read.pipe(Effect.withConfigProvider(fromMap({ CLERK_SECRET_KEY: key, CLERK_API_VERSION: "latest" })))
        )
        invalidAt(badVersion, "CLERK_API_VERSION")
      }))

    it.effect("names the variable, says what is wrong in one line, never the value", () =>
      Effect.gen(function*() {
        const cases: ReadonlyArray<readonly [Record<string, string>, string, string]> = [
          [{}, "CLERK_SECRET_KEY", "CLERK_SECRET_KEY is not set"],
          [{ CLERK_SECRET_KEY: "  " }, "CLERK_SECRET_KEY", "CLERK_SECRET_KEY is not set"],
          [{ CLERK_SECRET_KEY: "pk_test_CONFIG_SECRET" }, "CLERK_SECRET_KEY", "CLERK_SECRET_KEY is a publishable key"],
          [
            { CLERK_SECRET_KEY: "sk_test_CONFIG_SECRET\nsecond line" },
            "CLERK_SECRET_KEY",
            "CLERK_SECRET_KEY contains a character an HTTP header cannot carry"
          ],
          [
            { CLERK_SECRET_KEY: key, CLERK_API_URL: "ftp://CONFIG_SECRET.example" },
            "CLERK_API_URL",
            "CLERK_API_URL must be an http(s) URL"
          ],
          [
            { CLERK_SECRET_KEY: key, CLERK_API_URL: "https://CONFIG_SECRET.example/?" },
            "CLERK_API_URL",
            "CLERK_API_URL must not contain a query (?) or fragment (#)"
          ],
          [
            { CLERK_SECRET_KEY: liveKey, CLERK_API_URL: "http://CONFIG_SECRET.example" },
            "CLERK_API_URL",
            "CLERK_API_URL is not https: a sk_live_ key is only sent over https (or to loopback)"
          ],
          [
            { CLERK_SECRET_KEY: key, CLERK_API_VERSION: "CONFIG_SECRET" },
            "CLERK_API_VERSION",
            "CLERK_API_VERSION must look like YYYY-MM-DD"
          ]
        ]
        for (const [env, variable, line] of cases) {
          const what = JSON.stringify(env)
          const error = yield* Effect.flip(read.pipe(Effect.withConfigProvider(fromMap(env))))
          assert.isTrue(ConfigError.isConfigError(error), what)
          if (error._op !== "InvalidData" && error._op !== "MissingData") return assert.fail(`${what}: ${error._op}`)
          assert.deepStrictEqual(error.path, [variable], what)
          const formatted = ClerkConfig.formatError(error)
          assert.isTrue(formatted.startsWith(line), `${what}: ${formatted}`)
          assert.notMatch(formatted, /[\r\n]/, what)
          assert.notMatch(String(error), /secretKey|apiUrl|apiVersion/, `${what}: names the variable, not the option`)
          for (const rendered of [formatted, String(error), JSON.stringify(error)]) {
            assert.notInclude(rendered, "CONFIG_SECRET", `${what}: never the value`)
          }
        }
      }))

    it.effect("a blank CLERK_API_URL or CLERK_API_VERSION counts as unset", () =>
      Effect.gen(function*() {
        const config = yield* read.pipe(
          Effect.withConfigProvider(fromMap({ CLERK_SECRET_KEY: key, CLERK_API_URL: "", CLERK_API_VERSION: " " }))
        )
        assert.strictEqual(config.apiUrl, "https://api.clerk.com")
        assert.strictEqual(config.apiVersion, "2026-05-12")
      }))

    it.effect("formatError joins several errors into one line", () =>
      Effect.sync(() => {
        const error = ConfigError.And(
          ConfigError.MissingData(["CLERK_SECRET_KEY"], "CLERK_SECRET_KEY is not set"),
          ConfigError.InvalidData(["MY_URL"], "bad\nthing")
        )
        assert.strictEqual(ClerkConfig.formatError(error), "CLERK_SECRET_KEY is not set; MY_URL: bad thing")
      }))

    it.live(
      "npm start -- --live without CLERK_SECRET_KEY prints one line naming it and exits 1",
      () =>
        Effect.gen(function*() {
          const env: Record<string, string> = {}
          for (const [name, value] of Object.entries(process.env)) {
            if (value !== undefined && !name.startsWith("CLERK_")) env[name] = value
          }
          const { code, output } = yield* Effect.promise(() =>
            new Promise<{ code: number | null; output: string }>((resolve) => {
              const chunks: Array<Buffer> = []
              const child = spawn("npx", ["tsx", "examples/demo.ts", "--live"], {
                cwd: new URL("../..", import.meta.url),
                env,
                stdio: ["ignore", "pipe", "pipe"]
              })
              child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk))
              child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk))
              child.on("close", (code) => resolve({ code, output: Buffer.concat(chunks).toString("utf8") }))
            })
          )
          assert.strictEqual(code, 1, output)
          assert.strictEqual(output, "CLERK_SECRET_KEY is not set\n")
        }),
      60_000
    )

    it.effect("drives a real request with the key from the environment", () =>
      Effect.gen(function*() {
        const fake = makeFakeFetch(json(200, wireSession()))
        const layer = ClerkLive.pipe(
          Layer.provide(ClerkConfig.fromEnv),
          Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fake.fetch))
        )
        yield* Sessions.get("sess_1").pipe(
          Effect.provide(layer),
          Effect.withConfigProvider(fromMap({ CLERK_SECRET_KEY: key, CLERK_API_URL: "https://api.clerk.test" }))
        )
        assert.strictEqual(fake.calls[0]!.url.href, "https://api.clerk.test/v1/sessions/sess_1")
        assert.strictEqual(fake.calls[0]!.headers.authorization, `Bearer ${key}`)
      }))
  })

  describe("layerConfig", () => {
    it.effect("reads options from Config values", () =>
      Effect.gen(function*() {
        const config = yield* ClerkConfig.ClerkConfig.pipe(
          Effect.provide(ClerkConfig.layerConfig({
            secretKey: Config.redacted("MY_KEY"),
            apiUrl: Config.succeed("https://eu.clerk.test/")
          })),
          Effect.withConfigProvider(fromMap({ MY_KEY: key }))
        )
        assert.strictEqual(Redacted.value(config.secretKey), key)
        assert.strictEqual(config.apiUrl, "https://eu.clerk.test")
      }))
  })

  it.effect("headers carry the default version with the default config", () =>
    Effect.gen(function*() {
      const fake = makeFakeFetch(json(200, wireSession()))
      const layer = ClerkLive.pipe(
        Layer.provide(ClerkConfig.layer({ secretKey: Redacted.make("sk_test_FAKE_SECRET_0123456789") })),
        Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fake.fetch))
      )
      yield* Sessions.get("sess_1").pipe(Effect.provide(layer))
      assert.strictEqual(fake.calls[0]!.url.href, "https://api.clerk.com/v1/sessions/sess_1")
      assertClerkHeaders(fake.calls[0]!)
    }))
})
