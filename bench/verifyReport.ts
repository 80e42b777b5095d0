/** The tables of the verify section (8, 8b) and its targets. */
import { fixed, ratio, table } from "./table.js"
import type * as verify from "./verify.js"

type Results = Awaited<ReturnType<typeof verify.run>>

const verifyNames: Record<verify.VerifySide, string> = {
  effectClerkJwtKey: "effect-clerk ClerkAuth.verifyToken (jwtKey)",
  effectClerkJwks: "effect-clerk ClerkAuth.verifyToken (JWKS, warm)",
  clerkBackendJwtKey: "@clerk/backend verifyToken (jwtKey)",
  clerkBackendJwks: "@clerk/backend verifyToken (JWKS from the emulator, warm)",
  jose: "jose.jwtVerify (imported key)",
  webCrypto: "floor (edge): WebCrypto subtle.verify + JSON.parse",
  nodeCrypto: "floor (Node): node:crypto.verify + JSON.parse"
}

const serverNames: Record<verify.ServerSide, string> = {
  router: "HttpRouter, no authentication",
  routerAuthReused: "HttpRouter + requireSession, each token ×20",
  routerAuthDistinct: "HttpRouter + requireSession, tokens distinct",
  api: "HttpApi, no authentication",
  apiAuthReused: "HttpApi + ClerkAuthMiddleware, each token ×20",
  apiAuthDistinct: "HttpApi + ClerkAuthMiddleware, tokens distinct"
}

export const verifyTable = (results: Results, options: verify.Options) => {
  const floor = results.verify.find((r) => r.side === "nodeCrypto")!
  const clerk = results.verify.find((r) => r.side === "clerkBackendJwtKey")!
  return table(
    `8. session token verification, ${floor.calls} verifications per side (${results.tokens} distinct RS256 tokens) ` +
      `after ${options.warmupRounds * options.batch} warm-up, batches of ${options.batch} interleaved; ` +
      `${results.jwksFetches} JWKS fetch(es) in all`,
    ["side", "p50 µs", "p99 µs", "verifications/s", "p50 × node floor", "/s × @clerk/backend jwtKey"],
    results.verify.map((r) => [
      verifyNames[r.side],
      fixed(r.median * 1000),
      fixed(r.p99 * 1000),
      fixed(r.perSecond, 0),
      ratio(r.median, floor.median),
      ratio(r.perSecond, clerk.perSecond)
    ])
  )
}

export const serverTable = (results: Results, options: verify.Options) => {
  const server = results.server!
  const base = (side: verify.ServerSide) => server.find((r) => r.side === (side.startsWith("api") ? "api" : "router"))!
  return table(
    `8b. Effect HTTP server GET /me (node:http, this process), ${options.server!.inFlight} keep-alive requests in ` +
      `flight, ${options.server!.slices} interleaved slice(s) of ${
        options.server!.sliceMs
      } ms per side after a warm-up slice`,
    ["side", "requests", "requests/s", "× without middleware", "target"],
    server.map((r) => {
      const measured = r.perSecond / base(r.side).perSecond
      const target = r.side.endsWith("Reused") ? 0.85 : r.side.endsWith("Distinct") ? 0.7 : undefined
      return [
        serverNames[r.side],
        String(r.requests),
        fixed(r.perSecond, 0),
        ratio(r.perSecond, base(r.side).perSecond),
        target === undefined ? "" : `≥ ${target}× ${measured >= target ? "met" : "MISSED"}`
      ]
    })
  )
}

export const verifyTargets = (results: Results) => {
  const get = (side: verify.VerifySide) => results.verify.find((r) => r.side === side)!
  const verdict = (ok: boolean) => (ok ? "met" : "MISSED")
  const floor = get("nodeCrypto")
  const rows: Array<Array<string>> = []
  for (
    const [mode, ours, theirs] of [
      ["jwtKey", get("effectClerkJwtKey"), get("clerkBackendJwtKey")],
      ["JWKS", get("effectClerkJwks"), get("clerkBackendJwks")]
    ] as const
  ) {
    rows.push([
      `verifyToken p50 ≤ 1.6× node:crypto floor (${mode})`,
      ratio(ours.median, floor.median),
      verdict(ours.median <= 1.6 * floor.median)
    ])
    rows.push([
      `verifications/s ≥ 2× @clerk/backend (${mode})`,
      ratio(ours.perSecond, theirs.perSecond),
      verdict(ours.perSecond >= 2 * theirs.perSecond)
    ])
  }
  return table("targets of 8 (informational, never fail the run)", ["target", "measured", ""], rows)
}
