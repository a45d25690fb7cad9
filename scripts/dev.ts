// `npm run dev`: the game server (restarted on change) and Vite's dev server with hot reload.
// The browser talks to Vite; game traffic goes to the local game server.

import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { createServer } from "vite";
import { SERVER_NODE_FLAGS } from "../server/node-flags.ts";

const root = resolve(import.meta.dirname, "..");
const gamePort = Number(process.env.PORT ?? 2567);
const vitePort = Number(process.env.VITE_PORT ?? 5173);
const game = `http://127.0.0.1:${gamePort}`;

const server = spawn(
  process.execPath,
  [...SERVER_NODE_FLAGS, "--watch-path=server", "--watch-path=shared", "server/main.ts"],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PORT: String(gamePort) },
  },
);

// The client reads PF_SERVER_URL for its WebSocket endpoint; HTTP API calls go through Vite's proxy.
process.env.PF_SERVER_URL = game;
const vite = await createServer({
  configFile: resolve(root, "vite.config.ts"),
  server: { port: vitePort, proxy: { "/api": game } },
});
await vite.listen();
vite.printUrls();
console.log(`game server: ${game}`);

const stop = async () => {
  server.kill("SIGTERM");
  await vite.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
server.on("exit", (code) => {
  if (code !== null && code !== 0) console.error(`game server exited with code ${code}`);
});
