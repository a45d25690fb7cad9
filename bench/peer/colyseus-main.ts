// The simplest server on our own stack: the Beer Game on Colyseus with @colyseus/schema, each seat's
// desk in a map marked `.view()` and a StateView per client (the information hiding the brief asks
// for), in memory, writing nothing, a patch sent as soon as anything changes. What it costs beside the
// Socket.IO peer is what the framework costs; what our server costs beyond it is ours.
//
// A room per table (`filterBy(["table"])`); join options {table, seat 0–3, pace}; message "order"
// {week, order}. Rules as the other peers' (bench/peer/beer-game.ts).

import { type Client, Room, Server } from "@colyseus/core";
import { StateView, schema, t } from "@colyseus/schema";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { closeWeek, newPeerState, type PeerState, peerView, placeOrder } from "./beer-game.ts";

/** What the scenario shows an echelon, by name: read from the board, so the desk follows the scenario. */
const OBSERVED = Object.entries(peerView(newPeerState(), "0").observation as Record<string, unknown>)
  .filter(([, v]) => typeof v === "number")
  .map(([k]) => k);

/** One seat's desk: its echelon's numbers as observed, its order for the coming week. */
const Desk = schema(
  {
    ...(Object.fromEntries(OBSERVED.map((k) => [k, t.number().default(0)])) as Record<
      string,
      ReturnType<typeof t.number>
    >),
    /** −1: no order for the coming week yet. */
    order: t.number().default(-1),
  },
  "Desk",
);
type Desk = InstanceType<typeof Desk>;

const TableState = schema({ week: t.number().default(0), desks: t.map(Desk).view() }, "TableState");
type TableState = InstanceType<typeof TableState>;

class TableRoom extends Room<{ state: TableState }> {
  override maxClients = 4;
  private G: PeerState = newPeerState();
  private lockstep = true;
  private weekClock: NodeJS.Timeout | undefined;

  override onCreate(options: { pace?: string }): void {
    this.state = new TableState();
    // Patches on change (broadcastPatch below), not on a 50 ms cadence.
    this.patchRate = null;
    this.lockstep = options.pace !== "continuous";
    for (let seat = 0; seat < 4; seat++) this.state.desks.set(String(seat), new Desk());
    this.show();
    this.onMessage("order", (client: Client, m: { week?: unknown; order?: unknown }) => {
      const seat = (client.userData as { seat: number }).seat;
      if (typeof m?.week !== "number" || typeof m.order !== "number") return;
      const week = this.G.board.week;
      if (placeOrder(this.G, String(seat), m.week, m.order, this.lockstep) !== undefined) return;
      if (this.G.board.week !== week) this.show();
      else this.state.desks.get(String(seat))!.order = m.order;
      this.broadcastPatch();
    });
  }

  override onJoin(client: Client, options: { seat?: unknown }): void {
    const seat = Number(options.seat);
    if (!Number.isInteger(seat) || seat < 0 || seat > 3) throw new Error("seat 0–3");
    client.userData = { seat };
    client.view = new StateView();
    client.view.add(this.state.desks.get(String(seat))!);
    if (!this.lockstep && !this.weekClock && this.clients.length === 4)
      // Node's timer, not the room's clock: broadcastPatch ticks that clock, which would call us again.
      this.weekClock = setInterval(() => {
        closeWeek(this.G);
        this.show();
        this.broadcastPatch();
      }, 1000);
  }

  override onDispose(): void {
    clearInterval(this.weekClock);
  }

  /** Every desk as its seat sees the board now. */
  private show(): void {
    this.state.week = this.G.board.week;
    for (let seat = 0; seat < 4; seat++) {
      const v = peerView(this.G, String(seat));
      const desk = this.state.desks.get(String(seat))! as Desk & Record<string, number>;
      const seen = v.observation as Record<string, number>;
      for (const k of OBSERVED) desk[k] = seen[k]!;
      desk.order = v.order ?? -1;
    }
  }
}

const server = new Server({ transport: new WebSocketTransport(), greet: false, gracefullyShutdown: false });
server.define("table", TableRoom).filterBy(["table"]);
const port = Number(process.env.PORT ?? 0);
await server.listen(port, "127.0.0.1");
console.log(`[peer] listening on http://localhost:${port}`);

// Stopped by the bench, it exits as a program does, so that a profile it was asked for is written.
process.once("SIGTERM", () => process.exit(0));
