/**
 * Documentation code is code (issue 13, item 10; issue 20, item 7). `npm run typecheck` compiles every ```ts block
 * of README.md and docs/*.md (test/readme/generated, through the package's public entry points); here every
 * complete program runs against a loopback emulator and every test-file block's tests run. See blocks.ts for how a
 * block is read.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { pathToFileURL } from "node:url"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import { type Block, extract, generate, generatedDir, pages, publicEntries, root } from "./blocks.js"

const blocks = generate()
const importOf = (block: Block) => import(/* @vite-ignore */ pathToFileURL(Path.join(generatedDir, block.file)).href)

describe("code blocks of README.md and docs/*.md", () => {
  it("are all picked up: every ```ts fence of every page is a generated file, importing public entry points only", () => {
    assert.include(pages(), "README.md")
    assert.isAbove(pages().length, 1, "docs/*.md pages")
    for (const page of pages()) {
      const text = Fs.readFileSync(Path.join(root, page), "utf8")
      const fences = text.split("\n").filter((line) => /^```(ts|typescript)\s*$/.test(line)).length
      assert.strictEqual(blocks.filter((b) => b.page === page).length, fences, page)
    }
    for (const block of blocks) assert.isTrue(Fs.existsSync(Path.join(generatedDir, block.file)), block.file)
    const entries = new Set(publicEntries().map((e) => e.specifier))
    for (const block of blocks) {
      for (const [, specifier] of block.code.matchAll(/from\s+"(effect-clerk[^"]*)"/g)) {
        assert.isTrue(entries.has(specifier!), `${block.page}:${block.line} imports ${specifier}, not a public entry`)
      }
    }
  })

  it("reads a block after a paragraph starting with *Fragment* as the body of Effect.gen with the prelude's names in scope", () => {
    const [prelude, fragment, program] = extract(
      [
        "*Prelude*: what fragments have in scope.",
        "```ts",
        "import { Effect } from \"effect\"",
        "declare const userId: string",
        "```",
        "*Fragment* (a paragraph of two lines:",
        "it needs userId):",
        "",
        "```ts",
        "import { Sessions } from \"effect-clerk\"",
        "const page = yield* Sessions.list({ userId })",
        "```",
        "A *Fragment* mentioned mid-sentence marks nothing:",
        "```ts",
        "console.log(1)",
        "```"
      ].join("\n"),
      "docs/x.md"
    )
    assert.deepStrictEqual([prelude!.kind, fragment!.kind, program!.kind], ["prelude", "fragment", "program"])
    assert.deepStrictEqual([fragment!.line, fragment!.page, fragment!.file], [9, "docs/x.md", "docs/x/l0009-top.ts"])
  })

  it("refuses a block marked only by an HTML comment, which a reader never sees", () => {
    assert.throws(
      () => extract(["<!-- fragment -->", "```ts", "yield* Effect.void", "```"].join("\n"), "docs/x.md"),
      /docs\/x\.md:1: .*\*Fragment\*/
    )
  })
})

const programs = blocks.filter((b) => b.kind === "program")

describe("README.md", () => {
  it("has a Webhooks and a Machine authentication section, each with a complete program (issue 19)", () => {
    const readme = Fs.readFileSync(Path.join(root, "README.md"), "utf8").split("\n")
    for (const heading of ["## Webhooks", "## Machine authentication"]) {
      const start = readme.indexOf(heading)
      assert.isAbove(start, -1, heading)
      const end = readme.findIndex((line, i) => i > start && line.startsWith("## "))
      const inSection = programs.filter((b) => b.page === "README.md" && b.line > start && b.line <= end)
      assert.lengthOf(inSection, 1, `one complete program under ${heading}`)
    }
  })
})

describe("complete programs of README.md and docs/*.md run against a loopback emulator", () => {
  for (const block of programs) {
    it.live(`${block.page}:${block.line} (${block.file})`, () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        const { url } = yield* ClerkEmulator.serve({ port: 0 })
        const saved = { key: process.env.CLERK_SECRET_KEY, url: process.env.CLERK_API_URL }
        yield* Effect.acquireRelease(
          Effect.sync(() => {
            process.env.CLERK_SECRET_KEY = Redacted.value(emulator.secretKey)
            process.env.CLERK_API_URL = url
          }),
          () =>
            Effect.sync(() => {
              for (const [name, value] of [["CLERK_SECRET_KEY", saved.key], ["CLERK_API_URL", saved.url]] as const) {
                if (value === undefined) delete process.env[name]
                else process.env[name] = value
              }
            })
        )
        // a program that fails rejects its import (top-level await), failing this test
        yield* Effect.promise(() => importOf(block))
        if (block.code.includes("ClerkConfig.fromEnv")) {
          const requests = yield* emulator.requests
          assert.isAbove(requests.length, 0, "the program configured from the environment reached the emulator")
          assert.isTrue(requests.every((request) => request.status !== 401), "with the key it was given")
        }
      }).pipe(Effect.scoped, Effect.provide(ClerkEmulator.layer())), 60_000)
  }
})

// A block that is a test file registers its tests here, as it would in the user's own test file.
for (const block of blocks.filter((b) => b.kind === "test")) {
  describe(`${block.page}:${block.line} (${block.file})`, async () => {
    await importOf(block)
  })
}
