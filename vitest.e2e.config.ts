import { defineConfig } from "vitest/config";

// `npm run test:e2e`: real browsers (Debian Chromium) against a real server.
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
