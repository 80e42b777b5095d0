/**
 * 6. Bundle size: esbuild (bundle, minify, ESM, browser platform) of four small apps, gzip level 9.
 * a) effect-clerk `Sessions.get` (the built package, see build.ts); b) `@clerk/backend` `getSession`;
 * c) an app that already uses `effect` + `@effect/platform` (FetchHttpClient, Schema, retry, timeout) for a
 * similar call by hand; d) app c plus a) — the marginal cost of effect-clerk in an existing Effect app is d − c
 * (and a − c, as the issue asks).
 */
import * as esbuild from "esbuild"
import * as fs from "node:fs"
import * as path from "node:path"
import * as zlib from "node:zlib"
import { cacheDir } from "./cache.js"

const effectClerkApp = `
import { Effect, Redacted } from "effect"
import { ClerkConfig, ClerkLive, Sessions } from "effect-clerk"
export const effectClerk = Sessions.get("sess_123").pipe(
  Effect.provide(ClerkLive),
  Effect.provide(ClerkConfig.layer({ secretKey: Redacted.make("sk_test_x") }))
)
`

const handWrittenApp = `
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { Effect, Schema } from "effect"
const Session = Schema.Struct({
  id: Schema.String,
  user_id: Schema.String,
  status: Schema.String,
  last_active_at: Schema.Number,
  expire_at: Schema.Number
})
export const handWritten = Effect.gen(function*() {
  const client = (yield* HttpClient.HttpClient).pipe(HttpClient.filterStatusOk, HttpClient.retryTransient({ times: 3 }))
  const response = yield* client.get("https://api.clerk.com/v1/sessions/sess_123", {
    headers: { authorization: "Bearer sk_test_x" }
  })
  return yield* HttpClientResponse.schemaBodyJson(Session)(response)
}).pipe(Effect.timeout("10 seconds"), Effect.provide(FetchHttpClient.layer))
`

const apps = {
  effectClerk: `${effectClerkApp}\nEffect.runPromise(effectClerk).then((s) => console.log(s.id))\n`,
  clerkBackend: `
import { createClerkClient } from "@clerk/backend"
const clerk = createClerkClient({ secretKey: "sk_test_x" })
clerk.sessions.getSession("sess_123").then((s) => console.log(s.id))
`,
  handWritten: `${handWrittenApp}\nEffect.runPromise(handWritten).then((s) => console.log(s.id))\n`,
  handWrittenPlusEffectClerk: `${handWrittenApp}\n${effectClerkApp}
Effect.runPromise(Effect.all([handWritten, effectClerk])).then(([a, b]) => console.log(a.id, b.id))
`
} as const

export type App = keyof typeof apps

export const run = async (entry: string) => {
  const dir = path.join(cacheDir(), "bundle")
  fs.mkdirSync(dir, { recursive: true })
  const sizes = {} as Record<App, { readonly minified: number; readonly gzip: number }>
  for (const [app, source] of Object.entries(apps) as Array<[App, string]>) {
    const file = path.join(dir, `${app}.ts`)
    fs.writeFileSync(file, source)
    const result = await esbuild.build({
      entryPoints: [file],
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      write: false,
      alias: { "effect-clerk": entry },
      // the emulator (exported by the barrel) imports node:http lazily; unused here, tree-shaken
      external: ["node:*"],
      logLevel: "silent"
    })
    const code = result.outputFiles[0]!.contents
    sizes[app] = { minified: code.length, gzip: zlib.gzipSync(code, { level: 9 }).length }
  }
  return sizes
}
