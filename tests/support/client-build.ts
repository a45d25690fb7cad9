// The production client for tests that put a browser in front of server processes they start
// themselves (the fault suite runs before, and apart from, `npm run test:e2e`, which builds into
// dist/client). Built once per test file into a temp folder, so a build elsewhere is never replaced
// under it; the servers get it as PF_STATIC_DIR.

import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { tempDir } from "./processes.ts";

const ROOT = resolve(import.meta.dirname, "../..");
let built: string | undefined;

/** Runs `vite build` into a temp folder (removed by stopAll) and returns that folder. */
export function buildClient(): string {
  if (built) return built;
  const out = join(tempDir("pf-client-"), "client");
  execFileSync(process.execPath, [join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--outDir", out], {
    cwd: ROOT,
    stdio: "pipe",
  });
  built = out;
  return out;
}
