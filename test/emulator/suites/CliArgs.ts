import { assert, describe, it } from "@effect/vitest"
import { parseArgs } from "../../../src/emulator/CliArgs.js"

export const suite = () => {
  describe("CliArgs", () => {
    it("defaults to port 8787 and reads --port, --secret-key and --issuer in both forms", () => {
      assert.deepStrictEqual(parseArgs([]), { port: 8787, secretKey: undefined, issuer: undefined })
      assert.deepStrictEqual(parseArgs(["--port", "9000", "--secret-key=sk_test_x", "--issuer", "https://i.test"]), {
        port: 9000,
        secretKey: "sk_test_x",
        issuer: "https://i.test"
      })
      assert.strictEqual(parseArgs(["--port=0"]).port, 0)
    })

    it("rejects a port that is not an integer from 0 to 65535", () => {
      for (const port of ["abc", "-1", "65536", "80.5"]) {
        assert.throws(() => parseArgs(["--port", port]), /--port must be an integer/)
      }
    })
  })
}
