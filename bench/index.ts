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
import * as report from "./report.js"
import * as sequential from "./sequential.js"
import { startServer } from "./serverProcess.js"
import { settingsFor } from "./settings.js"
import { fixed } from "./table.js"
import * as throughput from "./throughput.js"

const args = process.argv.slice(2)
const quick = args.includes("--quick")
const jsonFile = args.includes("--json") ? args[args.indexOf("--json") + 1] : undefined
const against = args.includes("--against") ? args[args.indexOf("--against") + 1] : undefined
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
  const seq = await sequential.run(clients, settings.sequential)
  section(report.sequentialTable(seq, settings))
  const cpu = await cpuPerCall.run({ ...settings.cpuPerCall, against })
  section(report.cpuTable(cpu, settings, against))
  const tp = await throughput.run(clients, settings.throughput)
  section(report.throughputTable(tp, settings))
  const dec = await decode.run(settings.decode)
  section(report.decodeTable(dec, settings))
  const la = await listAll.run(server.apiUrl, server.setTotal, settings.listAll)
  section(report.listAllTable(la, settings))
  const cold = coldStart.run(entry, settings.coldStartRuns, !quick)
  section(report.coldStartTable(cold, settings))
  const sizes = await bundle.run(entry)
  section(report.bundleTable(sizes))
  print(report.targetsTable({ seq, tp, dec, la, sizes }, settings))
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
