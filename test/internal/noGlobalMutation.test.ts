/**
 * Nothing that is not ours (issue 13, item 9): importing and using effect-clerk leaves every prototype of effect,
 * @effect/platform and the built-ins as it was; in particular no accessor on `DateTime.Utc`'s prototype. Checked
 * in a fresh process (support/prototypeWatch.ts), where nothing else ran before the snapshot.
 */
import { assert, describe, it } from "@effect/vitest"
import { execFileSync } from "node:child_process"
import * as Path from "node:path"

const watch = Path.join(import.meta.dirname, "support/prototypeWatch.ts")

describe("effect-clerk and its dependencies' objects", () => {
  it("importing effect-clerk and decoding sessions (list, listAll, get) changes no prototype of effect's", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", watch], {
      cwd: Path.resolve(import.meta.dirname, "../.."),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"]
    })
    const { changes, objects } = JSON.parse(out.trim().split("\n").at(-1)!) as {
      objects: number
      changes: Array<string>
    }
    assert.isAbove(objects, 1000, "the watch reached effect's prototypes")
    assert.deepStrictEqual(changes, [])
  }, 120_000)
})
