import { defineConfig } from "vitest/config";

// `npm run test:e2e`: real browsers (Debian Chromium) against a real server.
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // A browser on a busy machine takes seconds, not the default one second, to settle a poll.
    expect: { poll: { timeout: 15_000 } },
  },
});
