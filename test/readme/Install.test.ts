/**
 * The install section (issue 13, item 11): it says that `effect@latest` is the Effect 4 line and that effect-clerk
 * needs the Effect 3 line, and its `npm i` names every peer dependency with a range of the line package.json
 * declares (never a bare name or `latest`, which npm resolves to Effect 4).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Fs from "node:fs"
import * as Path from "node:path"

const root = Path.resolve(import.meta.dirname, "../..")
const readme = Fs.readFileSync(Path.join(root, "README.md"), "utf8")
const pkg = JSON.parse(Fs.readFileSync(Path.join(root, "package.json"), "utf8")) as {
  name: string
  peerDependencies: Record<string, string>
  devDependencies: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
}

const section = (heading: string) => {
  const start = readme.indexOf(`\n## ${heading}\n`)
  assert.isAtLeast(start, 0, `a "## ${heading}" section`)
  const end = readme.indexOf("\n## ", start + 1)
  return readme.slice(start, end === -1 ? undefined : end)
}

/** Every `npm i …` / `npm install …` command in a text: its package arguments. */
const npmInstalls = (text: string): Array<Array<string>> =>
  [...text.matchAll(/npm (?:i|install)((?: +[^\s`#]+)+)/g)].map((match) =>
    match[1]!.trim().split(/ +/).filter((arg) => !arg.startsWith("-"))
  )

/** The line a range is on: major, or `0.minor` below 1.0 (what `^` keeps). */
const line = (range: string) => {
  const [major, minor] = range.replace(/^[\^~]/, "").split(".")
  return major === "0" ? `0.${minor}` : major
}

const spec = (arg: string) => {
  const at = arg.lastIndexOf("@")
  return at > 0 ? { name: arg.slice(0, at), range: arg.slice(at + 1) } : { name: arg, range: undefined }
}

describe("README install section", () => {
  it("installs every peer dependency with a range of the Effect 3 line package.json declares", () => {
    const [install] = npmInstalls(section("Install"))
    assert.isDefined(install)
    const specs = install!.map(spec)
    assert.deepStrictEqual(specs[0], { name: pkg.name, range: undefined })
    for (const [name, declared] of Object.entries(pkg.peerDependencies)) {
      if (pkg.peerDependenciesMeta?.[name]?.optional === true) continue // installed where the README needs them
      const given = specs.find((s) => s.name === name)
      assert.isDefined(given, `${name} in the install command`)
      assert.match(given!.range ?? "", /^\^\d+\.\d+/, `${name} with a ^ range`)
      assert.strictEqual(line(given!.range!), line(declared), `${name}: the line package.json declares`)
    }
  })

  it("installs each optional peer dependency, where the README needs it, with a range of the declared line", () => {
    const specs = npmInstalls(readme).flat().map(spec)
    const optional = Object.entries(pkg.peerDependencies).filter(([name]) =>
      pkg.peerDependenciesMeta?.[name]?.optional === true
    )
    assert.isAbove(optional.length, 0)
    for (const [name, declared] of optional) {
      const given = specs.find((s) => s.name === name)
      assert.isDefined(given, `${name} in an install command`)
      assert.strictEqual(line(given!.range ?? ""), line(declared), `${name}: the line package.json declares`)
    }
  })

  it("says plainly that effect@latest is Effect 4, that effect-clerk needs Effect 3, and what happens otherwise", () => {
    const text = section("Install").replace(/\s+/g, " ")
    assert.include(text, "`effect@latest` on npm is **the Effect 4 line**")
    assert.include(text, "**effect-clerk is built on the Effect 3 line**")
    assert.include(text, "ERESOLVE")
  })

  it("never installs an Effect package by a bare name or @latest anywhere in the README", () => {
    const effectPackage = /^(effect|@effect\/[a-z-]+)$/
    for (const args of npmInstalls(readme)) {
      for (const { name, range } of args.map(spec)) {
        if (!effectPackage.test(name)) continue
        assert.match(range ?? "", /^\^\d/, `${name}@${range} in README`)
        const declared = pkg.peerDependencies[name] ?? pkg.devDependencies[name]
        if (declared !== undefined) assert.strictEqual(line(range!), line(declared), `${name}: our line`)
      }
    }
  })
})
