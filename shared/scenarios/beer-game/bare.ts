// The Beer Game's bare runner: the board in a typed array (kernel.ts, the same equations the model
// runs), the built-in bots inlined by kind, nothing allocated per week. It plays exactly the games the
// Simulation plays with the same bots; tests/unit/bare-engine.test.ts compares every week's state.

import { variance } from "../../analytics/stats.ts";
import type { BareGame, BareMetric, BarePolicy, BareScenario, BareWatch } from "../../engine/bare.ts";
import { checkDecision } from "../../engine/decisions.ts";
import { createRng, type RngState, reseedRng } from "../../engine/rng.ts";
import { beerGame } from "./index.ts";
import { initialBoard, offsets, placeOrders, settleBoard } from "./kernel.ts";
import { demandAt, leadTime, ROLE_IDS } from "./model.ts";
import { type BeerGameOptions, INITIAL_FLOW, INITIAL_INVENTORY, MAX_ORDER } from "./options.ts";
import { beerGamePolicies, orderCases, orderUpToWanted, stermanExpected, stermanWanted } from "./policies.ts";

// Our own constants, not imported bindings (see offsets in kernel.ts).
const { BACKLOG, DEMAND, INCOMING, INVENTORY, NEXT_DEMAND, ON_ORDER, ORDER, SIZE, TOTAL_COST } = offsets;

const STERMAN = 0;
const PASS_THROUGH = 1;
const ORDER_UP_TO = 2;
/** Orders the same every week, whatever it sees (`constant`, `fixed`). */
const HOLD = 3;

const STERMAN_SLOTS = 6;

/** The bots this runner plays, by policy name. */
const BARE_KINDS = new Set(["sterman", "pass-through", "order-up-to", "constant", "fixed"]);

const METRICS: BareMetric[] = [{ role: null, key: "totalCost" }];
for (const role of ROLE_IDS) METRICS.push({ role, key: "cost" }, { role, key: "amplification" });

class BeerGameBare implements BareGame {
  readonly metrics = METRICS;
  readonly weeks: number;
  private readonly options: BeerGameOptions;
  private readonly wholeCases: boolean;
  /** The board: after a week's step 5, then (settled in place) at the next decision point. */
  private readonly board = new Float64Array(SIZE);
  /** The random stream, reseeded for each game. */
  private readonly rngState: RngState = [0, 0, 0, 0];
  private readonly rng = createRng(this.rngState);
  private readonly kind = new Int32Array(4);
  private readonly a = new Float64Array(4); // order-up-to target · hold k
  private readonly b = new Float64Array(4); // order-up-to lead
  private readonly c = new Float64Array(4); // order-up-to p
  /** Order-up-to's count of recent orders. */
  private readonly memory = new Float64Array(4);
  private readonly recent: Float64Array[] = [];
  private readonly orders: Float64Array[] = [];
  private readonly demand: Float64Array;
  /** Every echelon plays Sterman's rule: the week loop takes the monomorphic path. */
  private readonly allSterman: boolean;
  private readonly decided = new Float64Array(4);
  /** Sterman's rule per echelon, side by side: θ, α, β, S′, whole cases (1 or 0), expected demand. */
  private readonly stermanRule = new Float64Array(4 * STERMAN_SLOTS);
  /** Customer demand by week (index 1…weeks + 1) when the pattern draws nothing; null for random demand. */
  private readonly demandTable: Float64Array | null;

  constructor(options: BeerGameOptions, policies: readonly BarePolicy[]) {
    this.options = options;
    this.weeks = options.weeks;
    this.wholeCases = options.wholeCases;
    this.demand = new Float64Array(this.weeks);
    for (let r = 0; r < 4; r++) {
      const p = policies[r]!;
      const param = (k: string) => p.params[k] ?? beerGamePolicies[p.spec.name]!.params[k]!.default;
      this.orders.push(new Float64Array(this.weeks));
      this.recent.push(new Float64Array(52));
      if (p.spec === beerGamePolicies["sterman"]) {
        this.kind[r] = STERMAN;
        this.stermanRule.set(
          [param("theta"), param("alpha"), param("beta"), param("sprime"), param("continuous") < 0.5 ? 1 : 0],
          r * STERMAN_SLOTS,
        );
      } else if (p.spec === beerGamePolicies["pass-through"]) {
        this.kind[r] = PASS_THROUGH;
      } else if (p.spec === beerGamePolicies["order-up-to"]) {
        this.kind[r] = ORDER_UP_TO;
        this.a[r] = param("target");
        this.b[r] = leadTime(r);
        this.c[r] = Math.round(param("p"));
      } else {
        // constant and fixed ignore what they see: their one decision, asked once.
        const bot = beerGamePolicies[p.spec.name]!.create(ROLE_IDS[r]!, p.params);
        this.kind[r] = HOLD;
        this.a[r] = bot.decide({} as never)["order"]!;
      }
    }
    this.allSterman = this.kind.every((k) => k === STERMAN);
    // A pattern that draws nothing is read from a table, not worked out again every week of every game.
    if (options.demand.kind === "normal") this.demandTable = null;
    else {
      const noDraws = createRng([0, 0, 0, 0]);
      this.demandTable = new Float64Array(this.weeks + 2);
      for (let w = 1; w <= this.weeks + 1; w++) this.demandTable[w] = demandAt(options, w, noDraws);
    }
  }

  /** Echelon r's order by Sterman's rule at the decision point on `board`, its expectation advanced. */
  private sterman(r: number, board: Float64Array): number {
    const p = this.stermanRule;
    const at = r * STERMAN_SLOTS;
    const expected = stermanExpected(p[at]!, board[INCOMING + r]!, p[at + 5]!);
    p[at + 5] = expected;
    const wanted = stermanWanted(
      p[at + 1]!,
      p[at + 2]!,
      p[at + 3]!,
      expected,
      board[INVENTORY + r]!,
      board[BACKLOG + r]!,
      board[ON_ORDER + r]!,
    );
    return orderCases(wanted, p[at + 4] === 1);
  }

  /** Echelon r's order at the decision point on `board`, its memory advanced. */
  private decide(r: number, board: Float64Array): number {
    const incoming = board[INCOMING + r]!;
    switch (this.kind[r]) {
      case STERMAN:
        return this.sterman(r, board);
      case PASS_THROUGH:
        return orderCases(incoming, false);
      case ORDER_UP_TO: {
        const window = this.recent[r]!;
        const p = this.c[r]!;
        let n = this.memory[r]!;
        if (n === p) window.copyWithin(0, 1, n--);
        window[n++] = incoming;
        this.memory[r] = n;
        return orderCases(
          orderUpToWanted(
            this.a[r]!,
            this.b[r]!,
            window,
            n,
            board[INVENTORY + r]!,
            board[BACKLOG + r]!,
            board[ON_ORDER + r]!,
          ),
          true,
        );
      }
      default:
        return this.a[r]!;
    }
  }

  /** The Simulation refuses a decision outside the slip (or fractional on a whole-case board): so does this. */
  private checked(r: number, week: number, o: number): number {
    if (o >= 0 && o <= MAX_ORDER && (!this.wholeCases || o === Math.floor(o))) return o;
    return this.refuse(r, week, o);
  }

  private refuse(r: number, week: number, o: number): never {
    const c = checkDecision(beerGame.decisions(ROLE_IDS[r]!, this.options), { order: o });
    throw new Error(`week ${week}, ${ROLE_IDS[r]}: ${c.ok ? "invalid order" : c.reason}`);
  }

  play(seed: number, out: Float64Array, at: number, watch?: BareWatch): void {
    const options = this.options;
    const { rngState, rng, board, decided, demandTable } = this;
    reseedRng(rngState, seed);
    initialBoard(
      board,
      INITIAL_FLOW,
      INITIAL_INVENTORY,
      demandTable ? demandTable[1]! : demandAt(options, 1, rng),
    );
    for (let r = 0; r < 4; r++) {
      this.memory[r] = 0;
      this.stermanRule[r * STERMAN_SLOTS + 5] = INITIAL_FLOW;
    }
    watch?.(0, board, rngState);
    const h = options.holdingCost;
    const bc = options.backlogCost;
    const warmup = options.warmupWeeks;
    const weeks = this.weeks;
    const demand = this.demand;
    const [orders0, orders1, orders2, orders3] = this.orders as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    for (let week = 1; week <= weeks; week++) {
      settleBoard(board, h, bc);
      // All Sterman (the classic board): one call site, one bot shape.
      if (this.allSterman) for (let r = 0; r < 4; r++) decided[r] = this.sterman(r, board);
      else for (let r = 0; r < 4; r++) decided[r] = this.decide(r, board);
      // During the warm-up every echelon orders the flow whatever it decided; after it, the checked
      // order itself (as placedOrder: a checked order is never below zero).
      if (week <= warmup) {
        for (let r = 0; r < 4; r++) this.checked(r, week, decided[r]!);
        placeOrders(board, INITIAL_FLOW, INITIAL_FLOW, INITIAL_FLOW, INITIAL_FLOW);
      } else
        placeOrders(
          board,
          this.checked(0, week, decided[0]!),
          this.checked(1, week, decided[1]!),
          this.checked(2, week, decided[2]!),
          this.checked(3, week, decided[3]!),
        );
      board[NEXT_DEMAND] = demandTable ? demandTable[week + 1]! : demandAt(options, week + 1, rng);
      demand[week - 1] = board[DEMAND]!;
      orders0[week - 1] = board[ORDER]!;
      orders1[week - 1] = board[ORDER + 1]!;
      orders2[week - 1] = board[ORDER + 2]!;
      orders3[week - 1] = board[ORDER + 3]!;
      watch?.(week, board, rngState);
    }
    out[at] =
      0 + board[TOTAL_COST]! + board[TOTAL_COST + 1]! + board[TOTAL_COST + 2]! + board[TOTAL_COST + 3]!;
    // varianceRatio(orders, demand) for each echelon, with the demand's variance taken once.
    const vd = variance(this.demand);
    for (let r = 0; r < 4; r++) {
      out[at + 1 + 2 * r] = board[TOTAL_COST + r]!;
      out[at + 2 + 2 * r] = vd > 1e-12 ? variance(this.orders[r]!) / vd : Number.NaN;
    }
  }
}

export const beerGameBare: BareScenario = {
  prepare(options, policies, shocks) {
    if (shocks.length > 0) return null;
    const list: BarePolicy[] = [];
    for (const role of ROLE_IDS) {
      const p = policies[role];
      // Only the bots written out above; any other (one added later, that reads what it sees) runs
      // through the Simulation rather than be played wrongly here.
      if (!p || !BARE_KINDS.has(p.spec.name) || beerGamePolicies[p.spec.name] !== p.spec) return null;
      list.push(p);
    }
    return new BeerGameBare(options as BeerGameOptions, list);
  },
};
