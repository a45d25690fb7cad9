// The Beer Game's two loops, as data for the debrief. Both close through the ordering decisions,
// not through the board: the board only carries orders and cases. So a knockout re-runs each
// echelon's own fitted ordering rule (with the weekly residuals that made it reproduce the orders
// exactly) and holds one input of that rule at its reference value.

import { anchoringOrders } from "../../analytics/decision-rule.ts";
import type { Decision, Decisions, LoopSpec, RecordedRun } from "../../engine/types.ts";
import { beerGameDecisionHistory, fitBeerGameRole } from "./analytics.ts";
import { type BeerGameState, ROLE_IDS, settle } from "./model.ts";
import { type BeerGameOptions, INITIAL_FLOW } from "./options.ts";

const perWeek = (history: readonly BeerGameState[], f: (s: BeerGameState, r: number) => number): number[] =>
  history.slice(1).map((s) => {
    let a = 0;
    for (let r = 0; r < 4; r++) a += f(s, r);
    return a;
  });

/** Weeks of supply line an echelon holds in steady flow: four, the factory three. */
const leadWeeks = (r: number): number => (r === 3 ? 3 : 4);

/** What a knockout replaces in an echelon's rule: its stock or its supply line, at the decision. */
type Held = (board: BeerGameState, r: number, expected: number) => { stock?: number; supplyLine?: number };

/**
 * A re-run in which every echelon orders by its own fitted rule plus the residual it showed in the
 * recorded round, with `held` replacing one of the rule's inputs. Holding nothing reproduces the
 * recorded orders, so the difference a knockout shows is the held link's alone.
 */
export function ruleRerun(held: Held) {
  return (
    run: RecordedRun<BeerGameState>,
  ): ((week: number, rerun: readonly BeerGameState[], recorded: Decisions) => Decisions) | null => {
    const o = run.options as BeerGameOptions;
    if (run.history.length - 1 <= o.warmupWeeks + 2) return null;
    const rules = ROLE_IDS.map((role) => {
      const h = beerGameDecisionHistory(run.history, o, role);
      const fit = fitBeerGameRole(run.history, o, role);
      const fitted = anchoringOrders(h, fit);
      return { fit, residual: h.orders.map((x, t) => x - fitted[t]!), expected: h.initialExpectation ?? 4 };
    });
    return (week, rerun, recorded) => {
      const board = settle(rerun[week - 1]!, o);
      const out: Record<string, Decision> = {};
      ROLE_IDS.forEach((role, r) => {
        const rule = rules[r]!;
        const { theta, alpha, beta, sprime } = rule.fit;
        rule.expected = theta * board.incoming[r]! + (1 - theta) * rule.expected;
        const h = held(board, r, rule.expected);
        const stock = h.stock ?? board.inventory[r]! - board.backlog[r]!;
        const supplyLine = h.supplyLine ?? board.onOrder[r]!;
        const ordered = Math.max(0, rule.expected + alpha * (sprime - stock - beta * supplyLine));
        const order = Math.max(0, ordered + (rule.residual[week - 1] ?? 0));
        out[role] = { ...recorded[role], order: o.wholeCases ? Math.round(order) : order };
      });
      return out;
    };
  };
}

export const loops: LoopSpec<BeerGameState>[] = [
  {
    id: "stock-adjustment",
    name: "Stock adjustment",
    polarity: "balancing",
    closedBy: "decisions",
    nodes: [
      { id: "inventory", label: "Effective inventory" },
      { id: "gap", label: "Inventory gap" },
      { id: "orders", label: "Orders placed" },
      { id: "supply", label: "Supply line" },
      { id: "deliveries", label: "Deliveries" },
    ],
    edges: [
      { from: "inventory", to: "gap", sign: "-" },
      { from: "gap", to: "orders", sign: "+" },
      { from: "orders", to: "supply", sign: "+" },
      { from: "supply", to: "deliveries", sign: "+", delay: "4 weeks" },
      { from: "deliveries", to: "inventory", sign: "+" },
    ],
    teaching:
      "Each echelon orders more when its stock falls short. The cases come weeks later, so the correction overshoots unless the orders already on their way are counted.",
    // How far orders departed from the orders received: the correction at work.
    activity: (h) => perWeek(h, (s, r) => Math.abs(s.order[r]! - s.incoming[r]!)),
    knockout: {
      link: "stock → orders",
      reference: "every echelon's starting stock of 12 cases, whatever its real stock",
      decide: ruleRerun(() => ({ stock: 12 })),
    },
  },
  {
    id: "supply-line",
    name: "Supply-line control",
    polarity: "balancing",
    closedBy: "decisions",
    nodes: [
      { id: "orders", label: "Orders placed" },
      { id: "supply", label: "Supply line" },
    ],
    edges: [
      { from: "orders", to: "supply", sign: "+" },
      { from: "supply", to: "orders", sign: "-" },
    ],
    teaching:
      "Orders already placed will arrive. Counting them damps the overshoot; ignoring them (the usual habit) lets the supply line swell and the bullwhip grow.",
    // How far the supply lines stood from the supply line this week's demand needs in steady flow
    // (16 cases at 4 a week, 32 at 8): what this loop should have curbed.
    activity: (h) =>
      perWeek(h, (s, r) => Math.abs(s.onOrder[r]! - leadWeeks(r) * (s.demand || INITIAL_FLOW))),
    knockout: {
      link: "supply line → orders",
      reference:
        "the supply line the echelon's expected demand needs in steady flow (its lead time × demand)",
      decide: ruleRerun((_b, r, expected) => ({ supplyLine: leadWeeks(r) * expected })),
    },
  },
];
