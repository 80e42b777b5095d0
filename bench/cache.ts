/** A scratch directory inside the project (so bundles and built files resolve `node_modules`), git-ignored. */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

export const root = fileURLToPath(new URL("..", import.meta.url))

export const cacheDir = () => {
  const dir = path.join(root, "node_modules", ".cache", "effect-clerk-bench")
  fs.mkdirSync(dir, { recursive: true })
  return dir
}
