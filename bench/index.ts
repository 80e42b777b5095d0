/**
 * `npm run bench` (full, a few minutes) or `npm run bench -- --quick` (CI: proves it runs, under a minute).
 * One run against one loopback server (a minimal `node:http` server in a child process, see server.ts), sections
 * interleaved per side so noise hits all sides alike; prints one table per measurement, ratios to the baseline.
 * `--json <file>` also writes the raw figures; `--against <dir>` adds another checkout's effect-clerk to 1b (before/
 * after). Never fails on a missed target: the table says so.
 */
import * as fs from "node:fs"
import { buildPackage } from "./build.js"
import * as bundle from "./bundle.js"
import { makeClients } from "./clients.js"
import * as coldStart from "./coldStart.js"
import * as cpuPerCall from "./cpuPerCall.js"
import * as decode from "./decode.js"
import * as listAll from "./listAll.js"
import { describeMachine } from "./machine.js"
import * as sequential from "./sequential.js"
import { startServer } from "./serverProcess.js"
import { fixed, kb, mb, ratio, table } from "./table.js"
import * as throughput from "./throughput.js"

const args = process.argv.slice(2)
const quick = args.includes("--quick")
const jsonFile = args.includes("--json") ? args[args.indexOf("--json") + 1] : undefined
const against = args.includes("--against") ? args[args.indexOf("--against") + 1] : undefined

const settings = quick
  ? {
    sequential: { calls: 200, batch: 50, warmupRounds: 1 },
    cpuPerCall: { calls: 200, rounds: 3, warmupRounds: 1 },
    throughput: { inFlight: 64, sliceMs: 600, slices: 1, warmupSlices: 0 },
    decode: { rounds: 5, perRound: 4, warmupRounds: 1 },
    listAll: {
      total: 10_000,
      checkpoints: [1_000, 5_000, 10_000],
      repetitions: 1,
      capMb: 48,
      cappedSides: ["effectClerk"] as ReadonlyArray<listAll.Side>
    },
    coldStartRuns: 3
  }
  : {
    sequential: { calls: 3_000, batch: 100, warmupRounds: 5 },
    cpuPerCall: { calls: 1_000, rounds: 12, warmupRounds: 3 },
    throughput: { inFlight: 64, sliceMs: 1000, slices: 5, warmupSlices: 1 },
    decode: { rounds: 30, perRound: 10, warmupRounds: 3 },
    listAll: {
      total: 100_000,
      checkpoints: [10_000, 50_000, 100_000],
      repetitions: 2,
      capMb: 48,
      cappedSides: ["raw", "effectClerk"] as ReadonlyArray<listAll.Side>
    },
    coldStartRuns: 15
  }

const callSides = {
  raw: "raw fetch + JSON.parse",
  clerkBackend: "@clerk/backend sessions.getSession",
  runtimeFloor: "floor: Effect runtime only, runPromise(tryPromise(raw))",
  platformFloor: "floor: @effect/platform FetchHttpClient (as effect-clerk uses it) + text + JSON.parse",
  effectClerk: "effect-clerk Sessions.get (runtime.runPromise per call)",
  effectNative: "effect-clerk Sessions.get (inside one Effect program)"
} as const

const started = performance.now()
const machine = describeMachine()
const out: Array<string> = []
const print = (text: string) => {
  out.push(text)
  console.log(text + "\n")
}
let lap = performance.now()
/** Prints a measurement's table with the time it took. */
const section = (text: string) => {
  const now = performance.now()
  print(`${text}\n  (${fixed((now - lap) / 1000)} s)`)
  lap = now
}
print(
  `effect-clerk bench (${quick ? "quick" : "full"}), ${machine.date}\n` +
    `node ${machine.node}, ${machine.cpus} cpus, ${machine.cpuModel}, load average ${machine.load}\n` +
    "target: minimal node:http server in a child process (see bench/RESULTS.md for why not the emulator)"
)

const entry = await buildPackage()
lap = performance.now()
const server = await startServer()
const clients = makeClients(server.apiUrl)
try {
  const seq = await sequential.run(clients, settings.sequential)
  const seqRaw = seq.find((r) => r.side === "raw")!
  const seqFloor = seq.find((r) => r.side === "platformFloor")!
  section(table(
    `1. sequential GET /v1/sessions/:id, ${seqRaw.calls} calls per side after ${
      settings.sequential.warmupRounds * settings.sequential.batch
    } warm-up calls, batches of ${settings.sequential.batch} interleaved`,
    ["side", "median µs", "p99 µs", "median × raw", "p99 × raw", "median × platform floor"],
    seq.map((r) => [
      callSides[r.side],
      fixed(r.median * 1000),
      fixed(r.p99 * 1000),
      ratio(r.median, seqRaw.median),
      ratio(r.p99, seqRaw.p99),
      ratio(r.median, seqFloor.median)
    ])
  ))

  const cpu = await cpuPerCall.run({ ...settings.cpuPerCall, against })
  const cpuRaw = cpu.find((r) => r.side === "raw")!
  const cpuFloor = cpu.find((r) => r.side === "platformFloor")!
  section(table(
    `1b. CPU per call with an in-memory fetch (no sockets, no server), ${settings.cpuPerCall.calls} calls × ${settings.cpuPerCall.rounds} interleaved rounds`,
    ["side", "CPU µs/call", "× raw", "× platform floor"],
    cpu.map((r) => [
      {
        raw: "in-memory fetch + text + JSON.parse",
        platformFloor: "floor: @effect/platform FetchHttpClient (as effect-clerk uses it) + text + JSON.parse",
        effectClerk: "effect-clerk Sessions.get (runtime.runPromise per call)",
        against: `effect-clerk Sessions.get of ${against ?? ""}`
      }[r.side] ?? r.side,
      fixed(r.microseconds),
      ratio(r.microseconds, cpuRaw.microseconds),
      ratio(r.microseconds, cpuFloor.microseconds)
    ])
  ))

  const tp = await throughput.run(clients, settings.throughput)
  const tpRaw = tp.find((r) => r.side === "raw")!
  const tpClerk = tp.find((r) => r.side === "clerkBackend")!
  const tpFloor = tp.find((r) => r.side === "platformFloor")!
  section(table(
    `2. throughput, ${settings.throughput.inFlight} calls in flight, ${
      settings.throughput.slices * settings.throughput.sliceMs / 1000
    } s per side in ${settings.throughput.slices} interleaved slice(s) after ${settings.throughput.warmupSlices} warm-up slice(s)`,
    ["side", "calls", "calls/s", "× raw", "× @clerk/backend", "× platform floor"],
    tp.map((r) => [
      callSides[r.side],
      String(r.calls),
      fixed(r.perSecond, 0),
      ratio(r.perSecond, tpRaw.perSecond),
      ratio(r.perSecond, tpClerk.perSecond),
      ratio(r.perSecond, tpFloor.perSecond)
    ])
  ))

  const dec = await decode.run(settings.decode)
  const decRaw = dec.find((r) => r.side === "jsonParse")!
  section(table(
    `3. decoding a ${decode.pageSize}-session page (${kb(decRaw.bytes)} of JSON), no network, ${
      settings.decode.rounds * settings.decode.perRound
    } decodes per side`,
    ["side", "median ms", "× JSON.parse"],
    dec.map((r) => [
      {
        jsonParse: "JSON.parse alone",
        effectClerk: "JSON.parse + effect-clerk page decoder (fast path)",
        effectClerkSchema: "JSON.parse + Schema.decodeUnknown(SessionPage) (before)",
        clerkBackend: "JSON.parse + @clerk/backend deserialize",
        dateTimeFloor: "floor: JSON.parse + only the 5 DateTime.Utc per session"
      }[r.side],
      fixed(r.median, 3),
      ratio(r.median, decRaw.median)
    ])
  ))

  const la = await listAll.run(server.apiUrl, server.setTotal, settings.listAll)
  const laRaw = la.uncapped.find((r) => r.side === "raw")!
  const laLabel = {
    raw: "raw fetch + JSON.parse, page loop",
    clerkBackend: "@clerk/backend getSessionList, page loop",
    effectClerk: "effect-clerk Sessions.listAll + Stream.runForEach"
  } as const
  const heapCells = (r: listAll.Result) =>
    r.error !== undefined
      ? settings.listAll.checkpoints.map(() => r.error!)
      : r.samples.map((s) => `${fixed(s.heapUsed / 1024 / 1024)} (${fixed(s.peak / 1024 / 1024)})`)
  section(table(
    `4. every session of ${settings.listAll.total}, pages of 500; heap MB at each checkpoint: heapUsed after a ` +
      "forced GC, and in brackets the peak heapUsed seen at page ends since the previous checkpoint (no forced GC)",
    ["side", "time s", "× raw", "baseline", ...settings.listAll.checkpoints.map((n) => `at ${n / 1000}k (peak)`)],
    [
      ...la.uncapped.map((r) => [
        `${laLabel[r.side]} (fastest of ${settings.listAll.repetitions})`,
        fixed(r.ms / 1000, 2),
        ratio(r.ms, laRaw.ms),
        mb(r.baseline),
        ...heapCells(r)
      ]),
      ...la.capped.map((r) => [
        `${laLabel[r.side]}, old space capped at ${settings.listAll.capMb} MB`,
        fixed(r.ms / 1000, 2),
        ratio(r.ms, laRaw.ms),
        mb(r.baseline),
        ...heapCells(r)
      ])
    ]
  ))

  const cold = coldStart.run(entry, settings.coldStartRuns, !quick)
  const coldClerk = cold.find((r) => r.side === "clerkBackend")!
  section(table(
    `5. cold start: node --input-type=module -e "await import(...)", median of ${settings.coldStartRuns} runs`,
    ["side", "median ms", "× @clerk/backend"],
    cold.map((r) => [
      {
        node: "node, empty script (floor)",
        effectDeps: "effect + @effect/platform modules the client imports",
        effectClerk: "effect-clerk (built index.js, the barrel)",
        effectClerkClient: "effect-clerk ClerkLive + ClerkConfig modules only",
        clerkBackend: "@clerk/backend"
      }[r.side],
      fixed(r.median),
      ratio(r.median, coldClerk.median)
    ])
  ))

  const sizes = await bundle.run(entry)
  section(table(
    "6. bundle: esbuild --bundle --minify, ESM, browser; gzip -9",
    ["app", "minified", "gzip", "gzip × @clerk/backend"],
    [
      ...(Object.entries(sizes) as Array<[bundle.App, { minified: number; gzip: number }]>).map(([app, size]) => [
        {
          effectClerk: "a) effect-clerk Sessions.get",
          clerkBackend: "b) @clerk/backend getSession",
          handWritten: "c) effect + @effect/platform by hand",
          handWrittenPlusEffectClerk: "d) c + a in one app"
        }[app],
        kb(size.minified),
        kb(size.gzip),
        ratio(size.gzip, sizes.clerkBackend.gzip)
      ]),
      [
        "marginal d − c (effect-clerk added to an Effect app)",
        "",
        kb(sizes.handWrittenPlusEffectClerk.gzip - sizes.handWritten.gzip),
        ""
      ],
      ["a − c (as the issue words it)", "", kb(sizes.effectClerk.gzip - sizes.handWritten.gzip), ""]
    ]
  ))

  const seqEffect = seq.find((r) => r.side === "effectClerk")!
  const tpEffect = tp.find((r) => r.side === "effectClerk")!
  const decEffect = dec.find((r) => r.side === "effectClerk")!
  const laEffect = la.uncapped.find((r) => r.side === "effectClerk")!
  const laCapped = la.capped.find((r) => r.side === "effectClerk")!
  const growth = laEffect.samples.at(-1)!.heapUsed - laEffect.samples[0]!.heapUsed
  const cappedPeak = laCapped.error === undefined ? Math.max(...laCapped.samples.map((s) => s.peak)) : NaN
  const marginal = sizes.handWrittenPlusEffectClerk.gzip - sizes.handWritten.gzip
  const verdict = (ok: boolean) => (ok ? "met" : "MISSED")
  print(table("targets (informational, never fails the run)", ["target", "measured", ""], [
    [
      "per-call median ≤ 1.10× raw fetch",
      ratio(seqEffect.median, seqRaw.median),
      verdict(seqEffect.median <= 1.1 * seqRaw.median)
    ],
    [
      "throughput ≥ 1.0× @clerk/backend",
      ratio(tpEffect.perSecond, tpClerk.perSecond),
      verdict(tpEffect.perSecond >= tpClerk.perSecond)
    ],
    [
      "500-item decode ≤ 1.5× JSON.parse",
      ratio(decEffect.median, decRaw.median),
      verdict(decEffect.median <= 1.5 * decRaw.median)
    ],
    [
      `listAll heap flat (after-GC growth ≤ 2 MB; runs under a ${settings.listAll.capMb} MB old-space cap)`,
      `${mb(growth)}; ${laCapped.error ?? `peak ${mb(cappedPeak)}`}`,
      verdict(growth <= 2 * 1024 * 1024 && laCapped.error === undefined)
    ],
    ["marginal bundle ≤ 15 kB gzip", kb(marginal), verdict(marginal <= 15 * 1024)]
  ]))
  print(`done in ${fixed((performance.now() - started) / 1000)} s`)
  if (jsonFile !== undefined) {
    fs.writeFileSync(
      jsonFile,
      JSON.stringify({ machine, quick, seq, cpu, tp, dec, la, cold, sizes, text: out }, null, 2)
    )
  }
} finally {
  await clients.runtime.dispose()
  await clients.platformRuntime.dispose()
  server.stop()
}
process.exit(0)
