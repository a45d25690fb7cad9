import { defineConfig } from "vitest/config";

// `npm run test:faults`: storage, Redis and processes fail on purpose. Each test starts its own
// PostgreSQL / Redis / server processes (temp folders, other ports) and never touches the shared ones.
export default defineConfig({
  test: {
    include: ["tests/faults/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
