/**
 * `npm run bench` (full, a few minutes) or `npm run bench -- --quick` (CI: proves it runs, under a minute).
 * One run against one loopback server (a minimal `node:http` server in a child process, see server.ts), sections
 * interleaved per side so noise hits all sides alike; prints one table per measurement, ratios to the baseline.
 * `--json <file>` also writes the raw figures; `--against <dir>` adds another checkout's effect-clerk to 1b (before/
 * after); `--only seq,cpu,…` runs just those sections. Never fails on a missed target: the table says so.
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
import * as quotaSection from "./quotaSection.js"
import * as report from "./report.js"
import * as sequential from "./sequential.js"
import { startServer } from "./serverProcess.js"
import { settingsFor } from "./settings.js"
import { fixed } from "./table.js"
import * as throughput from "./throughput.js"
import * as verify from "./verify.js"
import * as verifyReport from "./verifyReport.js"
import * as webhooks from "./webhooks.js"

const args = process.argv.slice(2)
const quick = args.includes("--quick")
const jsonFile = args.includes("--json") ? args[args.indexOf("--json") + 1] : undefined
const against = args.includes("--against") ? args[args.indexOf("--against") + 1] : undefined
/** `--only seq,cpu,tp,decode,listAll,cold,bundle,verify,webhooks,quota`: just those sections (profiling, before/after work). */
const only = args.includes("--only") ? new Set(args[args.indexOf("--only") + 1]?.split(",")) : undefined
const wanted = (name: string) => only === undefined || only.has(name)
const settings = settingsFor(quick)

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
  const seq = wanted("seq") ? await sequential.run(clients, settings.sequential) : undefined
  if (seq) section(report.sequentialTable(seq, settings))
  const cpu = wanted("cpu") ? await cpuPerCall.run({ ...settings.cpuPerCall, against }) : undefined
  if (cpu) section(report.cpuTable(cpu, settings, against))
  const tp = wanted("tp") ? await throughput.run(clients, settings.throughput) : undefined
  if (tp) section(report.throughputTable(tp, settings))
  const dec = wanted("decode") ? await decode.run(settings.decode) : undefined
  if (dec) section(report.decodeTable(dec, settings))
  const la = wanted("listAll") ? await listAll.run(server.apiUrl, server.setTotal, settings.listAll) : undefined
  if (la) section(report.listAllTable(la, settings))
  const cold = wanted("cold") ? coldStart.run(entry, settings.coldStartRuns, !quick) : undefined
  if (cold) section(report.coldStartTable(cold, settings))
  const sizes = wanted("bundle") ? await bundle.run(entry) : undefined
  if (sizes) section(report.bundleTable(sizes))
  const ver = wanted("verify") ? await verify.run(settings.verify) : undefined
  if (ver) {
    const server = ver.server === undefined ? "" : `\n\n${verifyReport.serverTable(ver, settings.verify)}`
    section(verifyReport.verifyTable(ver, settings.verify) + server)
  }
  const hooks = wanted("webhooks") ? await webhooks.run(settings.webhooks) : undefined
  if (hooks) section(webhooks.table(hooks, settings.webhooks))
  // the fleet scenario takes ~2 min: in full runs and `--only quota`, not in `--quick` (CI) unless asked for
  const quota = only?.has("quota") === true || (only === undefined && !quick)
    ? await quotaSection.run(server.apiUrl, quick)
    : only?.has("quotaCost") === true
    ? await quotaSection.run(server.apiUrl, quick, false)
    : undefined
  if (quota) section(quotaSection.table(quota))
  if (seq || dec || la || sizes) print(report.targetsTable({ seq, dec, la, sizes }, settings))
  if (ver) print(verifyReport.verifyTargets(ver))
  print(`done in ${fixed((performance.now() - started) / 1000)} s`)
  if (jsonFile !== undefined) {
    fs.writeFileSync(
      jsonFile,
      JSON.stringify({ machine, quick, seq, cpu, tp, dec, la, cold, sizes, ver, hooks, quota, text: out }, null, 2)
    )
  }
} finally {
  await clients.dispose()
  server.stop()
}
process.exit(0)
