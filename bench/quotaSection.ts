/**
 * `--only quota`: (1) the fleet scenario of issue 14 (bench/quota.ts) for three sides: effect-clerk with the Redis
 * limit, effect-clerk with only its 429 retries, and `@clerk/backend`; (2) what the limiter costs per call when it
 * never waits: sequential `Sessions.get` against the bench's loopback server with no limit, the in-process limit and
 * the Redis limit (a real redis-server on loopback), CPU and wall time per call.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import { spawn } from "node:child_process"
import * as net from "node:net"
import { ClerkConfig, ClerkLive, Sessions } from "../src/index.js"
import * as ClerkRateLimitRedis from "../src/services/ClerkRateLimitRedis.js"
import { buildScript } from "./build.js"
import { benchFile } from "./cache.js"
import { secretKey } from "./clients.js"
import { type FleetResult, runFleet, type Side } from "./quota.js"
import { fixed } from "./table.js"

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error()))
    })
  })

const startRedis = async () => {
  const port = await freePort()
  const child = spawn("redis-server", [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no"
  ])
  await new Promise<void>((resolve, reject) => {
    let out = ""
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes("Ready to accept connections")) resolve()
    })
    child.once("exit", () => reject(new Error(`redis-server did not start: ${out.slice(-300)}`)))
  })
  return { port, stop: () => child.kill("SIGKILL") }
}

export interface CostRow {
  readonly side: string
  readonly cpuMicros: number
  readonly wallMicros: number
}

export interface QuotaResults {
  readonly fleet: ReadonlyArray<FleetResult>
  readonly cost: ReadonlyArray<CostRow>
  readonly durationMs: number
}

const sides = ["no limit", "in-process limit", "Redis limit"] as const

const runtimeFor = (apiUrl: string, side: typeof sides[number], redisPort: number) => {
  const config = ClerkConfig.layer({
    secretKey: Redacted.make(secretKey),
    apiUrl,
    // a quota this loop never reaches: the limiter runs on every call and never waits
    rateLimit: side === "no limit" ? false : { limit: 1_000_000_000 }
  })
  const live = side === "Redis limit"
    ? ClerkLive.pipe(
      Layer.provide(ClerkRateLimitRedis.layerRedis({ redis: { port: redisPort }, prefix: `cost:${Date.now()}:` }))
    )
    : ClerkLive
  return ManagedRuntime.make(live.pipe(Layer.provide(config), Layer.orDie))
}

/** The three sides interleaved round by round (noise hits all alike); the median round of each. */
const costs = async (apiUrl: string, redisPort: number, rounds: number): Promise<Array<CostRow>> => {
  const runtimes = sides.map((side) => runtimeFor(apiUrl, side, redisPort))
  const calls = 2000
  const round = (runtime: typeof runtimes[number]) =>
    runtime.runPromise(
      Effect.forEach(Array.from({ length: calls }), () => Sessions.get("sess_bench"), { discard: true })
    )
  for (const runtime of runtimes) await round(runtime) // warm-up
  for (const runtime of runtimes) await round(runtime)
  const samples = sides.map(() => [] as Array<{ cpu: number; wall: number }>)
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < runtimes.length; i++) {
      const cpu = process.cpuUsage()
      const wall = performance.now()
      await round(runtimes[i]!)
      const used = process.cpuUsage(cpu)
      samples[i]!.push({ cpu: (used.user + used.system) / calls, wall: ((performance.now() - wall) * 1000) / calls })
    }
  }
  await Promise.all(runtimes.map((runtime) => runtime.dispose()))
  const median = (values: Array<number>) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!
  return sides.map((side, i) => ({
    side,
    cpuMicros: median(samples[i]!.map((s) => s.cpu)),
    wallMicros: median(samples[i]!.map((s) => s.wall))
  }))
}

export const run = async (apiUrl: string, quick: boolean, withFleet = true): Promise<QuotaResults> => {
  const redis = await startRedis()
  try {
    const cost = await costs(apiUrl, redis.port, quick ? 3 : 9)
    if (!withFleet) return { fleet: [], cost, durationMs: 0 }
    const script = await buildScript(benchFile("quotaWorker.ts"))
    const durationMs = quick ? 10_000 : 30_000
    const fleet: Array<FleetResult> = []
    for (const side of ["redis", "retries", "clerk-backend"] as ReadonlyArray<Side>) {
      fleet.push(
        await runFleet({
          side,
          workers: 4,
          concurrency: 64,
          durationMs,
          limit: 100,
          windowMs: 10_000,
          redisPort: redis.port,
          maxRetryTimeMs: 60_000,
          workerCommand: [process.execPath, script]
        })
      )
    }
    return { fleet, cost, durationMs }
  } finally {
    redis.stop()
  }
}

const sideName: Record<Side, string> = {
  redis: "effect-clerk + Redis limit",
  retries: "effect-clerk, retries only",
  "clerk-backend": "@clerk/backend"
}

const signed = (n: number) => (n >= 0 ? `+${fixed(n)}` : fixed(n))

export const table = (r: QuotaResults): string => {
  const fleet = r.fleet.length === 0 ? [] : [
    `quota: 4 processes × 64 calls in flight for ${r.durationMs / 1000} s, one key, loopback emulator at 100 per 10 s`,
    "| side | calls ok | calls failed | failures by tag | 429s at the emulator | quota used |",
    "|---|---|---|---|---|---|",
    ...r.fleet.map((f) =>
      `| ${sideName[f.side]} | ${f.ok} | ${f.failed} | ${
        Object.entries(f.byTag).map(([tag, n]) => `${tag} ${n}`).join(", ") || "—"
      } | ${f.tooManyRequests} | ${fixed(f.quotaUsed * 100)} % |`
    )
  ]
  const base = r.cost[0]!
  const cost = [
    "limiter cost per call (sequential Sessions.get on loopback, never waiting; sides interleaved, median round of 2000)",
    "| side | CPU µs/call | Δ CPU | wall µs/call | Δ wall |",
    "|---|---|---|---|---|",
    ...r.cost.map((c) =>
      `| ${c.side} | ${fixed(c.cpuMicros)} | ${c === base ? "—" : signed(c.cpuMicros - base.cpuMicros)} | ${
        fixed(c.wallMicros)
      } | ${c === base ? "—" : signed(c.wallMicros - base.wallMicros)} |`
    )
  ]
  return [...fleet, "", ...cost].join("\n")
}
