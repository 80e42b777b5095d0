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

const root = Path.resolve(import.meta.dirname, "../..")
const pkg = JSON.parse(Fs.readFileSync(Path.join(root, "package.json"), "utf8")) as { license: string }

/** The files `npm pack` would put in the tarball, by their paths in it. */
const packed = (): Set<string> => {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"]
  })
  const [report] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>
  return new Set(report!.files.map((file) => file.path))
}

/** Relative link targets of a markdown text: `[text](target)` and `![alt](target)`, no URLs, no pure anchors. */
const relativeLinks = (markdown: string): Array<string> =>
  [...markdown.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith("#"))
    .map((target) => decodeURIComponent(target.split("#")[0]!).replace(/^\.\//, ""))

describe("the npm tarball", () => {
  it("ships a LICENSE whose text is the license package.json names", () => {
    const files = packed()
    assert.isTrue(files.has("LICENSE"), "LICENSE in the tarball")
    assert.strictEqual(pkg.license, "MIT")
    const text = Fs.readFileSync(Path.join(root, "LICENSE"), "utf8")
    assert.match(text, /^MIT License\n/)
    assert.include(text.replace(/\s+/g, " "), "Permission is hereby granted, free of charge, to any person")
  })

  it("holds every file README.md and docs/*.md link to by a relative path", () => {
    const files = packed()
    const links = pages().flatMap((page) =>
      relativeLinks(Fs.readFileSync(Path.join(root, page), "utf8")).map((link) =>
        Path.posix.normalize(Path.posix.join(Path.posix.dirname(page), link))
      )
    )
    assert.includeMembers(links, ["bench/RESULTS.md", "docs/quota.md", "LICENSE"])
    const missing = links.filter((link) => !files.has(link) && ![...files].some((f) => f.startsWith(`${link}/`)))
    assert.deepStrictEqual(missing, [], "links to files the tarball leaves out")
  })

  it("reads relative links as links, and leaves URLs and anchors out", () => {
    assert.deepStrictEqual(
      relativeLinks("[a](bench/RESULTS.md) [b](https://x.test/y) [c](#errors) [d](./LICENSE#L1) ![e](docs/a%20b.png)"),
      ["bench/RESULTS.md", "LICENSE", "docs/a b.png"]
    )
  })
})
