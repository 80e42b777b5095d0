/**
 * 1b. CPU per `GET /v1/sessions/:id` with no sockets: every side calls the same in-memory `fetch` (a fresh
 * `Response` per call, installed as `globalThis.fetch` for this section), so what is left is each client's own CPU,
 * free of network and server noise. Sides: that `fetch` + `text` + `JSON.parse` (raw), `@clerk/backend`, the two
 * floors over `fetch`, effect-clerk's `ClerkLive` (an answer with a declared length, as table 1's server sends, and
 * one without: chunked or compressed, its body counted as a `Stream`) and, with `--against <dir>`, the effect-clerk of
 * another checkout (e.g. before a change) in the same interleaved run. CPU time per call (`process.cpuUsage`),
 * median over rounds.
 */
import { createClerkClient } from "@clerk/backend"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import * as EffectClerk from "../src/index.js"
import { buildPackage } from "./build.js"
import { floorCall, secretKey } from "./clients.js"
import { sessionJson } from "./fixtures.js"
import { median, rotate } from "./stats.js"

export interface Options {
  readonly calls: number
  readonly rounds: number
  readonly warmupRounds: number
  readonly against: string | undefined
}

const apiUrl = "http://127.0.0.1:1"
const url = `${apiUrl}/v1/sessions/sess_1`
const body = JSON.stringify(sessionJson(1))
/** Answers like the loopback server of table 1 (a declared `content-length`); `/chunked/` ones like a compressed or
 * chunked answer (no length: effect-clerk counts `maxResponseBytes` as the body streams). */
const fakeFetch = async (input: RequestInfo | URL, _init?: RequestInit) =>
  new Response(body, {
    headers: String(input).includes("/chunked/")
      ? { "content-type": "application/json" }
      : { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) }
  })

const clerkRuntime = (module: typeof EffectClerk, url = apiUrl) =>
  ManagedRuntime.make(
    module.ClerkLive.pipe(
      Layer.provide(module.ClerkConfig.layer({ secretKey: Redacted.make(secretKey), apiUrl: url, rateLimit: false }))
    )
  )

export const run = async (options: Options) => {
  const saved = { fetch: globalThis.fetch, nodeEnv: process.env.NODE_ENV }
  globalThis.fetch = fakeFetch as typeof globalThis.fetch
  // @clerk/backend binds `fetch` at import, except under NODE_ENV=test, where it reads `globalThis.fetch` per call.
  process.env.NODE_ENV = "test"
  const clerk = createClerkClient({ secretKey, apiUrl, telemetry: { disabled: true } })
  const runtime = clerkRuntime(EffectClerk)
  const chunked = clerkRuntime(EffectClerk, `${apiUrl}/chunked`)
  const platform = ManagedRuntime.make(FetchHttpClient.layer)
  const raw = async () => JSON.parse(await (await fetch(url)).text())
  const perCall = (call: () => Promise<unknown>) => async (calls: number) => {
    for (let i = 0; i < calls; i++) await call()
  }
  const sides: Record<string, (calls: number) => Promise<unknown>> = {
    raw: perCall(raw),
    clerkBackend: perCall(() => clerk.sessions.getSession("sess_1")),
    runtimeFloor: perCall(() => platform.runPromise(Effect.tryPromise(raw))),
    fetchFloor: perCall(() => platform.runPromise(floorCall(url))),
    effectClerk: perCall(() => runtime.runPromise(EffectClerk.Sessions.get("sess_1"))),
    effectClerkChunked: perCall(() => chunked.runPromise(EffectClerk.Sessions.get("sess_1")))
  }
  let other: ManagedRuntime.ManagedRuntime<any, any> | undefined
  if (options.against !== undefined) {
    const entry = await buildPackage(path.resolve(options.against), "against")
    const module = await import(pathToFileURL(entry).href)
    const otherRuntime = clerkRuntime(module as typeof EffectClerk)
    other = otherRuntime
    sides.against = perCall(() => otherRuntime.runPromise((module as typeof EffectClerk).Sessions.get("sess_1")))
  }
  const samples = new Map<string, Array<number>>(Object.keys(sides).map((side) => [side, []]))
  try {
    for (let round = 0; round < options.warmupRounds + options.rounds; round++) {
      for (const side of rotate(Object.keys(sides), round)) {
        const start = process.cpuUsage()
        await sides[side]!(options.calls)
        const used = process.cpuUsage(start)
        if (round >= options.warmupRounds) samples.get(side)!.push((used.user + used.system) / options.calls)
      }
    }
  } finally {
    globalThis.fetch = saved.fetch
    if (saved.nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = saved.nodeEnv
    await Promise.all([runtime.dispose(), chunked.dispose(), platform.dispose(), other?.dispose()])
  }
  return [...samples].map(([side, s]) => ({ side, microseconds: median(s) }))
}
