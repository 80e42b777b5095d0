/**
 * What the npm tarball holds (issue 13, item 13): the LICENSE package.json names, and every file README.md and
 * docs/*.md link to by a relative path (npm renders the README from the tarball, where a link to a file left out is
 * broken).
 */
import { assert, describe, it } from "@effect/vitest"
import { execFileSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { pages } from "../readme/blocks.js"
import { relativeLinks } from "../readme/links.js"

const root = Path.resolve(import.meta.dirname, "../..")
const pkg = JSON.parse(Fs.readFileSync(Path.join(root, "package.json"), "utf8")) as {
  license: string
  version: string
  engines: { node: string }
}

/** The files `npm pack` would put in the tarball, by their paths in it (asked once). */
let packedFiles: Set<string> | undefined
const packed = (): Set<string> => {
  if (packedFiles !== undefined) return packedFiles
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"]
  })
  const [report] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>
  return (packedFiles = new Set(report!.files.map((file) => file.path)))
}

describe("the npm tarball", () => {
  it("ships a LICENSE whose text is the license package.json names", () => {
    const files = packed()
    assert.isTrue(files.has("LICENSE"), "LICENSE in the tarball")
    assert.strictEqual(pkg.license, "MIT")
    const text = Fs.readFileSync(Path.join(root, "LICENSE"), "utf8")
    assert.match(text, /^MIT License\n/)
    assert.include(text.replace(/\s+/g, " "), "Permission is hereby granted, free of charge, to any person")
  })

  it("ships a CHANGELOG whose first section is this version or the next one, unreleased; and says which Node", () => {
    assert.isTrue(packed().has("CHANGELOG.md"), "CHANGELOG.md in the tarball")
    const first = /^## (\d+\.\d+\.\d+)(.*)$/m.exec(Fs.readFileSync(Path.join(root, "CHANGELOG.md"), "utf8"))
    assert.isNotNull(first, "a ## <version> section")
    const [, version, note] = first!
    const [major, minor] = pkg.version.split(".").map(Number)
    const next = [`${major}.${minor! + 1}.0`, `${major! + 1}.0.0`]
    assert.isTrue(
      version === pkg.version || (next.includes(version!) && note!.includes("unreleased")),
      `CHANGELOG starts at ${version}${note}, package.json is ${pkg.version}`
    )
    assert.strictEqual(pkg.engines.node, ">=20")
  })

  it("holds every file README.md and docs/*.md link to by a relative path", () => {
    const files = packed()
    const links = pages().flatMap((page) =>
      relativeLinks(page, Fs.readFileSync(Path.join(root, page), "utf8")).filter((link) => link.file !== page)
        .map((link) => link.file)
    )
    assert.includeMembers(links, ["bench/RESULTS.md", "docs/quota.md", "LICENSE"])
    const missing = links.filter((link) => !files.has(link) && ![...files].some((f) => f.startsWith(`${link}/`)))
    assert.deepStrictEqual(missing, [], "links to files the tarball leaves out")
  })

  it("reads relative links as links, resolved against the page, and leaves URLs out", () => {
    const text = "[a](../bench/RESULTS.md) [b](https://x.test/y) [c](#errors) [d](./quota.md#fleet) ![e](a%20b.png)"
    assert.deepStrictEqual(relativeLinks("docs/x.md", text).map((link) => [link.file, link.anchor]), [
      ["bench/RESULTS.md", undefined],
      ["docs/x.md", "errors"],
      ["docs/quota.md", "fleet"],
      ["docs/a b.png", undefined]
    ])
  })
})
