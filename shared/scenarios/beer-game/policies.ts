// Bot policies for the Beer Game. Each sees only its echelon's observation, one week at a time.

import type { Decision, PolicySpec, RoleId } from "../../engine/types.ts";
import { clamp } from "../../math/clamp.ts";
import { fixedPolicy } from "../../policies/fixed.ts";
import { weekly } from "../../policies/weekly.ts";
import { type BeerGameObservation, beerGame, INITIAL_FLOW, MAX_ORDER } from "./index.ts";
import { type BeerGameRole, leadTime, ROLE_IDS } from "./model.ts";

type Params = Readonly<Record<string, number>>;

/** Reads a parameter, else the spec's default: `withParams` passes all, a direct `create` may not. */
function reader(spec: PolicySpec<BeerGameObservation>, given: Params): (name: string) => number {
  return (name) => {
    const p = spec.params[name];
    if (!p) throw new Error(`${spec.name}: no parameter "${name}"`);
    return given[name] ?? p.default;
  };
}

/**
 * The cases a bot writes on its slip for a wanted `x`: whole cases (or not), within the slip's range.
 * Halves round away from zero, as Sterman's subjects wrote them: from zero up that is Math.round, and
 * below zero the slip holds 0 either way.
 */
export function orderCases(x: number, whole: boolean): number {
  return clamp(whole ? Math.round(x) : x, 0, MAX_ORDER);
}

function order(x: number, whole: boolean): Decision {
  return { order: orderCases(x, whole) };
}

/** Sterman's expected demand after seeing `incoming`, from the last expectation `lhat`. */
export function stermanExpected(theta: number, incoming: number, lhat: number): number {
  return theta * incoming + (1 - theta) * lhat;
}

/** Sterman's wanted order (before rounding) from expected demand and the echelon's own records. */
export function stermanWanted(
  alpha: number,
  beta: number,
  sprime: number,
  expected: number,
  inventory: number,
  backlog: number,
  onOrder: number,
): number {
  const stock = inventory - backlog;
  return expected + alpha * (sprime - stock - beta * onOrder);
}

/** Order-up-to's wanted order: the mean of the `n` latest incoming orders in `recent` (oldest first) as forecast. */
export function orderUpToWanted(
  target: number,
  lead: number,
  recent: ArrayLike<number>,
  n: number,
  inventory: number,
  backlog: number,
  onOrder: number,
): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += recent[i]!;
  const forecast = sum / n;
  const position = inventory - backlog + onOrder;
  return target + forecast * lead - position;
}

/**
 * Sterman's (1989) anchoring-and-adjustment rule:
 * expected demand L̂ ← θ·L + (1 − θ)·L̂ (L̂₀ = 4); order = max(0, L̂ + α·(S′ − S − β·SL)),
 * S = inventory − backlog, SL = on order. Defaults are the mean of Sterman's fitted estimates.
 */
export const sterman: PolicySpec<BeerGameObservation> = {
  name: "sterman",
  summary: "Anchoring and adjustment (Sterman 1989): smoothed demand plus a fraction of the stock gap.",
  params: {
    theta: { default: 0.36, min: 0, max: 1, help: "weight of the latest incoming order in expected demand" },
    alpha: { default: 0.26, min: 0, max: 1, help: "fraction of the stock gap corrected each week" },
    beta: { default: 0.34, min: 0, max: 1, help: "fraction of the supply line taken into account" },
    sprime: { default: 17, min: 0, max: 500, help: "anchor: desired inventory plus counted supply line" },
    continuous: { default: 0, min: 0, max: 1, help: "1: fractional orders, no rounding (research runs)" },
  },
  create(_role: RoleId, given: Params) {
    const param = reader(sterman, given);
    const [theta, alpha, beta, sprime] = [param("theta"), param("alpha"), param("beta"), param("sprime")];
    const whole = param("continuous") < 0.5;
    return weekly<number, BeerGameObservation>(INITIAL_FLOW, (obs, lhat) => {
      const expected = stermanExpected(theta, obs.incomingOrder, lhat);
      const wanted = stermanWanted(alpha, beta, sprime, expected, obs.inventory, obs.backlog, obs.onOrder);
      return [order(wanted, whole), expected];
    });
  },
};

export const passThrough: PolicySpec<BeerGameObservation> = {
  name: "pass-through",
  summary: "Orders exactly what was ordered from it this week.",
  params: {},
  create() {
    return { decide: (obs) => order(obs.incomingOrder, false) };
  },
};

export const orderUpTo: PolicySpec<BeerGameObservation> = {
  name: "order-up-to",
  summary:
    "Raises inventory position (inventory − backlog + on order) to target + forecast × lead time; forecast = mean of the last p incoming orders.",
  params: {
    p: { default: 4, min: 1, max: 52, help: "weeks in the moving-average forecast" },
    target: { default: 12, min: 0, max: 500, help: "desired inventory on hand, in cases" },
  },
  create(role: RoleId, given: Params) {
    const param = reader(orderUpTo, given);
    const p = Math.round(param("p"));
    const target = param("target");
    const lead = leadTime(ROLE_IDS.indexOf(role as BeerGameRole));
    return weekly<readonly number[], BeerGameObservation>([], (obs, seen) => {
      const recent = [...seen, obs.incomingOrder].slice(-p);
      const wanted = orderUpToWanted(
        target,
        lead,
        recent,
        recent.length,
        obs.inventory,
        obs.backlog,
        obs.onOrder,
      );
      return [order(wanted, true), recent];
    });
  },
};

export const constant: PolicySpec<BeerGameObservation> = {
  name: "constant",
  summary: "Always orders k cases.",
  params: { k: { default: 4, min: 0, max: MAX_ORDER, help: "cases ordered every week" } },
  create(_role: RoleId, given: Params) {
    const k = reader(constant, given)("k");
    return { decide: () => ({ order: k }) };
  },
};

export const beerGamePolicies: Readonly<Record<string, PolicySpec<BeerGameObservation>>> = {
  sterman,
  "pass-through": passThrough,
  "order-up-to": orderUpTo,
  constant,
  fixed: fixedPolicy<BeerGameObservation>({
    roles: beerGame.roles,
    decisions: (role) => beerGame.decisions(role, beerGame.defaultOptions),
  }),
};
