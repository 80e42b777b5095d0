/**
 * Formats generated code exactly as the linter's dprint rule does (eslint.config.mjs), so a generated file is
 * lint-clean as it is written and a fresh generation can be compared byte for byte.
 */
import { createFromBuffer } from "@dprint/formatter"
import { getPath } from "@dprint/typescript"
import { readFileSync } from "node:fs"

const formatter = createFromBuffer(readFileSync(getPath()))

/** The `@effect/dprint` options of eslint.config.mjs. */
const config = {
  indentWidth: 2,
  lineWidth: 120,
  semiColons: "asi",
  quoteStyle: "alwaysDouble",
  trailingCommas: "never",
  operatorPosition: "maintain",
  "arrowFunction.useParentheses": "force"
}

export const format = (filePath: string, fileText: string): string =>
  formatter.formatText({ filePath, fileText, overrideConfig: config })
