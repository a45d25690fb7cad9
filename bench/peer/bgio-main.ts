// The boardgame.io peer's server process (in memory, as boardgame.io runs by default): the game on
// PORT, its lobby API on PORT + 1 (on one port its Socket.IO transport hides the API's routes).

import { createRequire } from "node:module";
import { BeerGame } from "./beer-game.ts";

// boardgame.io ships CommonJS folders that an ES module cannot import by name.
const { Server } = createRequire(import.meta.url)(
  "boardgame.io/server",
) as typeof import("boardgame.io/server");
const server = Server({ games: [BeerGame], origins: [/.*/] });
const port = Number(process.env.PORT ?? 0);
await server.run({
  port,
  lobbyConfig: { apiPort: port + 1 },
  callback: () => console.log(`[peer] listening on http://localhost:${port}`),
});

// Stopped by the bench, it exits as a program does, so that a profile it was asked for is written.
process.once("SIGTERM", () => process.exit(0));
