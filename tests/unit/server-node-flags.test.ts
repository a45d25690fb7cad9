import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { SERVER_NODE_FLAGS } from "../../server/node-flags.ts";

const ROOT = join(import.meta.dirname, "../..");

it("npm start and the deployment guide's unit run the server with the server's node flags", () => {
  const start = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts.start as string;
  const deploy = readFileSync(join(ROOT, "docs/deploy.md"), "utf8");
  const execStart = /^ExecStart=(.*)$/m.exec(deploy)?.[1] ?? "";
  for (const flag of SERVER_NODE_FLAGS) {
    expect(start).toMatch(new RegExp(`node (\\S+ )*${flag} (\\S+ )*dist/node/server/main\\.js`));
    expect(execStart).toContain(` ${flag} `);
  }
});
