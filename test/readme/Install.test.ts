/**
 * The install section (issue 13, item 11; issue 20, items 2 and 4): the route that works before the package is
 * published (the tarball of the version package.json holds), the ES-module setting the examples need, a range for
 * every package a code block of README.md or docs/*.md imports (never a bare name or `latest`, which npm resolves
 * to Effect 4), and what `effect@latest` does to an app and how to get back.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Fs from "node:fs"
import { builtinModules } from "node:module"
import * as Path from "node:path"
import { extract, pages } from "./blocks.js"

const root = Path.resolve(import.meta.dirname, "../..")
const read = (page: string) => Fs.readFileSync(Path.join(root, page), "utf8")
const readme = read("README.md")
const pkg = JSON.parse(read("package.json")) as {
  name: string
  version: string
  peerDependencies: Record<string, string>
  peerDependenciesMeta: Record<string, { optional?: boolean }>
  devDependencies: Record<string, string>
}

const section = (heading: string) => {
  const start = readme.indexOf(`\n## ${heading}\n`)
  assert.isAtLeast(start, 0, `a "## ${heading}" section`)
  const end = readme.indexOf("\n## ", start + 1)
  return readme.slice(start, end === -1 ? undefined : end)
}

/** Every `npm i …` / `npm install …` command in a text: its package arguments. */
const npmInstalls = (text: string): Array<Array<string>> =>
  [...text.matchAll(/npm (?:i|install)((?: +[^\s`#|]+)+)/g)].map((match) =>
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

/** The packages (not effect-clerk, not Node's) that the code blocks of README.md and docs/*.md import. */
const importedPackages = () => {
  const builtin = new Set(builtinModules)
  const names = new Set<string>()
  for (const page of pages()) {
    for (const block of extract(read(page), page)) {
      for (const [, specifier] of block.code.matchAll(/^import [^"]*"([^"]+)"/gm)) {
        const name = specifier!.startsWith("@")
          ? specifier!.split("/").slice(0, 2).join("/")
          : specifier!.split("/")[0]!
        if (name !== pkg.name && !name.startsWith("node:") && !builtin.has(name)) names.add(name)
      }
    }
  }
  return names
}

describe("README install section", () => {
  it("installs the tarball `npm pack` writes for this version, with the peers at the lines package.json declares", () => {
    const install = section("Install")
    const tarball = `${pkg.name}-${pkg.version}.tgz`
    assert.include(install, `npm pack                 # writes ${tarball}`)
    const fromTarball = npmInstalls(install).find((args) => args[0]!.endsWith(".tgz"))
    assert.isDefined(fromTarball, "an npm i of the tarball")
    assert.strictEqual(Path.posix.basename(fromTarball![0]!), tarball)
    const specs = fromTarball!.slice(1).map(spec)
    for (const [name, declared] of Object.entries(pkg.peerDependencies)) {
      if (pkg.peerDependenciesMeta[name]?.optional === true) continue // where a page needs it: the next test
      const given = specs.find((s) => s.name === name)
      assert.isDefined(given, `${name} in the install command`)
      assert.strictEqual(line(given!.range ?? ""), line(declared), `${name}: the line package.json declares`)
    }
  })

  it("gives a ^ range of our line for every package a code block imports", () => {
    const specs = npmInstalls(section("Install")).flat().map(spec)
    const imported = importedPackages()
    assert.includeMembers([...imported], ["effect", "@effect/platform", "@effect/platform-node", "@effect/vitest"])
    for (const name of imported) {
      const given = specs.find((s) => s.name === name)
      assert.isDefined(given, `${name} (imported by a code block) in an install command of the Install section`)
      assert.match(given!.range ?? "", /^\^\d+(\.\d+)?$/, `${name} with a ^ range`)
      const declared = pkg.peerDependencies[name] ?? pkg.devDependencies[name]
      assert.isDefined(declared, `${name}: a dependency of this repository, whose line the docs name`)
      assert.strictEqual(line(given!.range!), line(declared!), `${name}: the line package.json declares`)
    }
  })

  it("says the examples are ES modules", () => {
    assert.include(section("Install"), "`\"type\": \"module\"`")
  })

  it("says that effect@latest is Effect 4, what npm does with it, and how to get back", () => {
    const text = section("Install").replace(/\s+/g, " ")
    assert.include(text, "`effect@latest` on npm is **the Effect 4 line**")
    assert.include(text, "**effect-clerk is built on the Effect 3 line**")
    assert.include(text, "ERESOLVE unable to resolve dependency tree")
    assert.include(text, "**only warns** (`ERESOLVE overriding peer dependency`)")
    assert.include(text, "Cannot find module '…/node_modules/effect/dist/Either.js'")
    assert.include(text, "npm i effect@^3.22 @effect/platform@^0.97 @effect/experimental@^0.61 npm ls effect")
  })

  it("never has you install an Effect package by a bare name or @latest: the sh blocks of README.md and docs/*.md", () => {
    const effectPackage = /^(effect|@effect\/[a-z-]+)$/
    const shellBlocks = (text: string) =>
      [...text.matchAll(/^ *```(?:sh|bash|shell)\n([\s\S]*?)^ *```$/gm)].map((m) => m[1])
    assert.deepStrictEqual(npmInstalls(shellBlocks("```sh\nnpm i effect@latest\n```\n").join("")), [["effect@latest"]])
    for (const page of pages()) {
      for (const args of npmInstalls(shellBlocks(read(page)).join("\n"))) {
        for (const { name, range } of args.map(spec)) {
          if (!effectPackage.test(name)) continue
          assert.match(range ?? "", /^\^\d/, `${name}@${range} in ${page}`)
          const declared = pkg.peerDependencies[name] ?? pkg.devDependencies[name]
          if (declared !== undefined) assert.strictEqual(line(range!), line(declared), `${name}: our line`)
        }
      }
    }
  })
})
