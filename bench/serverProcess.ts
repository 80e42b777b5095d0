/** Starts `server.ts` in a child process and answers its base URL. */
import { fork } from "node:child_process"
import { buildScript } from "./build.js"
import { benchFile } from "./cache.js"

export const startServer = async () => {
  const script = await buildScript(benchFile("server.ts"))
  return new Promise<
    { readonly apiUrl: string; readonly stop: () => void; readonly setTotal: (n: number) => Promise<void> }
  >(
    (resolve, reject) => {
      const child = fork(script, [], { execArgv: [], stdio: ["ignore", "pipe", "inherit", "ipc"] })
      child.once("error", reject)
      child.stdout!.once("data", (chunk: Buffer) => {
        const apiUrl = `http://127.0.0.1:${chunk.toString().trim()}`
        resolve({
          apiUrl,
          stop: () => child.kill(),
          setTotal: async (n) => {
            await fetch(`${apiUrl}/__total/${n}`, { method: "PUT" })
          }
        })
      })
    }
  )
}
