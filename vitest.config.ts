import { defineConfig } from "vitest/config";

// `npm test`: everything that needs neither an external service nor a browser.
export default defineConfig({
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/server/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
