/**
 * effect-clerk as the package ships it, but built here: every file of `src/` transpiled on its own by esbuild
 * (no bundling: the same module graph and `effect/*` imports as `npm run build`'s tsc output, minus types), into
 * a cache directory inside the project so `node_modules` resolves. Chosen over `dist/` because it takes a second
 * (CI's quick run has a minute), never writes `dist/`, and does not depend on the whole of `src/` type-checking.
 */
import * as esbuild from "esbuild"
import * as fs from "node:fs"
import * as path from "node:path"
import { cacheDir, root } from "./cache.js"

const sources = (dir: string): Array<string> =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? sources(full) : full.endsWith(".ts") ? [full] : []
  })

/**
 * Builds the `src/` of `checkout` (this project by default; another checkout for before/after runs) into the cache
 * folder `name`, and answers the path of the built `index.js`.
 */
export const buildPackage = async (checkout: string = root, name: string = "dist"): Promise<string> => {
  const outdir = path.join(cacheDir(), name)
  fs.rmSync(outdir, { recursive: true, force: true })
  await esbuild.build({
    entryPoints: sources(path.join(checkout, "src")),
    outdir,
    outbase: path.join(checkout, "src"),
    format: "esm",
    platform: "neutral",
    target: "es2022",
    logLevel: "silent"
  })
  return path.join(outdir, "index.js")
}

/**
 * A bench script bundled on its own (dependencies left as imports) to run on plain `node`: no tsx compile at start,
 * and none of the `__name` wrappers tsx puts around every function it compiles, which would cost effect-clerk (whose
 * code runs from `src/` in the bench) CPU that its users, running the built package, never pay.
 */
export const buildScript = async (entry: string): Promise<string> => {
  const outfile = path.join(cacheDir(), "scripts", `${path.basename(entry, ".ts")}.mjs`)
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    packages: "external",
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "silent"
  })
  return outfile
}
