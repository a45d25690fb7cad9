// Shocks a trainer schedules or injects live. Each changes an exogenous input or queues a flow for
// the next step, never a stock directly, so the conservation check holds through every shock.

import type { ShockEvent, ShockSpec } from "../../engine/types.ts";
import { clamp } from "../../math/clamp.ts";
import type { ProductLaunchState } from "./types.ts";

export const shocks: readonly ShockSpec<ProductLaunchState>[] = [
  {
    name: "market-boom",
    label: "Market boom",
    summary: "A competitor stumbles and the market for our product steps up for good.",
    params: { size: 0.35 },
    apply: (s, p) => ({ ...s, market: s.market * (1 + (p["size"] ?? 0)) }),
  },
  {
    name: "supplier-outage",
    label: "Supplier outage",
    summary: "A fire at the cheap supplier's plant cuts its shipments for some weeks.",
    params: { severity: 1, weeks: 6 },
    apply: (s, p) => ({
      ...s,
      outageWeeks: Math.max(0, Math.round(p["weeks"] ?? 0)),
      outageSeverity: clamp(p["severity"] ?? 0, 0, 1),
    }),
  },
  {
    name: "scope-change",
    label: "Scope change request",
    summary: "A key customer demands a redesign of a subsystem: a lump of new design work.",
    params: { tasks: 120 },
    apply: (s, p) => ({ ...s, pendingScope: s.pendingScope + Math.max(0, p["tasks"] ?? 0) }),
  },
  {
    name: "engineer-leaves",
    label: "Key engineer leaves",
    summary: "Senior engineers quit, taking capacity and know-how with them.",
    params: { count: 3, capabilityLoss: 0.1 },
    apply: (s, p) => ({
      ...s,
      pendingDepartures: s.pendingDepartures + Math.max(0, Math.round(p["count"] ?? 0)),
      pendingCapabilityLoss: s.pendingCapabilityLoss + clamp(p["capabilityLoss"] ?? 0, 0, 1),
    }),
  },
];

/**
 * The standard boom is not scheduled here: its week and size are drawn per seed from the documented
 * ranges (options.boom), so a team that played once cannot remember week 6. Trainers schedule
 * further shocks, at fixed weeks, through options.shocks.
 */
export const standardShocks: readonly ShockEvent[] = [];
