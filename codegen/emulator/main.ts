/**
 * `npm run generate` (emulator part): regenerates src/emulator/description/Document.ts, the emulator's copy of the
 * vendored Backend API description.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { generate, outputPath, specPath } from "./generate.js"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
const start = performance.now()
writeFileSync(join(root, outputPath), generate(readFileSync(join(root, specPath), "utf8")))
console.log(`${outputPath} from ${specPath} in ${Math.round(performance.now() - start)} ms`)
