import type * as ClerkEmulator from "../../../src/emulator/ClerkEmulator.js"

/** Options of the emulator shared by the in-process suites (one emulator, one key pair). */
export const inProcessOptions = {
  secretKey: "sk_test_emulator_suite",
  issuer: "https://clerk.emulator.test",
  accountsUrl: "https://accounts.example.test"
} as const satisfies ClerkEmulator.Options
