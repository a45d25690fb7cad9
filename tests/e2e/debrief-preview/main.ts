// The debrief on its own, for looking at the panels: a recorded Beer Game round and an in-page
// stand-in for the room that routes messages through the real server-side debrief module.
import type { Client } from "@colyseus/core";
import type { Room } from "@colyseus/sdk";
import { mountDebrief } from "../../../client/debrief/index.ts";
import { attachDebrief } from "../../../server/debrief/index.ts";
import type { StoredEvent } from "../../../server/storage/types.ts";
import { Simulation } from "../../../shared/engine/simulation.ts";
import { createBot, parsePolicy } from "../../../shared/policies/index.ts";
import type { RoundRecord } from "../../../shared/protocol/messages.ts";
import { getScenario } from "../../../shared/scenarios/index.ts";

const params = new URLSearchParams(location.search);
const role = params.get("role") ?? "wholesaler";
const scenario = getScenario(params.get("scenario") ?? "beer-game");
const HOST = "preview-host-token";

// Humans who panic a little more than the typical rule, each differently.
const humans: Record<string, string> = {
  retailer: "sterman:theta=0.5,alpha=0.3,beta=0.2,sprime=14",
  wholesaler: "sterman:theta=0.4,alpha=0.35,beta=0.1,sprime=18",
  distributor: "sterman:theta=0.3,alpha=0.25,beta=0.3,sprime=16",
  factory: "sterman:theta=0.6,alpha=0.4,beta=0.05,sprime=20",
};
// Product-launch departments each mind their own desk.
const sim = new Simulation(scenario, scenario.id === "beer-game" ? { weeks: 36 } : {}, 11);
const bots = Object.fromEntries(
  sim.roles.map((r) => [r, createBot(parsePolicy(scenario.id, humans[r] ?? "departmental"), r)]),
);
sim.playOut(bots);
const inputs = sim.inputs();
const record: RoundRecord = {
  id: "preview",
  code: "PRVW42",
  scenario: inputs.scenario,
  version: inputs.version,
  title: scenario.title,
  options: inputs.options,
  seed: inputs.seed,
  horizon: sim.horizon,
  createdAt: "",
  endedAt: null,
  decisions: inputs.decisions,
  sources: [],
  shocks: [],
  hashes: sim.hashes,
  seats: sim.roles.map((r, i) => ({ role: r, name: ["Ana", "Ben", "Chloé", "Dev"][i] ?? "", policy: "bot" })),
};

const log: StoredEvent[] = JSON.parse(sessionStorage.getItem("preview.log") ?? "[]");
const listeners = new Map<string, Set<(p: unknown) => void>>();
const me = { sessionId: "me" } as unknown as Client;
const deliver = (type: string, payload: unknown) =>
  queueMicrotask(() => {
    for (const cb of listeners.get(type) ?? []) cb(JSON.parse(JSON.stringify(payload)));
  });
const handle = await attachDebrief({
  roundId: "preview",
  code: record.code,
  scenario,
  record: () => record,
  humanRoles: () => [...sim.roles],
  members: () => [{ client: me, role, name: "Me" }],
  memberOf: () => ({ client: me, role, name: "Me" }),
  isHostToken: (t) => t === HOST,
  // One page is the whole room: its own view is all there is to widen.
  reveal: () => {},
  send: (_c, type, payload) => deliver(type, payload),
  broadcast: deliver,
  error: (_c, request, code, reason) => deliver("error", { request, code, reason }),
  append: async (type, data) => {
    log.push({ seq: log.length + 1, at: 0, type, data });
    sessionStorage.setItem("preview.log", JSON.stringify(log));
  },
  events: async () => log,
});
const room = {
  roomId: record.code,
  send: (type: string, payload: unknown) => handle.onMessage(me, type, payload),
  onMessage(type: string, cb: (p: unknown) => void) {
    const set = listeners.get(type) ?? new Set();
    set.add(cb);
    listeners.set(type, set);
    return () => set.delete(cb);
  },
} as unknown as Room;
mountDebrief(document.getElementById("app")!, {
  room,
  role,
  isHost: params.has("host"),
  hostToken: params.has("host") ? HOST : null,
  t: (k) => k,
});
Object.assign(window, { __preview: { record, sketchAll: seedSketches } });

/** Two teammates' sketches (the distributor never sends one), so the host has to reveal. */
function seedSketches(): void {
  const shapes = [
    [4, 4, 4, 4, 8, 8, 8, 8, 8, 8],
    [4, 6, 10, 14, 18, 16, 12, 8, 6, 6],
    [4, 8, 12, 16, 20, 24, 20, 14, 10, 8],
    [4, 4, 6, 10, 16, 22, 26, 20, 12, 6],
  ];
  const k = scenario.id === "beer-game" ? 1 : 5;
  for (const [i, r] of sim.roles.entries()) {
    const ys = shapes[i]!.map((y) => y * k);
    if (r === role || i === 2) continue;
    const points = ys.map((value, j) => ({ week: 1 + j * Math.floor(sim.horizon / 9), value }));
    log.push({
      seq: log.length + 1,
      at: 0,
      type: "debrief:event",
      data: {
        kind: "sketch",
        role: r,
        name: record.seats.find((s) => s.role === r)?.name ?? r,
        points,
        cause: i === 3 ? "The panic orders downstream, weeks 8–12." : "",
      },
    });
  }
  sessionStorage.setItem("preview.log", JSON.stringify(log));
}
