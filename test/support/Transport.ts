import type { Layer } from "effect"
import { type ClerkConfig, ClerkLive } from "../../src/index.js"
import type { Services } from "../../src/layers/ClerkLive.js"
import { ClerkLiveNode } from "../../src/layers/ClerkLiveNode.js"

/**
 * The transport the suites run the client over, from `EFFECT_CLERK_TEST_TRANSPORT` (set per vitest project, see
 * vitest.config.ts): `fetch` (`ClerkLive`, the default) or `node` (`ClerkLiveNode`).
 */
export const transport = process.env.EFFECT_CLERK_TEST_TRANSPORT ?? "fetch"

/** The production layer of {@link transport}. A `FetchHttpClient.Fetch` provided to it is used, except by `node`. */
export const liveLayer: Layer.Layer<Services, never, ClerkConfig.ClerkConfig> = transport === "node"
  ? ClerkLiveNode
  : ClerkLive
