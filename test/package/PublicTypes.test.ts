/**
 * Nothing marked `@internal` is reachable from the package's public types (issue 17, item 6): an export tagged
 * `@internal` lives only under src/internal/, which package.json closes (`"./internal/*": null`), and no other module
 * re-exports from there.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Fs from "node:fs"
import * as Path from "node:path"

const root = Path.resolve(import.meta.dirname, "../..")
const src = Path.join(root, "src")

const sources = (dir: string): Array<string> =>
  Fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = Path.join(dir, entry.name)
    return entry.isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : []
  })

const outsideInternal = sources(src).filter((file) => !file.startsWith(Path.join(src, "internal") + Path.sep))

describe("the public types", () => {
  it("package.json closes src/internal to importers", () => {
    const pkg = JSON.parse(Fs.readFileSync(Path.join(root, "package.json"), "utf8")) as {
      exports: Record<string, unknown>
    }
    assert.strictEqual(pkg.exports["./internal/*"], null)
  })

  it("no module outside src/internal marks an export @internal", () => {
    const marked = outsideInternal.filter((file) => /@internal\b/.test(Fs.readFileSync(file, "utf8")))
    assert.deepStrictEqual(marked.map((file) => Path.relative(root, file)), [])
  })

  it("no module outside src/internal re-exports from it", () => {
    const reexporting = outsideInternal.filter((file) =>
      /^export\s+(\*|\{[^}]*\}|type\s+\{[^}]*\})\s+from\s+"\.\.?\/(\.\.\/)*internal\//m.test(
        Fs.readFileSync(file, "utf8")
      )
    )
    assert.deepStrictEqual(reexporting.map((file) => Path.relative(root, file)), [])
  })
})
