import { assert, describe, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { generate, outputPath, specPath } from "../../../codegen/emulator/generate.js"

const root = new URL("../../../", import.meta.url)

export const suite = () =>
  describe("The emulator's copy of the description", () => {
    it("is what npm run generate makes of spec/clerk-bapi-2026-05-12.yml", () => {
      const fresh = generate(readFileSync(new URL(specPath, root), "utf8"))
      assert.isTrue(fresh === readFileSync(new URL(outputPath, root), "utf8"), "run npm run generate")
    })
  })
