/**
 * The links between README.md and docs/*.md hold: every relative link names a file of the repository, and every
 * `#anchor` a heading of its page (as GitHub makes heading ids), so moving a section breaks a test, not a reader.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { pages, root } from "./blocks.js"
import { relativeLinks } from "./links.js"

/** GitHub's id for a heading: lowercase, punctuation dropped, spaces as `-`, `-1`, `-2`… for repeats. */
const headingIds = (markdown: string): Set<string> => {
  const ids = new Set<string>()
  let fenced = false
  for (const line of markdown.split("\n")) {
    if (/^\s*```/.test(line)) fenced = !fenced
    const heading = fenced ? null : /^#{1,6} (.*)$/.exec(line)
    if (heading === null) continue
    const base = heading[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-")
    let id = base
    for (let n = 1; ids.has(id); n++) id = `${base}-${n}`
    ids.add(id)
  }
  return ids
}

describe("links of README.md and docs/*.md", () => {
  it("name files that exist, and headings that exist", () => {
    const broken: Array<string> = []
    for (const page of pages()) {
      for (const { anchor, file, target } of relativeLinks(page, Fs.readFileSync(Path.join(root, page), "utf8"))) {
        const path = Path.join(root, file)
        if (!Fs.existsSync(path)) broken.push(`${page}: ${target} (no ${file})`)
        else if (anchor !== undefined && file.endsWith(".md")) {
          if (!headingIds(Fs.readFileSync(path, "utf8")).has(anchor)) broken.push(`${page}: ${target} (no heading)`)
        }
      }
    }
    assert.deepStrictEqual(broken, [])
  })

  it("make heading ids as GitHub does", () => {
    assert.deepStrictEqual(
      [...headingIds("# A `b` c\n## What it saves, what it costs\n```sh\n# not a heading\n```\n## A `b` c\n")],
      ["a-b-c", "what-it-saves-what-it-costs", "a-b-c-1"]
    )
  })
})
