/**
 * Driving a running `clerk-emulator` (the built bin, or `npm run emulator`) from a test: wait for its banner, read
 * the commands it prints, stop it.
 */
import { assert } from "@effect/vitest"
import type { ChildProcess } from "node:child_process"

/** Words of a POSIX shell line made of bare and single-quoted words (what the CLI prints). */
export const shellWords = (line: string): Array<string> => {
  const words: Array<string> = []
  for (const [, quoted, bare] of line.matchAll(/((?:'[^']*'|\\')+)|([^\s']+)/g)) {
    words.push(quoted !== undefined ? quoted.replace(/'([^']*)'|\\'/g, (_, inner) => inner ?? "'") : bare!)
  }
  return words
}

/** Runs a command until it prints `Press Ctrl+C`; the lines printed so far. */
export const startUntilReady = (child: ChildProcess) =>
  new Promise<Array<string>>((resolve, reject) => {
    let out = ""
    let err = ""
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8")
      if (out.includes("Press Ctrl+C")) resolve(out.split("\n"))
    })
    child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")))
    child.once("exit", (code) => reject(new Error(`exited with ${code} before listening: ${out}${err}`)))
  })

/** Stops the process with SIGINT (Ctrl+C); its exit code. */
export const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode)
    child.once("exit", (code) => resolve(code))
    child.kill("SIGINT")
  })

/** What follows `label` on the line starting with it, without a trailing `# comment`. */
export const lineAfter = (lines: ReadonlyArray<string>, label: string) => {
  const line = lines.find((l) => l.trimStart().startsWith(label))
  assert.isDefined(line, `a "${label}" line in ${lines.join("\n")}`)
  return line!.trimStart().slice(label.length).replace(/\s+#.*$/, "").trim()
}
