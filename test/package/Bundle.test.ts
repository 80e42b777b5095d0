import { describe, expect, it } from "@effect/vitest"
import * as esbuild from "esbuild"
import { fileURLToPath } from "node:url"

const index = fileURLToPath(new URL("../../src/index.ts", import.meta.url))

const bundle = (contents: string) =>
  esbuild.build({
    stdin: { contents, resolveDir: process.cwd(), loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent"
  })

describe("the package barrel", () => {
  it("bundles for browsers and edge runtimes, leaving the emulator and its server out of a client app", async () => {
    const result = await bundle(`
      import { Effect, Redacted } from "effect"
      import { ClerkConfig, ClerkLive, Sessions } from ${JSON.stringify(index)}
      export const main = Sessions.get("sess_1").pipe(
        Effect.provide(ClerkLive),
        Effect.provide(ClerkConfig.layer({ secretKey: Redacted.make("sk_test_x") }))
      )
    `)
    const code = result.outputFiles[0]!.text
    expect(result.errors).toEqual([])
    expect(code).toContain("effect-clerk/Sessions")
    expect(code).not.toContain("node:http")
    expect(code).not.toContain("effect-clerk/ClerkEmulator")
    // the emulator (its issuer and in-process origin) stays out; request authentication (RS256 over WebCrypto, or
    // node:crypto found at run time through process.getBuiltinModule: no import a browser bundle would choke on) is in
    expect(code).not.toContain("emulator.clerk.local")
    expect(code).not.toContain("clerk-emulator.invalid")
    expect(code).toContain("RS256")
  })

  it("bundles only the services an app imports: Users alone leaves Organizations and the emulator out", async () => {
    const result = await bundle(`
      import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
      import { Effect, Layer, Redacted } from "effect"
      import { ClerkConfig, ClerkHttpClient, Users } from ${JSON.stringify(index)}
      const client = ClerkHttpClient.layer.pipe(Layer.provide(FetchHttpClient.layer), 
        Layer.provide(ClerkConfig.layer({ secretKey: Redacted.make("sk_test_x") }))
      )
      export const main = Users.getUser({ userId: "user_1" }).pipe(Effect.provide(Users.layer), Effect.provide(client))
    `)
    const code = result.outputFiles[0]!.text
    expect(result.errors).toEqual([])
    expect(code).toContain("effect-clerk/Users")
    expect(code).toContain("Users.getUser")
    expect(code).not.toContain("effect-clerk/Organizations")
    expect(code).not.toContain("Organizations.createOrganization")
    expect(code).not.toContain("effect-clerk/Sessions")
    expect(code).not.toContain("emulator.clerk.local")
    expect(code).not.toContain("node:http")
  })
})
