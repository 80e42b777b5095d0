/** The machine a run is on, for the table header and RESULTS.md. */
import * as fs from "node:fs"
import * as os from "node:os"

export const describeMachine = () => {
  const cpuModel = fs.existsSync("/proc/cpuinfo")
    ? /model name\s*:\s*(.*)/.exec(fs.readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? os.cpus()[0]?.model
    : os.cpus()[0]?.model
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    node: process.version,
    cpus: os.availableParallelism(),
    cpuModel: cpuModel ?? "unknown",
    load: os.loadavg().map((n) => n.toFixed(2)).join(" ")
  }
}
