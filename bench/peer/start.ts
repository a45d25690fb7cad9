// Starts one of the bench's peers pinned to a core, like our server in the bench: boardgame.io
// (bench/peer/bgio-main.ts), the Socket.IO one (sio-main.ts) or the Colyseus one (colyseus-main.ts).

import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import type { PeerName } from "../load-common.ts";
import { pinned } from "../pin.ts";
import { profileFlags } from "../profile.ts";

/** Two ports in 26000–26999 for a peer (boardgame.io: game, lobby API): nothing else of the bench listens there. */
const peerPort = () => 26000 + 2 * Math.floor(Math.random() * 500);

export async function startPeer(core: number, name: PeerName): Promise<{ proc: ChildProcess; port: number }> {
  const port = Number(process.env.PF_BENCH_PEER_PORT ?? peerPort());
  const [cmd, argv] = pinned(core, process.execPath, [
    ...profileFlags(),
    join(import.meta.dirname, `${name}-main.ts`),
  ]);
  const proc = spawn(cmd, argv, {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    proc.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("listening on")) resolve();
    });
    proc.on("exit", (c) => reject(new Error(`peer exited (${c}): ${out}`)));
  });
  return { proc, port };
}
