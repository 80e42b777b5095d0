/**
 * `@clerk/backend`'s own JSON-to-resource deserializer (`deserialize`, what `getSessionList` runs on the parsed
 * body), which the package does not export. esbuild bundles the chunk that defines it, unmodified, with one line
 * appended that exports it.
 */
import * as esbuild from "esbuild"
import * as fs from "node:fs"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import { cacheDir, root } from "./cache.js"

export type Deserialize = (payload: unknown) => { readonly data: unknown; readonly totalCount?: number }

export const loadClerkDeserializer = async (): Promise<Deserialize> => {
  const dist = path.join(root, "node_modules", "@clerk", "backend", "dist")
  const chunk = fs.readdirSync(dist)
    .filter((file) => file.endsWith(".mjs"))
    .map((file) => path.join(dist, file))
    .find((file) => fs.readFileSync(file, "utf8").includes("function deserialize(payload)"))
  if (chunk === undefined) throw new Error("@clerk/backend: no chunk defines deserialize(payload)")
  const chunkPath = fs.realpathSync(chunk)
  const outfile = path.join(cacheDir(), "clerk-deserialize.mjs")
  await esbuild.build({
    entryPoints: [chunkPath],
    bundle: true,
    format: "esm",
    platform: "node",
    outfile,
    logLevel: "silent",
    plugins: [{
      name: "export-deserialize",
      setup: (build) => {
        build.onLoad({ filter: /\.mjs$/ }, (args) => {
          if (args.path !== chunkPath) return undefined
          const source = fs.readFileSync(chunkPath, "utf8")
          return { contents: `${source}\nexport { deserialize as __benchDeserialize }\n`, loader: "js" }
        })
      }
    }]
  })
  const module = await import(pathToFileURL(outfile).href)
  if (typeof module.__benchDeserialize !== "function") throw new Error("@clerk/backend: deserialize not exported")
  return module.__benchDeserialize as Deserialize
}
