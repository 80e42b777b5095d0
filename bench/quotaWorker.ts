/**
 * One process of the quota fleet (bench/quota.ts): `concurrency` loops, each calling `Sessions.list` (distinct
 * offsets: nothing coalesced) back to back from `start` until `start + durationMs`, then every call still in flight
 * is interrupted (it is neither a success nor a failure). Prints one JSON line: `{ ok, failed, byTag }`.
 * Sides: `redis` (effect-clerk, limit shared through Redis), `retries` (effect-clerk without a client-side limit:
 * only its 429 retries), `clerk-backend` (`@clerk/backend`, which does not retry 429s).
 */
import { createClerkClient } from "@clerk/backend"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { ClerkConfig, ClerkLive, Sessions } from "../src/index.js"
import * as ClerkRateLimitRedis from "../src/services/ClerkRateLimitRedis.js"

export interface WorkerArgs {
  readonly side: "redis" | "retries" | "clerk-backend"
  readonly apiUrl: string
  readonly secretKey: string
  readonly userId: string
  readonly redisPort: number
  readonly concurrency: number
  readonly durationMs: number
  readonly quota: { readonly limit: number; readonly windowMs: number }
  readonly maxRetryTimeMs: number
  readonly prefix: string
}

export interface WorkerResult {
  readonly ok: number
  readonly failed: number
  readonly byTag: Record<string, number>
}

const args = JSON.parse(process.argv[2]!) as WorkerArgs
const result = { ok: 0, failed: 0, byTag: {} as Record<string, number> }
const fail = (tag: string) => {
  result.failed++
  result.byTag[tag] = (result.byTag[tag] ?? 0) + 1
}
let offset = 0
/** Says "ready" and waits for the common start time (unix ms) on stdin. */
const ready = (): Promise<number> =>
  new Promise((resolve) => {
    let input = ""
    process.stdin.setEncoding("utf8")
    process.stdin.on("data", (chunk: string) => {
      input += chunk
      if (input.includes("\n")) resolve(Number(input.trim()))
    })
    process.stdout.write("ready\n")
  })
const untilStart = (start: number) => Effect.suspend(() => Effect.sleep(Math.max(0, start - Date.now())))

const effectClerk = () => {
  const config = ClerkConfig.layer({
    secretKey: Redacted.make(args.secretKey),
    apiUrl: args.apiUrl,
    maxRetryTime: `${args.maxRetryTimeMs} millis`,
    rateLimit: args.side === "retries" ? false : { limit: args.quota.limit, window: `${args.quota.windowMs} millis` }
  })
  const live = args.side === "redis"
    ? ClerkLive.pipe(
      Layer.provide(ClerkRateLimitRedis.layerRedis({ redis: { port: args.redisPort }, prefix: args.prefix }))
    )
    : ClerkLive
  const loop = Effect.forever(
    Effect.suspend(() => Sessions.list({ userId: args.userId, limit: 1, offset: offset++ % 1000 })).pipe(
      Effect.matchEffect({
        onFailure: (error) =>
          Effect.sync(() =>
            fail(
              error._tag === "RateLimited" && error.errors[0]?.code === "client_rate_limited"
                ? "RateLimited(client)"
                : error._tag
            )
          ),
        onSuccess: () => Effect.sync(() => void result.ok++)
      })
    )
  )
  return Effect.gen(function*() {
    const context = yield* Layer.build(live.pipe(Layer.provide(config), Layer.orDie))
    const start = yield* Effect.promise(ready)
    yield* untilStart(start)
    const fibers = yield* Effect.forEach(
      Array.from({ length: args.concurrency }),
      () => Effect.fork(Effect.provide(loop, context))
    )
    yield* untilStart(start + args.durationMs)
    yield* Fiber.interruptAll(fibers)
  }).pipe(Effect.scoped, Effect.runPromise)
}

const clerkBackend = async () => {
  const clerk = createClerkClient({ secretKey: args.secretKey, apiUrl: args.apiUrl, telemetry: { disabled: true } })
  const start = await ready()
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, start - Date.now())))
  const end = start + args.durationMs
  const loop = async () => {
    while (Date.now() < end) {
      try {
        await clerk.sessions.getSessionList({ userId: args.userId, limit: 1, offset: offset++ % 1000 })
        if (Date.now() < end) result.ok++
      } catch (error) {
        if (Date.now() < end) fail(`status ${(error as { status?: number }).status ?? "none"}`)
      }
    }
  }
  await Promise.all(Array.from({ length: args.concurrency }, loop))
}

await (args.side === "clerk-backend" ? clerkBackend() : effectClerk())
process.stdout.write(JSON.stringify(result) + "\n")
process.exit(0)
