/**
 * `npm run generate` (webhooks part): regenerates src/schemas/WebhookEvent.ts from the vendored webhooks
 * description, then formats it with the linter's rules (eslint --fix).
 */
import { execFileSync } from "node:child_process"
import { readFileSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { generate, outputPath, specPath } from "./generate.js"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
const start = performance.now()
writeFileSync(join(root, outputPath), generate(readFileSync(join(root, specPath), "utf8")))
execFileSync(join(root, "node_modules", ".bin", "eslint"), ["--fix", outputPath], { cwd: root, stdio: "inherit" })
console.log(`${outputPath} from ${specPath} in ${Math.round(performance.now() - start)} ms`)
