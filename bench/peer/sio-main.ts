// The simplest peer: the Beer Game on plain Node and Socket.IO, in memory, writing nothing, as one would
// write it in an afternoon. A table per room, a `setInterval` per room in continuous pace, every update
// sent as the player's whole view in JSON. Our server is meant to be faster than this while durable;
// the bench measures both under the same load generator (bench/server.ts).
//
// Messages: "join" {room, seat 0–3, pace}; "order" {week, order}. The server answers with "view" (the
// player's view: its echelon, its scores, its order for the coming week) at join, to the player whose
// order it took, and to all four when the week closes.

import { createServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { closeWeek, newPeerState, type PeerState, peerView, placeOrder } from "./beer-game.ts";

interface Table {
  name: string;
  G: PeerState;
  lockstep: boolean;
  seats: (Socket | undefined)[];
  clock?: NodeJS.Timeout;
}

const tables = new Map<string, Table>();

const showAll = (t: Table) => {
  t.seats.forEach((s, i) => {
    s?.emit("view", peerView(t.G, String(i)));
  });
};

const http = createServer();
const io = new Server(http, { transports: ["websocket"], serveClient: false });

io.on("connection", (socket) => {
  let table: Table | undefined;
  let seat = -1;
  socket.on("join", (m: { room?: unknown; seat?: unknown; pace?: unknown }) => {
    if (
      table ||
      typeof m?.room !== "string" ||
      !Number.isInteger(m.seat) ||
      (m.seat as number) < 0 ||
      (m.seat as number) > 3
    )
      return;
    seat = m.seat as number;
    table = tables.get(m.room);
    if (!table) {
      table = { name: m.room, G: newPeerState(), lockstep: m.pace !== "continuous", seats: [] };
      tables.set(m.room, table);
    }
    table.seats[seat] = socket;
    socket.emit("view", peerView(table.G, String(seat)));
    const t = table;
    if (!t.lockstep && !t.clock && t.seats.filter(Boolean).length === 4)
      t.clock = setInterval(() => {
        closeWeek(t.G);
        showAll(t);
      }, 1000);
  });
  socket.on("order", (m: { week?: unknown; order?: unknown }) => {
    if (!table || typeof m?.week !== "number" || typeof m.order !== "number") return;
    const week = table.G.board.week;
    if (placeOrder(table.G, String(seat), m.week, m.order, table.lockstep) !== undefined) return;
    if (table.G.board.week !== week) showAll(table);
    else socket.emit("view", peerView(table.G, String(seat)));
  });
  socket.on("disconnect", () => {
    if (!table) return;
    table.seats[seat] = undefined;
    if (table.seats.some(Boolean)) return;
    clearInterval(table.clock);
    tables.delete(table.name);
  });
});

const port = Number(process.env.PORT ?? 0);
http.listen(port, "127.0.0.1", () => console.log(`[peer] listening on http://localhost:${port}`));

// Stopped by the bench, it exits as a program does, so that a profile it was asked for is written.
process.once("SIGTERM", () => process.exit(0));
