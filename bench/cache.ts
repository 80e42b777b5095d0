/** A scratch directory inside the project (so bundles and built files resolve `node_modules`), git-ignored. */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

/** The project's root: the first folder above this file, outside `node_modules`, with a `package.json`. */
const findRoot = (from: string): string => {
  let dir = from
  while (dir.includes(`${path.sep}node_modules`) || !fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error(`no project root above ${from}`)
    dir = parent
  }
  return dir
}

/** Found from this file, so it is right both from `bench/` (tsx) and from the bundled bench in the cache. */
export const root = findRoot(path.dirname(fileURLToPath(import.meta.url)))

/** A file of `bench/`. */
export const benchFile = (name: string) => path.join(root, "bench", name)

export const cacheDir = () => {
  const dir = path.join(root, "node_modules", ".cache", "effect-clerk-bench")
  fs.mkdirSync(dir, { recursive: true })
  return dir
}
