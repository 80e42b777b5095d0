#!/usr/bin/env node
/**
 * `node scripts/parallel.mjs typecheck lint`: runs those npm scripts at the same time (each is mostly one process on
 * one core: together they take the time of the longest, not the sum), prints each one's output when it ends, under
 * its name and time, and fails if any of them failed.
 */
import { spawn } from "node:child_process"

const run = (name) =>
  new Promise((resolve) => {
    const start = performance.now()
    const child = spawn("npm", ["run", "--silent", name], {
      stdio: ["ignore", "pipe", "pipe"],
      shell: process.platform === "win32"
    })
    const output = []
    child.stdout.on("data", (chunk) => output.push(chunk))
    child.stderr.on("data", (chunk) => output.push(chunk))
    child.once("error", (error) => output.push(Buffer.from(`${error.message}\n`)))
    child.once("close", (code) => {
      const seconds = ((performance.now() - start) / 1000).toFixed(1)
      process.stdout.write(`\n> ${name}: ${code === 0 ? "ok" : `failed (${code})`} in ${seconds} s\n`)
      process.stdout.write(Buffer.concat(output))
      resolve(code === 0)
    })
  })

const results = await Promise.all(process.argv.slice(2).map(run))
process.exitCode = results.every(Boolean) ? 0 : 1
