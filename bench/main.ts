/**
 * `npm run bench`: bundles bench/index.ts (with effect-clerk's `src/`, as plain JavaScript, like the built
 * package) and runs it on plain `node` with the same arguments. See index.ts.
 */
import { spawnSync } from "node:child_process"
import { buildScript } from "./build.js"
import { benchFile } from "./cache.js"

const script = await buildScript(benchFile("index.ts"))
const { status } = spawnSync(process.execPath, [script, ...process.argv.slice(2)], { stdio: "inherit" })
process.exit(status ?? 1)
