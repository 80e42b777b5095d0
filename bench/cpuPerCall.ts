/**
 * 1b. CPU per `GET /v1/sessions/:id` with no sockets: every side gets the same in-memory `fetch` (a fresh
 * `Response` per call), so what is left is the client's own CPU, free of network and server noise. Sides: that
 * `fetch` + `text` + `JSON.parse` (raw), the `@effect/platform` `FetchHttpClient` floor (set up as effect-clerk
 * sets it up), effect-clerk, and with
 * `--against <dir>` the effect-clerk of another checkout (e.g. before a change) in the same interleaved run.
 * CPU time per call (`process.cpuUsage`), median over rounds.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import * as EffectClerk from "../src/index.js"
import { asEffectClerkDoes } from "./clients.js"
import { sessionJson } from "./fixtures.js"
import { median, rotate } from "./stats.js"

export interface Options {
  readonly calls: number
  readonly rounds: number
  readonly warmupRounds: number
  readonly against: string | undefined
}

const apiUrl = "http://127.0.0.1:1"
const body = JSON.stringify(sessionJson(1))
const fakeFetch = async (_input: RequestInfo | URL, _init?: RequestInit) =>
  new Response(body, { headers: { "content-type": "application/json" } })
const fetchLayer = FetchHttpClient.layer.pipe(
  Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fakeFetch as typeof globalThis.fetch))
)

const clerkRuntime = (module: typeof EffectClerk) =>
  ManagedRuntime.make(
    module.ClerkLiveWithoutHttpClient.pipe(
      Layer.provide(fetchLayer),
      Layer.provide(module.ClerkConfig.layer({ secretKey: Redacted.make("sk_test_bench"), apiUrl }))
    )
  )

export const run = async (options: Options) => {
  const runtime = clerkRuntime(EffectClerk)
  const platform = ManagedRuntime.make(fetchLayer)
  const sides: Record<string, () => Promise<unknown>> = {
    raw: async () => JSON.parse(await (await fakeFetch(`${apiUrl}/v1/sessions/sess_1`)).text()),
    platformFloor: () =>
      platform.runPromise(
        Effect.flatMap(
          HttpClient.HttpClient,
          (client) =>
            Effect.flatMap(
              asEffectClerkDoes(client).get(`${apiUrl}/v1/sessions/sess_1`),
              (r) => Effect.map(r.text, JSON.parse)
            )
        )
      ),
    effectClerk: () => runtime.runPromise(EffectClerk.Sessions.get("sess_1"))
  }
  let other: ManagedRuntime.ManagedRuntime<any, any> | undefined
  if (options.against !== undefined) {
    const module = await import(pathToFileURL(path.resolve(options.against, "src", "index.ts")).href)
    const otherRuntime = clerkRuntime(module as typeof EffectClerk)
    other = otherRuntime
    sides.against = () => otherRuntime.runPromise((module as typeof EffectClerk).Sessions.get("sess_1"))
  }
  const samples = new Map<string, Array<number>>(Object.keys(sides).map((side) => [side, []]))
  for (let round = 0; round < options.warmupRounds + options.rounds; round++) {
    for (const side of rotate(Object.keys(sides), round)) {
      const call = sides[side]!
      const start = process.cpuUsage()
      for (let i = 0; i < options.calls; i++) await call()
      const used = process.cpuUsage(start)
      if (round >= options.warmupRounds) samples.get(side)!.push((used.user + used.system) / options.calls)
    }
  }
  await Promise.all([runtime.dispose(), platform.dispose(), other?.dispose()])
  return [...samples].map(([side, s]) => ({ side, microseconds: median(s) }))
}
