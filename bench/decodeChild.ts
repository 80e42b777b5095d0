/**
 * 3 (child process): `JSON.parse` alone and `JSON.parse` + one variant of effect-clerk's fast page decoder
 * (publicBuilders.ts), interleaved, in a process of their own. Prints one JSON line: the medians in ms.
 * Usage: decodeChild.ts <variant> <options JSON>
 */
import { measure, type Options, pageSize, pageText } from "./decodeMeasure.js"
import { type Variant, variants } from "./publicBuilders.js"

const [variant = "layout", optionsArg = "{}"] = process.argv.slice(2)
const options = JSON.parse(optionsArg) as Options
const decode = variants[variant as Variant]()
const text = pageText()
const medians = measure(
  {
    parse: () => (JSON.parse(text) as { data: Array<unknown> }).data.length,
    decode: () => decode(JSON.parse(text))?.data.length ?? -pageSize
  },
  ["parse", "decode"],
  options
)
console.log(JSON.stringify({ parse: medians.get("parse"), decode: medians.get("decode") }))
