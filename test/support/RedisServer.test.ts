/**
 * The Redis suites need a real `redis-server`: without one they fail at once with one line saying what to install,
 * never hang (issue 20, item 3).
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit } from "effect"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { notInstalled, redisServerWith } from "./RedisServer.js"

/** A PATH without redis-server, or (given `body`) whose redis-server is a shell script with that body. */
const pathWith = (body: string | undefined) => {
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "no-redis-"))
  if (body === undefined) return { PATH: dir }
  Fs.writeFileSync(Path.join(dir, "redis-server"), `#!/bin/sh\n${body}\n`, { mode: 0o755 })
  return { PATH: `${dir}:/bin:/usr/bin` }
}

/** The message the helper fails with. */
const failure = (env: NodeJS.ProcessEnv, startMillis?: number) =>
  Effect.gen(function*() {
    const exit = yield* Effect.exit(
      Effect.scoped(redisServerWith(startMillis === undefined ? { env } : { env, startMillis }))
    )
    assert.isTrue(Exit.isFailure(exit), "it did not start")
    return Exit.isFailure(exit) ? String(Cause.squash(exit.cause)) : ""
  })

describe("RedisServer (the test helper)", () => {
  it.live(
    "without redis-server on PATH: fails at once with one line naming what to install",
    () =>
      Effect.gen(function*() {
        const message = yield* failure(pathWith(undefined))
        assert.include(message, notInstalled)
        assert.include(message, "apt-get install redis-server")
        assert.include(message, "brew install redis")
        assert.notInclude(message, "\n")
      }),
    5_000
  )

  it.live("a redis-server that exits at once: fails with its exit code", () =>
    Effect.gen(function*() {
      assert.include(yield* failure(pathWith("echo broken; exit 3")), "redis-server exited (3)")
    }), 5_000)

  it.live("a redis-server that never says it is ready: fails after the start timeout", () =>
    Effect.gen(function*() {
      assert.include(yield* failure(pathWith("exec sleep 30"), 500), "redis-server did not start within 500 ms")
    }), 5_000)
})
