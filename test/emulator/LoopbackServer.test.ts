/**
 * The loopback server and @clerk/backend interoperability, over real sockets on 127.0.0.1, sharing
 * one emulator on the live clock (tokens must verify against real time).
 */
import { layer } from "@effect/vitest"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import * as Interop from "./suites/Interop.js"
import * as LoopbackServer from "./suites/LoopbackServer.js"

layer(ClerkEmulator.layer(), { excludeTestServices: true })("ClerkEmulator (loopback)", (it) => {
  LoopbackServer.suite(it)
  Interop.suite(it)
})
