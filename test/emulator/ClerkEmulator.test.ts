/**
 * Entry of the emulator's tests (one file, one module graph: the suite stays fast). Suites live in
 * ./suites, one per concern.
 *
 * - In process: one emulator on the TestClock; every test starts from `emulator.reset` or `emulator.seed`.
 * - Loopback: one emulator on the live clock (its tokens must verify against real time), served on
 *   127.0.0.1, also for the @clerk/backend interoperability suite.
 */
import { layer } from "@effect/vitest"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import * as CliArgs from "./suites/CliArgs.js"
import * as Contract from "./suites/Contract.js"
import * as Fault from "./suites/Fault.js"
import * as Faults from "./suites/Faults.js"
import * as InProcessFetch from "./suites/InProcessFetch.js"
import * as Interop from "./suites/Interop.js"
import * as KeyRotation from "./suites/KeyRotation.js"
import * as LoopbackServer from "./suites/LoopbackServer.js"
import * as Seed from "./suites/Seed.js"
import * as Sessions from "./suites/Sessions.js"
import * as SessionToken from "./suites/SessionToken.js"
import * as SignInTokens from "./suites/SignInTokens.js"
import * as Tokens from "./suites/Tokens.js"
import { inProcessOptions } from "./support/Options.js"

Seed.suite()
Fault.suite()
CliArgs.suite()

layer(ClerkEmulator.layer(inProcessOptions))("ClerkEmulator (in process)", (it) => {
  Sessions.suite(it)
  Tokens.suite(it)
  SessionToken.suite(it)
  KeyRotation.suite(it)
  SignInTokens.suite(it)
  Faults.suite(it)
  Contract.suite(it)
  InProcessFetch.suite(it)
})

layer(ClerkEmulator.layer(), { excludeTestServices: true })("ClerkEmulator (loopback)", (it) => {
  LoopbackServer.suite(it)
  Interop.suite(it)
})
