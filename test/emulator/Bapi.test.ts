/**
 * The emulator's Backend API beyond sessions: the stateful resources (users, identifiers, organizations,
 * memberships, invitations, JWT templates, allow/block lists), the description-driven responder, and
 * @clerk/backend against them. One in-process emulator on the TestClock for the suites, one on the live clock and a
 * loopback port for @clerk/backend; every test starts from `emulator.reset` or `emulator.seed`.
 */
import { layer } from "@effect/vitest"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import * as Description from "./suites/Description.js"
import * as Events from "./suites/Events.js"
import * as InteropBapi from "./suites/InteropBapi.js"
import * as Invitations from "./suites/Invitations.js"
import * as Organizations from "./suites/Organizations.js"
import * as Responder from "./suites/Responder.js"
import * as Users from "./suites/Users.js"
import { inProcessOptions } from "./support/Options.js"

Description.suite()
Events.suite()

layer(ClerkEmulator.layer(inProcessOptions))("ClerkEmulator Backend API (in process)", (it) => {
  Users.suite(it)
  Organizations.suite(it)
  Invitations.suite(it)
  Responder.suite(it)
})

layer(ClerkEmulator.layer(), { excludeTestServices: true })("ClerkEmulator Backend API (loopback)", (it) => {
  InteropBapi.suite(it)
})
