import effect from "@effect/eslint-plugin"
import tseslint from "typescript-eslint"

/** Fiber machinery and tricks that stay out of src/ (issue 17, item 6): each selector with the reason. */
const noInternals = [
  {
    selector:
      "MemberExpression[property.name=/^(withFiberRuntime|currentContext|currentServices|unsafeMap|unsafeInterruptAsFork|unsafeInterrupt|addObserver|removeObserver|unsafePoll|getFiberRef)$/]",
    message: "Fiber internals: use public Effect APIs (Effect.context, Clock.currentTimeMillis, Fiber.join…)."
  },
  {
    selector:
      "MemberExpression[object.name=/^(Deferred|Fiber|FiberId|Context|Effect|Exit|Queue|Ref)$/][property.name=/^unsafe/]",
    message: "unsafe* constructors: build it in an Effect (Deferred.make, FiberRef.make…)."
  },
  { selector: "MemberExpression[object.name='FiberId'][property.name='none']", message: "No fiber ids of our own." },
  {
    selector: "CallExpression[callee.object.name=/^(Object|Reflect)$/][callee.property.name='setPrototypeOf']",
    message: "No prototype assignment."
  },
  { selector: "MemberExpression[property.name='__proto__']", message: "No prototype assignment." },
  {
    selector: "BinaryExpression[operator='instanceof'][right.type='MemberExpression']",
    message: "No instanceof on a library's classes: use its guards (Exit.isExit, Cause.isInterrupted…)."
  },
  {
    selector: "TSAsExpression > TSTypeReference[typeName.right.name='Exit']",
    message: "An Effect is not an Exit: no casts between them."
  }
]

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "**/*.cpuprofile", "test/readme/generated/**"] },
  ...tseslint.configs.recommended,
  ...effect.configs.dprint,
  {
    rules: {
      "@effect/dprint": ["error", {
        config: {
          indentWidth: 2,
          lineWidth: 120,
          semiColons: "asi",
          quoteStyle: "alwaysDouble",
          trailingCommas: "never",
          operatorPosition: "maintain",
          "arrowFunction.useParentheses": "force"
        }
      }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-namespace": "off",
      "@typescript-eslint/no-empty-object-type": "off"
    }
  },
  {
    files: ["src/**/*.ts"],
    rules: {
      "@effect/no-import-from-barrel-package": ["error", { packageNames: ["effect", "@effect/platform"] }],
      // public, documented Effect APIs only (issue 17, item 6)
      "no-restricted-imports": ["error", {
        paths: [{ name: "effect/DefaultServices", message: "Effect's default services are not ours to read." }],
        patterns: [{
          group: ["effect/internal/*", "@effect/*/internal/*"],
          message: "Internal modules are not an API."
        }]
      }],
      "no-restricted-syntax": [
        "error",
        ...noInternals
      ]
    }
  }
)
