/**
 * 4 (child process, run with `--expose-gc`): pulls every session through one side and samples the heap. At each
 * checkpoint (e.g. 10k/50k/100k sessions) it records `heapUsed` after a forced GC, and the peak: the highest
 * `heapUsed` seen at page boundaries since the previous checkpoint (no forced GC). Prints one JSON line.
 * Usage: listAllChild.ts <apiUrl> <side> <total> <checkpoint,...>
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { Sessions } from "../src/index.js"
import { makeClients } from "./clients.js"

const [apiUrl = "", side = "effectClerk", totalArg = "100000", checkpointsArg = ""] = process.argv.slice(2)
const total = Number(totalArg)
const checkpoints = new Set(checkpointsArg.split(",").map(Number))
const pageSize = 500
const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error("run with --expose-gc")

const clients = makeClients(apiUrl)
const heap = () => process.memoryUsage().heapUsed
const samples: Array<{ readonly sessions: number; readonly heapUsed: number; readonly peak: number }> = []
let count = 0
let peak = 0
let idSum = 0

/** Called for every session, in order. */
const onSession = (id: string) => {
  count++
  idSum += id.length
  if (count % pageSize === 0) peak = Math.max(peak, heap())
  if (checkpoints.has(count)) {
    const peakSince = Math.max(peak, heap())
    gc()
    samples.push({ sessions: count, heapUsed: heap(), peak: peakSince })
    peak = 0
  }
}

const pages = async (
  fetchPage: (offset: number) => Promise<{ data: ReadonlyArray<{ id: string }>; total: number }>
) => {
  for (let offset = 0;;) {
    const page = await fetchPage(offset)
    for (const session of page.data) onSession(session.id)
    offset += page.data.length
    if (page.data.length === 0 || offset >= page.total) return
  }
}

const streamAll = Stream.runForEach(
  Sessions.listAll({ pageSize }),
  (session) => Effect.sync(() => onSession(session.id))
)

const runs: Record<string, () => Promise<void>> = {
  raw: () =>
    pages(async (offset) => {
      const response = await fetch(`${apiUrl}/v1/sessions?paginated=true&limit=${pageSize}&offset=${offset}`, {
        headers: { authorization: "Bearer sk_test_bench" }
      })
      const body = JSON.parse(await response.text()) as { data: Array<{ id: string }>; total_count: number }
      return { data: body.data, total: body.total_count }
    }),
  clerkBackend: () =>
    pages(async (offset) => {
      const page = await clients.clerk.sessions.getSessionList({ limit: pageSize, offset })
      return { data: page.data, total: page.totalCount }
    }),
  effectClerk: () => clients.runtime.runPromise(streamAll),
  effectClerkNode: () => clients.nodeRuntime.runPromise(streamAll)
}

gc()
const baseline = heap()
const start = performance.now()
await runs[side]!()
const ms = performance.now() - start
await clients.dispose()
if (count !== total) throw new Error(`${side}: ${count} sessions, expected ${total}`)
process.stdout.write(JSON.stringify({ side, sessions: count, ms, baseline, samples, idSum }) + "\n")
