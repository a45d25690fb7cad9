import { defineConfig } from "vitest/config";

// `npm run test:services`: tests against the real PostgreSQL and Redis.
export default defineConfig({
  test: {
    include: ["tests/services/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
