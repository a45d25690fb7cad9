// The one process also serves the built client: files, and index.html for app paths and join links.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
let dir = "";
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pf-static-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>Practice Field</title>");
  writeFileSync(join(dir, "assets", "app.js"), "console.log(1)");
  h = await startHarness({ staticDir: dir });
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

it("serves the client, its assets, and index.html for join links; the API stays JSON", async () => {
  const root = await fetch(`${h.http}/`);
  expect(root.status).toBe(200);
  expect(await root.text()).toContain("Practice Field");
  const js = await fetch(`${h.http}/assets/app.js`);
  expect(js.headers.get("content-type")).toMatch(/javascript/);
  const link = await fetch(`${h.http}/join/ABCDEF`);
  expect(await link.text()).toContain("Practice Field");
  expect((await fetch(`${h.http}/assets/missing.js`)).status).toBe(404);
  const health = await fetch(`${h.http}/api/health`);
  expect(await health.json()).toMatchObject({ ok: true, storage: "memory" });
});
