// The door of the matchmaking routes (POST /matchmake/:method/:room), in front of Colyseus' own
// handler: rooms are reached by their code only, request bodies are capped before they are read,
// and room creation is budgeted per address and per process. The HTTP routes that also create
// rounds (a cohort's teams, a branch, an import) draw on the same per-address budget. A refusal is one JSON sentence
// (`{ error }`, which the SDK shows as the error's message) and, when waiting helps, a Retry-After.

import type { Server as HttpServer, IncomingMessage, ServerResponse } from "node:http";
import type { ServerLimits } from "./limits.ts";

/**
 * The matchmaking methods a stranger may call. `join` and `joinOrCreate` pick a room by its name
 * alone, so they would hand out someone else's lobby (and its code): closed.
 */
export const OPEN_METHODS: readonly string[] = ["create", "joinById", "reconnect"];

/** POST routes outside matchmaking that create rounds or rooms. */
const CREATING_ROUTES: readonly RegExp[] = [
  /^\/api\/cohorts\/?(\?|$)/,
  /^\/api\/rounds\/[^/?]+\/branch\/?(\?|$)/,
  /^\/api\/rounds\/import\/?(\?|$)/,
];

const WINDOW_MS = 60_000;

/** A sliding one-minute window of creates per address. */
export class CreateBudget {
  private readonly hits = new Map<string, number[]>();
  private readonly perMinute: () => number;
  private readonly now: () => number;

  /** `perMinute` is read at each create, so a limit changed at run time applies at once. */
  constructor(perMinute: () => number, now: () => number = Date.now) {
    this.perMinute = perMinute;
    this.now = now;
  }

  /** Counts a create and returns null, or returns the seconds until the address may create again. */
  take(address: string): number | null {
    const t = this.now();
    if (this.hits.size > 10_000) this.sweep(t);
    const recent = (this.hits.get(address) ?? []).filter((at) => at > t - WINDOW_MS);
    if (recent.length >= this.perMinute()) {
      this.hits.set(address, recent);
      return Math.max(1, Math.ceil((recent[0]! + WINDOW_MS - t) / 1000));
    }
    recent.push(t);
    this.hits.set(address, recent);
    return null;
  }

  /** Forgets addresses with nothing in the window, so many one-off addresses cost nothing lasting. */
  private sweep(t: number): void {
    for (const [address, list] of this.hits) {
      if (list.every((at) => at <= t - WINDOW_MS)) this.hits.delete(address);
    }
  }
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface Gate {
  limits: ServerLimits;
  /** Lobbies this process holds now. */
  lobbies(): number;
  /** This process is stopping (SIGTERM): it takes no new rounds. */
  stopping?(): boolean;
}

/** Puts the door in front of every request listener of the HTTP server (call after listen). */
export function gateMatchmaking(server: HttpServer, gate: Gate): void {
  const budget = new CreateBudget(() => gate.limits.createsPerMinutePerIp);
  const listeners = server.listeners("request") as RequestListener[];
  server.removeAllListeners("request");
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const pass = () => {
      for (const l of listeners) l.call(server, req, res);
    };
    if (req.method === "POST" && CREATING_ROUTES.some((r) => r.test(req.url ?? ""))) {
      const refusal = restarting(gate) ?? overBudget(req, gate, budget);
      return refusal ? refuse(res, refusal) : pass();
    }
    const route = req.method === "POST" ? /^\/matchmake\/([^/?]+)\//.exec(req.url ?? "") : null;
    if (!route) return pass();
    const refusal = admit(route[1]!, req, gate, budget);
    if (refusal) return refuse(res, refusal);
    readCapped(req, gate.limits.maxRequestBytes).then(
      (body) => {
        // Colyseus reads a body it finds here instead of the stream.
        (req as IncomingMessage & { body?: string }).body = body;
        pass();
      },
      () => refuse(res, tooLarge(gate.limits.maxRequestBytes)),
    );
  });
}

interface Refusal {
  status: number;
  error: string;
  retryAfter?: number;
}

function admit(method: string, req: IncomingMessage, gate: Gate, budget: CreateBudget): Refusal | null {
  if (!OPEN_METHODS.includes(method)) {
    return {
      status: 403,
      error: "rooms are joined by their code only: use joinById(code, options) with the code you were given",
    };
  }
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > gate.limits.maxRequestBytes) return tooLarge(gate.limits.maxRequestBytes);
  if (method !== "create") return null;
  const stopping = restarting(gate);
  if (stopping) return stopping;
  const over = overBudget(req, gate, budget);
  if (over) return over;
  if (gate.lobbies() >= gate.limits.maxLobbies) {
    return {
      status: 503,
      error: "this server holds as many open lobbies as it may: try again in a minute",
      retryAfter: 60,
    };
  }
  return null;
}

/** A stopping process (SIGTERM) takes no new rounds: a peer, or this server after its restart, will. */
function restarting(gate: Gate): Refusal | null {
  if (!gate.stopping?.()) return null;
  return { status: 503, error: "this server is restarting: try again in a moment", retryAfter: 2 };
}

/** Counts a create against the address's budget; a refusal when the minute's budget is spent. */
function overBudget(req: IncomingMessage, gate: Gate, budget: CreateBudget): Refusal | null {
  const wait = budget.take(addressOf(req, gate.limits.trustProxy));
  if (wait === null) return null;
  return {
    status: 429,
    error: `too many rooms created from your address: at most ${gate.limits.createsPerMinutePerIp} a minute; try again in ${wait} s`,
    retryAfter: wait,
  };
}

const tooLarge = (max: number): Refusal => ({
  status: 413,
  error: `the request is larger than ${max} bytes`,
});

/** The client's address: the socket's, or behind a trusted proxy the first X-Forwarded-For hop. */
function addressOf(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers["x-forwarded-for"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  return (trustProxy && first) || req.socket.remoteAddress || "unknown";
}

function readCapped(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners("data");
        reject(new Error("too large"));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function refuse(res: ServerResponse, r: Refusal): void {
  if (res.headersSent) return;
  const body = JSON.stringify({ error: r.error });
  res.writeHead(r.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    // The request's unread body is not worth reading: the connection ends with the answer.
    connection: "close",
    "access-control-allow-origin": "*",
    ...(r.retryAfter !== undefined ? { "retry-after": String(r.retryAfter) } : {}),
  });
  res.end(body);
}
