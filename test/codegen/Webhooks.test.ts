import { assert, describe, it } from "@effect/vitest"
import { createHash } from "node:crypto"
import { existsSync, readFileSync } from "node:fs"
import { generate, outputPath, specPath } from "../../codegen/webhooks/generate.js"

const root = new URL("../../", import.meta.url)
const read = (path: string) => readFileSync(new URL(path, root), "utf8")
/** The formatter only moves whitespace; a fresh generation is compared without it. */
const squeeze = (text: string) => text.replace(/\s+/g, "")

describe("codegen/webhooks", () => {
  it("the vendored description has the SHA-256 recorded beside it (and matches the shared copy when present)", () => {
    const text = read(specPath)
    const [recorded] = read(`${specPath}.sha256`).split(/\s+/)
    assert.strictEqual(createHash("sha256").update(text).digest("hex"), recorded)
    const shared = new URL("../shared/clerk-api/clerk-webhooks-2025-04-15.yml", root)
    if (existsSync(shared)) assert.strictEqual(readFileSync(shared, "utf8"), text)
  })

  it("the committed events module is what a fresh generation writes", () => {
    const committed = read(outputPath)
    const fresh = generate(read(specPath))
    assert.strictEqual(committed.split("\n")[0], fresh.split("\n")[0])
    assert.isTrue(squeeze(committed) === squeeze(fresh), `${outputPath} is stale: run npm run generate`)
  })
})
