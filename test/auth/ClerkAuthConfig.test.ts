import { assert, describe, it } from "@effect/vitest"
import { ConfigError, ConfigProvider, Duration, Effect, Layer, Redacted } from "effect"
import * as NodeCrypto from "node:crypto"
import { ClerkConfig } from "../../src/index.js"
import { makeKey } from "../support/SessionTokens.js"

const secretKey = Redacted.make("sk_test_AUTH_CONFIG")

const invalidAt = (error: ConfigError.ConfigError, field: string, value?: string): string => {
  assert.strictEqual(error._op, "InvalidData")
  if (error._op === "InvalidData") assert.deepStrictEqual(error.path, [field])
  const text = String(error)
  if (value !== undefined) assert.notInclude(text, value)
  return text
}

const fromEnv = (entries: Record<string, string>) =>
  ClerkConfig.ClerkConfig.pipe(
    Effect.provide(ClerkConfig.fromEnv),
    Effect.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(entries)))))
  )

describe("ClerkConfig: authentication settings", () => {
  it.effect("defaults: no jwtKey, any authorized party, 5 seconds of clock skew", () =>
    Effect.gen(function*() {
      const config = yield* ClerkConfig.make({ secretKey })
      assert.strictEqual(config.jwtKey, undefined)
      assert.deepStrictEqual(config.authorizedParties, [])
      assert.isTrue(Duration.equals(config.clockSkew, Duration.seconds(5)))
    }))

  it.effect("a jwtKey that is not an RSA public key of 2048+ bits is a ConfigError naming jwtKey, without its value", () =>
    Effect.gen(function*() {
      const ec = NodeCrypto.generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey
        .export({ type: "spki", format: "pem" }).toString()
      const weak = NodeCrypto.generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey
        .export({ type: "spki", format: "pem" }).toString()
      const privatePem = NodeCrypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey
        .export({ type: "pkcs8", format: "pem" }).toString()
      const garbage = "-----BEGIN PUBLIC KEY-----\nNOT_A_KEY_SECRETISH\n-----END PUBLIC KEY-----"
      for (const jwtKey of [ec, weak, privatePem, garbage, "pk_test_abc", ""]) {
        const error = yield* Effect.flip(ClerkConfig.make({ secretKey, jwtKey }))
        const text = invalidAt(error, "jwtKey")
        assert.notInclude(text, "NOT_A_KEY_SECRETISH")
        assert.notInclude(text, "MII")
      }
    }))

  it.effect("a valid jwtKey is kept as a normalised PEM", () =>
    Effect.gen(function*() {
      const key = yield* makeKey("k")
      const config = yield* ClerkConfig.make({ secretKey, jwtKey: key.pem.replace(/\n/g, "\\n") })
      assert.strictEqual(config.jwtKey, key.pem.trim())
    }))

  it.effect("authorizedParties must be origins: a trailing slash or a path would refuse every token", () =>
    Effect.gen(function*() {
      for (const party of ["https://app.example.com/", "https://app.example.com/app", "app.example.com"]) {
        const error = yield* Effect.flip(ClerkConfig.make({ secretKey, authorizedParties: [party] }))
        assert.include(invalidAt(error, "authorizedParties"), "origins")
      }
      const config = yield* ClerkConfig.make({
        secretKey,
        authorizedParties: ["https://app.example.com", "http://localhost:3000"]
      })
      assert.deepStrictEqual(config.authorizedParties, ["https://app.example.com", "http://localhost:3000"])
    }))

  it.effect("fromEnv reads CLERK_JWT_KEY and CLERK_AUTHORIZED_PARTIES (comma-separated)", () =>
    Effect.gen(function*() {
      const key = yield* makeKey("k")
      const config = yield* fromEnv({
        CLERK_SECRET_KEY: "sk_test_env",
        CLERK_JWT_KEY: key.pem.replace(/\n/g, "\\n"),
        CLERK_AUTHORIZED_PARTIES: "https://a.example.com, https://b.example.com,"
      })
      assert.strictEqual(config.jwtKey, key.pem.trim())
      assert.deepStrictEqual(config.authorizedParties, ["https://a.example.com", "https://b.example.com"])
      const plain = yield* fromEnv({ CLERK_SECRET_KEY: "sk_test_env" })
      assert.strictEqual(plain.jwtKey, undefined)
      assert.deepStrictEqual(plain.authorizedParties, [])
    }))
})
