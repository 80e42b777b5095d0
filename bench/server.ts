/**
 * The bench target: a minimal `node:http` server, run as a child process so its CPU is not the client's.
 * `GET /v1/sessions/:id` answers one precomputed session; `GET /v1/sessions?limit&offset` answers a page of
 * `total` synthetic sessions (`PUT /__total/:n` sets it). Prints its port on stdout.
 */
import * as http from "node:http"
import { pageJson, sessionJson } from "./fixtures.js"

const one = Buffer.from(JSON.stringify(sessionJson(1)))
const headers = { "content-type": "application/json", "content-length": String(one.length) }
let total = 100_000

const server = http.createServer((req, res) => {
  const url = req.url ?? ""
  if (url.startsWith("/v1/sessions/")) {
    res.writeHead(200, headers).end(one)
  } else if (url.startsWith("/v1/sessions?")) {
    const query = new URLSearchParams(url.slice(url.indexOf("?") + 1))
    const body = JSON.stringify(pageJson(Number(query.get("offset") ?? 0), Number(query.get("limit") ?? 10), total))
    res.writeHead(200, { "content-type": "application/json" }).end(body)
  } else if (req.method === "PUT" && url.startsWith("/__total/")) {
    total = Number(url.slice("/__total/".length))
    res.writeHead(204).end()
  } else {
    res.writeHead(404, { "content-type": "application/json" }).end("{\"errors\":[]}")
  }
})
// idle keep-alive sockets stay open until the client closes them: a server-side timeout races the clients' reuse of
// a socket idle since an earlier section ("other side closed" when a section outlasted it on a loaded machine)
server.keepAliveTimeout = 0
server.listen(0, "127.0.0.1", () => {
  const address = server.address()
  process.stdout.write(`${typeof address === "object" && address !== null ? address.port : 0}\n`)
})
process.on("disconnect", () => process.exit(0))
