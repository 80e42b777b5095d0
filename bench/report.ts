/** The tables: one function per measurement, plus the targets, from the measurements' results. */
import type * as bundle from "./bundle.js"
import type { Side } from "./clients.js"
import type * as coldStart from "./coldStart.js"
import type * as cpuPerCall from "./cpuPerCall.js"
import * as decode from "./decode.js"
import type * as listAll from "./listAll.js"
import type * as sequential from "./sequential.js"
import type { Settings } from "./settings.js"
import { fixed, kb, mb, ratio, table } from "./table.js"
import type * as throughput from "./throughput.js"

type Results<F extends (...args: Array<any>) => any> = Awaited<ReturnType<F>>

const callSides = {
  raw: "raw fetch + JSON.parse",
  clerkBackend: "@clerk/backend sessions.getSession",
  runtimeFloor: "floor: Effect runtime only, runPromise(tryPromise(raw fetch))",
  fetchFloor: "floor: FetchHttpClient (as effect-clerk sets it up) + text + JSON.parse",
  effectClerk: "effect-clerk Sessions.get, ClerkLive (FetchHttpClient)",
  undiciFloor: "floor: NodeHttpClient undici (ClerkLiveNode's) + text + JSON.parse",
  effectClerkNode: "effect-clerk Sessions.get, ClerkLiveNode (NodeHttpClient undici)",
  nodeHttpFloor: "floor: NodeHttpClient node:http (keep-alive agent) + text + JSON.parse",
  effectClerkNodeHttp: "effect-clerk Sessions.get, ClerkLiveFromHttpClient over that node:http client"
} as const

/** Each effect-clerk side's own floor: the same `HttpClient`, without effect-clerk. */
const floorOf: Partial<Record<Side, Side>> = {
  effectClerk: "fetchFloor",
  effectClerkNode: "undiciFloor",
  effectClerkNodeHttp: "nodeHttpFloor"
}

export const sequentialTable = (seq: Results<typeof sequential.run>, settings: Settings) => {
  const of = (side: Side) => seq.find((r) => r.side === side)!
  return table(
    `1. sequential GET /v1/sessions/:id, ${of("raw").calls} calls per side after ${
      settings.sequential.warmupRounds * settings.sequential.batch
    } warm-up calls, batches of ${settings.sequential.batch} interleaved`,
    ["side", "median µs", "p99 µs", "median × raw", "p99 × raw", "median × own floor"],
    seq.map((r) => {
      const floor = floorOf[r.side]
      return [
        callSides[r.side],
        fixed(r.median * 1000),
        fixed(r.p99 * 1000),
        ratio(r.median, of("raw").median),
        ratio(r.p99, of("raw").p99),
        floor === undefined ? "" : ratio(r.median, of(floor).median)
      ]
    })
  )
}

export const cpuTable = (cpu: Results<typeof cpuPerCall.run>, settings: Settings, against: string | undefined) => {
  const cpuRaw = cpu.find((r) => r.side === "raw")!
  const cpuFloor = cpu.find((r) => r.side === "fetchFloor")!
  return table(
    `1b. CPU per call with an in-memory fetch (no sockets, no server), ${settings.cpuPerCall.calls} calls × ${settings.cpuPerCall.rounds} interleaved rounds`,
    ["side", "CPU µs/call", "× raw", "× fetch floor"],
    cpu.map((r) => [
      ({
        ...callSides,
        raw: "in-memory fetch + text + JSON.parse",
        effectClerkChunked:
          "effect-clerk Sessions.get, ClerkLive, an answer without content-length (body counted as a Stream)",
        against: `effect-clerk Sessions.get, ClerkLive, of ${against ?? ""}`
      } as Record<string, string>)[r.side] ?? r.side,
      fixed(r.microseconds),
      ratio(r.microseconds, cpuRaw.microseconds),
      ratio(r.microseconds, cpuFloor.microseconds)
    ])
  )
}

export const throughputTable = (tp: Results<typeof throughput.run>, settings: Settings) => {
  const of = (side: Side) => tp.find((r) => r.side === side)!
  return table(
    `2. throughput, ${settings.throughput.inFlight} calls in flight, ${
      settings.throughput.slices * settings.throughput.sliceMs / 1000
    } s per side in ${settings.throughput.slices} interleaved slice(s) after ${settings.throughput.warmupSlices} warm-up slice(s)`,
    ["side", "calls", "calls/s", "× raw", "× @clerk/backend", "× own floor"],
    tp.map((r) => {
      const floor = floorOf[r.side]
      return [
        callSides[r.side],
        String(r.calls),
        fixed(r.perSecond, 0),
        ratio(r.perSecond, of("raw").perSecond),
        ratio(r.perSecond, of("clerkBackend").perSecond),
        floor === undefined ? "" : ratio(r.perSecond, of(floor).perSecond)
      ]
    })
  )
}

export const decodeTable = (dec: Results<typeof decode.run>, settings: Settings) => {
  const decRaw = dec.sides.find((r) => r.side === "jsonParse")!
  return table(
    `3. decoding a ${decode.pageSize}-session page (${kb(dec.bytes)} of JSON), no network, ${
      settings.decode.rounds * settings.decode.perRound
    } decodes per side`,
    ["side", "median CPU ms", "× JSON.parse", "µs over JSON.parse"],
    dec.sides.map((r) => [
      {
        jsonParse: "JSON.parse alone",
        effectClerk: "JSON.parse + Schema.decodeUnknown(SessionPageFromWire) (effect-clerk)",
        clerkBackend: "JSON.parse + @clerk/backend deserialize"
      }[r.side],
      fixed(r.median, 3),
      ratio(r.median, decRaw.median),
      fixed((r.median - decRaw.median) * 1000, 0)
    ])
  )
}

export const listAllTable = (la: Results<typeof listAll.run>, settings: Settings) => {
  const laRaw = la.uncapped.find((r) => r.side === "raw")!
  const laLabel = {
    raw: "raw fetch + JSON.parse, page loop",
    clerkBackend: "@clerk/backend getSessionList, page loop",
    effectClerk: "effect-clerk Sessions.listAll + Stream.runForEach",
    effectClerkNode: "effect-clerk ClerkLiveNode Sessions.listAll + Stream.runForEach"
  } as const
  const heapCells = (r: listAll.Result) =>
    r.error !== undefined
      ? settings.listAll.checkpoints.map(() => r.error!)
      : r.samples.map((s) => `${fixed(s.heapUsed / 1024 / 1024)} (${fixed(s.peak / 1024 / 1024)})`)
  return table(
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
  )
}

export const coldStartTable = (cold: Results<typeof coldStart.run>, settings: Settings) => {
  const coldClerk = cold.find((r) => r.side === "clerkBackend")!
  return table(
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
  )
}

export const bundleTable = (sizes: Results<typeof bundle.run>) =>
  table(
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
  )

/** The guards of issue 17 and the older targets still held, for the sections that ran (informational). */
export const targetsTable = (
  results: {
    readonly seq: Results<typeof sequential.run> | undefined
    readonly dec: Results<typeof decode.run> | undefined
    readonly la: Results<typeof listAll.run> | undefined
    readonly sizes: Results<typeof bundle.run> | undefined
  },
  settings: Settings
) => {
  const { dec, la, seq, sizes } = results
  const verdict = (ok: boolean) => (ok ? "met" : "MISSED")
  const rows: Array<Array<string>> = []
  if (seq) {
    const floor = seq.find((r) => r.side === "fetchFloor")!.median
    const effect = seq.find((r) => r.side === "effectClerk")!.median
    rows.push([
      "Sessions.get median ≤ 1.25× FetchHttpClient floor: ClerkLive (issue 17)",
      ratio(effect, floor),
      verdict(effect <= 1.25 * floor)
    ])
  }
  if (dec) {
    const parse = dec.sides.find((r) => r.side === "jsonParse")!.median
    const effect = dec.sides.find((r) => r.side === "effectClerk")!.median
    rows.push([
      `${decode.pageSize}-session page decode ≤ 3× JSON.parse (issue 17)`,
      ratio(effect, parse),
      verdict(effect <= 3 * parse)
    ])
  }
  if (la) {
    const laEffect = la.uncapped.find((r) => r.side === "effectClerk")!
    const laCapped = la.capped.find((r) => r.side === "effectClerk")!
    const growth = laEffect.samples.at(-1)!.heapUsed - laEffect.samples[0]!.heapUsed
    const cappedPeak = laCapped.error === undefined ? Math.max(...laCapped.samples.map((s) => s.peak)) : NaN
    rows.push([
      `listAll heap flat (after-GC growth ≤ 2 MB; runs under a ${settings.listAll.capMb} MB old-space cap)`,
      `${mb(growth)}; ${laCapped.error ?? `peak ${mb(cappedPeak)}`}`,
      verdict(growth <= 2 * 1024 * 1024 && laCapped.error === undefined)
    ])
  }
  if (sizes) {
    const marginal = sizes.handWrittenPlusEffectClerk.gzip - sizes.handWritten.gzip
    rows.push(["marginal bundle ≤ 15 kB gzip", kb(marginal), verdict(marginal <= 15 * 1024)])
  }
  return table("targets (informational, never fails the run)", ["target", "measured", ""], rows)
}
