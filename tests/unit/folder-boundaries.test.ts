// The folders' boundaries are enforced by the checks themselves: a probe file that crosses one must
// fail `npm run typecheck` (through that folder's tsconfig) or `npm run lint` (biome.json's overrides),
// and a probe that stays inside must pass, so each failure is for the reason named.

import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);

function writeAll(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), `${text}\n`);
  }
}

/** Exit code and output, whether the command succeeds or not. */
async function attempt(cmd: string, args: string[], cwd: string): Promise<{ code: number; out: string }> {
  try {
    const r = await run(cmd, args, { cwd, maxBuffer: 16 << 20 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, out: (err.stdout ?? "") + (err.stderr ?? "") };
  }
}

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe.concurrent("type checking per folder", () => {
  // Inside the repository, so type packages resolve from its node_modules exactly as for the folder.
  const cache = join(root, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });

  /** Type-checks probe files with a folder's compiler settings; the error lines per probe file. */
  async function check(project: string, probes: Record<string, string>): Promise<Record<string, string[]>> {
    const dir = mkdtempSync(join(cache, "pf-boundary-"));
    temps.push(dir);
    writeAll(dir, probes);
    // `include: []` drops the folder's own files: only the probes are checked.
    const config = { extends: join(root, project), files: Object.keys(probes), include: [] };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config));
    const { out } = await attempt(bin("tsc"), ["-p", dir], dir);
    const errors: Record<string, string[]> = {};
    for (const name of Object.keys(probes)) {
      errors[name] = out.split("\n").filter((l) => l.startsWith(`${name}(`));
    }
    return errors;
  }

  it("shared/ has neither the DOM nor Node", async () => {
    const e = await check("shared/tsconfig.json", {
      "dom.ts": "export const t = document.title;",
      "node.ts": "export const p = process.pid;",
      "core.ts": "export const last = [3, 1, 2].toSorted().at(-1);",
    });
    expect(e["dom.ts"]!.join()).toMatch(/Cannot find name 'document'/);
    expect(e["node.ts"]!.join()).toMatch(/Cannot find name 'process'/);
    expect(e["core.ts"]).toEqual([]);
  });

  it("server/ has Node and no DOM", async () => {
    const e = await check("server/tsconfig.json", {
      "dom.ts": "export const t = document.title;",
      "node.ts": "export const p = process.pid;",
    });
    expect(e["dom.ts"]!.join()).toMatch(/Cannot find name 'document'/);
    expect(e["node.ts"]).toEqual([]);
  });

  it("client/ has the DOM", async () => {
    const e = await check("client/tsconfig.json", {
      "dom.ts": "export const t = document.title;",
    });
    expect(e["dom.ts"]).toEqual([]);
  });
});

describe("imports and globals per folder (biome.json)", () => {
  it("shared/ imports no server, client, Node or rendering code; client/ and server/ not each other", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pf-lint-boundary-"));
    temps.push(dir);
    copyFileSync(join(root, "biome.json"), join(dir, "biome.json"));
    const crossing: Record<string, string> = {
      "shared/engine/node.ts": 'import { readFileSync } from "node:fs";\nexport const x = readFileSync;',
      "shared/engine/server.ts":
        'import { startGameServer } from "../../server/app.ts";\nexport const x = startGameServer;',
      "shared/engine/client.ts": 'import { App } from "../../client/app.ts";\nexport const x = App;',
      "shared/engine/phaser.ts": 'import Phaser from "phaser";\nexport const x = Phaser;',
      "shared/engine/colyseus.ts": 'import { Room } from "@colyseus/core";\nexport const x = Room;',
      "shared/engine/sdk.ts": 'import { Client } from "@colyseus/sdk";\nexport const x = Client;',
      "shared/engine/db.ts": 'import pg from "pg";\nexport const x = pg;',
      "shared/engine/process.ts": "export const x = process.pid;",
      "client/ui/server.ts":
        'import { startGameServer } from "../../server/app.ts";\nexport const x = startGameServer;',
      "client/ui/node.ts": 'import { join } from "node:path";\nexport const x = join;',
      "client/ui/process.ts": "export const x = process.env;",
      "server/client.ts": 'import { App } from "../client/app.ts";\nexport const x = App;',
    };
    const allowed: Record<string, string> = {
      "shared/engine/ok.ts":
        'import { z } from "zod";\nimport { rng } from "./rng.ts";\nexport const x = [z, rng];',
      "client/ui/ok.ts":
        'import { Client } from "@colyseus/sdk";\nimport { x as y } from "../../shared/protocol/index.ts";\nexport const x = [Client, y, document];',
      "server/ok.ts":
        'import { readFileSync } from "node:fs";\nimport { x as y } from "../shared/protocol/index.ts";\nexport const x = [readFileSync, y, process.pid];',
    };
    writeAll(dir, { ...crossing, ...allowed });
    const { out } = await attempt(
      bin("biome"),
      ["lint", "--reporter=json", "--max-diagnostics=none", "."],
      dir,
    );
    const report = JSON.parse(out.slice(out.indexOf("{"), out.lastIndexOf("}") + 1)) as {
      diagnostics: { category: string; location: { path: string } }[];
    };
    const byFile = new Map<string, string[]>();
    for (const d of report.diagnostics) {
      byFile.set(d.location.path, [...(byFile.get(d.location.path) ?? []), d.category]);
    }
    for (const path of Object.keys(crossing)) {
      const rule = path.endsWith("process.ts") ? "noRestrictedGlobals" : "noRestrictedImports";
      expect(byFile.get(path), path).toEqual([`lint/style/${rule}`]);
    }
    for (const path of Object.keys(allowed)) expect(byFile.get(path), path).toBeUndefined();
  });
});
