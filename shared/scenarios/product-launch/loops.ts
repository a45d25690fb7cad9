// The feedback loops the debrief draws, as data. Each activity measure is zero while the company
// rests in its starting equilibrium and grows with how hard the loop is pushing in that week, so the
// debrief can show which loop dominated when.

import type { LoopSpec } from "../../engine/types.ts";
import { quotedLeadTime } from "./model.ts";
import { P } from "./params.ts";
import type { ProductLaunchState } from "./types.ts";

/**
 * How a loop closes: through the model's equations alone ("structure"), or only through a desk's
 * decision rule at one link ("decisions"), which the diagram and the debrief say.
 */
export type ClosedBy = "structure" | "decisions";

type Loop = LoopSpec<ProductLaunchState> & {
  closedBy: ClosedBy;
  /** For loops closed by decisions: the link a desk closes (its edge's from → to). */
  decisionLink?: { from: string; to: string; desk: string };
};

const weekly = (history: readonly ProductLaunchState[], f: (s: ProductLaunchState) => number): number[] =>
  history.slice(1).map((s) => Math.max(0, f(s)));

const over = (x: number, ref: number): number => (ref > 0 ? x / ref - 1 : 0);

export const loops: readonly Loop[] = [
  {
    id: "supply-line",
    name: "Supply line (bullwhip)",
    polarity: "balancing",
    closedBy: "decisions",
    decisionLink: { from: "gap", to: "orders", desk: "purchasing" },
    knockout: {
      link: "material gap → purchase orders",
      reference: "Purchasing buys each week exactly the kits Manufacturing plans to start",
      hold: [
        { role: "purchasing", decision: "order", to: { role: "manufacturing", decision: "production" } },
      ],
    },
    nodes: [
      { id: "plan", label: "Production plan" },
      { id: "gap", label: "Material gap" },
      { id: "orders", label: "Purchase orders" },
      { id: "supplyLine", label: "Kits on order" },
      { id: "material", label: "Kits on hand" },
    ],
    edges: [
      { from: "plan", to: "gap", sign: "+" },
      { from: "gap", to: "orders", sign: "+" },
      { from: "orders", to: "supplyLine", sign: "+" },
      { from: "supplyLine", to: "material", sign: "+", delay: "supplier lead time, 2–4+ weeks" },
      { from: "material", to: "gap", sign: "-" },
    ],
    teaching:
      "Purchasing closes the gap between kits wanted and kits on hand. Kits already on order arrive weeks later; " +
      "a buyer who forgets them orders the same kits twice, and the overshoot becomes the next shortage. " +
      "Activity: how far purchase orders stray from the kits actually used, as a share of normal use.",
    activity: (h) =>
      weekly(h, (s) => Math.abs(s.flow.orderCheap + s.flow.orderDear - s.flow.starts) / s.ref.usage),
  },
  {
    id: "phantom-ordering",
    name: "Phantom ordering",
    polarity: "reinforcing",
    closedBy: "decisions",
    decisionLink: { from: "cover", to: "orders", desk: "purchasing" },
    nodes: [
      { id: "leadTime", label: "Quoted lead time" },
      { id: "cover", label: "Cover purchasing wants on order" },
      { id: "orders", label: "Purchase orders" },
      { id: "supplierBacklog", label: "Supplier's order book" },
    ],
    edges: [
      { from: "leadTime", to: "cover", sign: "+" },
      { from: "cover", to: "orders", sign: "+" },
      { from: "orders", to: "supplierBacklog", sign: "+" },
      { from: "supplierBacklog", to: "leadTime", sign: "+", delay: "quotes follow shipments, ~2 weeks" },
    ],
    teaching:
      "When the cheap supplier's quoted lead time stretches, buyers order further ahead to stay covered. The extra " +
      "orders fill the supplier's book, which stretches the lead time further: orders nobody will need yet. " +
      "Activity: the quoted lead time's excess over normal, as a share of normal.",
    activity: (h) => weekly(h, (s) => over(quotedLeadTime(s.cheap, P.cheapProcessing), s.ref.leadTimeCheap)),
  },
  {
    id: "rework-cycle",
    name: "Rework cycle",
    polarity: "reinforcing",
    closedBy: "structure",
    nodes: [
      { id: "backlog", label: "Engineering backlog" },
      { id: "pressure", label: "Schedule pressure" },
      { id: "errors", label: "Error fraction" },
      { id: "rework", label: "Rework found" },
    ],
    edges: [
      { from: "backlog", to: "pressure", sign: "+" },
      { from: "pressure", to: "errors", sign: "+" },
      { from: "errors", to: "rework", sign: "+", delay: "test or field discovery, up to ~6 weeks" },
      { from: "rework", to: "backlog", sign: "+" },
    ],
    teaching:
      "Work done wrong is not done: it comes back. Under schedule pressure more work is done wrong, more comes " +
      "back, and the backlog that caused the pressure grows. Reported progress runs ahead of true progress until the " +
      "rework surfaces. Activity: rework found (in test and from the field) above its normal weekly amount.",
    activity: (h) =>
      weekly(h, (s) => over(s.flow.caught + s.flow.discovered, s.ref.caught + s.ref.discovered)),
  },
  {
    id: "firefighting",
    name: "Firefighting",
    polarity: "reinforcing",
    closedBy: "structure",
    nodes: [
      { id: "defects", label: "Defects reported from the field" },
      { id: "fixing", label: "Engineers fixing" },
      { id: "upfront", label: "Up-front work on the next release" },
      { id: "quality", label: "Quality of new designs" },
    ],
    edges: [
      { from: "defects", to: "fixing", sign: "+", delay: "escalations pull engineers the same week" },
      { from: "fixing", to: "upfront", sign: "-" },
      { from: "upfront", to: "quality", sign: "+", delay: "capability builds over ~10 weeks" },
      { from: "quality", to: "defects", sign: "-", delay: "field discovery, ~6 weeks" },
    ],
    teaching:
      "Every engineer pulled onto today's fire is missing from the up-front work that prevents tomorrow's. In the " +
      "model the pull is not a choice: reported defects above normal escalate and take up-front time whatever the " +
      "plan says. Past a tipping point the team fights fires full time and never gets ahead. Activity: the share of " +
      "engineering time moved from up-front work and onto fixes, beyond the normal split.",
    activity: (h) =>
      weekly(
        h,
        (s) =>
          Math.max(0, s.flow.fixEffort - s.ref.fixShare) +
          Math.max(0, s.ref.upfrontShare - s.flow.upfrontEffort * (1 - s.flow.interrupt)),
      ),
  },
  {
    id: "capability-trap",
    name: "Capability trap",
    polarity: "reinforcing",
    closedBy: "structure",
    nodes: [
      { id: "gap", label: "Throughput gap" },
      { id: "improvement", label: "Time for improvement" },
      { id: "capability", label: "Capability" },
      { id: "throughput", label: "Work done right first time" },
    ],
    edges: [
      { from: "gap", to: "improvement", sign: "-" },
      { from: "improvement", to: "capability", sign: "+", delay: "~10 weeks" },
      { from: "capability", to: "throughput", sign: "+" },
      { from: "throughput", to: "gap", sign: "-" },
    ],
    teaching:
      "Working harder closes a gap this week; working smarter closes it for good but only after a delay. A long " +
      "backlog eats improvement time by itself, capability erodes, and next month's gap is bigger. Below a " +
      `capability of ${P.capabilityTip} know-how leaks faster than up-front work rebuilds it: a tipping point. ` +
      "Activity: how far capability has fallen below where it started, as a share.",
    activity: (h) => weekly(h, (s) => (s.ref.capability - s.capability) / s.ref.capability),
  },
  {
    id: "over-the-wall",
    name: "Over the wall",
    polarity: "reinforcing",
    closedBy: "decisions",
    decisionLink: { from: "pressure", to: "gate", desk: "engineering" },
    knockout: {
      link: "schedule pressure → testing before release",
      reference: "Engineering keeps its starting quality gate",
      hold: [{ role: "engineering", decision: "qualityGate", to: "default" }],
    },
    nodes: [
      { id: "pressure", label: "Schedule pressure" },
      { id: "gate", label: "Testing before release" },
      { id: "escaped", label: "Defects released to the line" },
      { id: "yield", label: "Manufacturing yield" },
      { id: "reports", label: "Defects sent back to engineering" },
    ],
    edges: [
      { from: "pressure", to: "gate", sign: "-" },
      { from: "gate", to: "escaped", sign: "-" },
      { from: "escaped", to: "yield", sign: "-" },
      { from: "escaped", to: "reports", sign: "+", delay: "discovery in production and the field, ~6 weeks" },
      { from: "reports", to: "pressure", sign: "+" },
    ],
    teaching:
      "Releasing untested designs clears engineering's desk this week and lands the defects in manufacturing's " +
      "yield and customers' hands. They come back weeks later as engineering changes, on top of the schedule that " +
      "prompted the shortcut. Activity: defects released to manufacturing above their normal weekly amount.",
    activity: (h) => weekly(h, (s) => over(s.flow.escaped, s.ref.escaped)),
  },
  {
    id: "delivery-delay-brake",
    name: "Delivery delay brake on demand",
    polarity: "balancing",
    closedBy: "structure",
    nodes: [
      { id: "orders", label: "Customer orders" },
      { id: "backlog", label: "Order backlog" },
      { id: "delay", label: "Delivery delay" },
      { id: "perceived", label: "Delay customers perceive" },
    ],
    edges: [
      { from: "orders", to: "backlog", sign: "+" },
      { from: "backlog", to: "delay", sign: "+" },
      { from: "delay", to: "perceived", sign: "+", delay: "word of mouth, ~4 weeks" },
      { from: "perceived", to: "orders", sign: "-" },
    ],
    teaching:
      "When the company cannot ship, customers learn to wait and then to buy elsewhere. Orders fall, and it looks " +
      "like a weak market, though the cause is inside the company. Activity: the share of orders lost to the " +
      "delivery delay customers perceive.",
    activity: (h) => weekly(h, (s) => 1 - s.flow.demandDelayEffect),
  },
  {
    id: "promise-spiral",
    name: "Promise spiral",
    polarity: "reinforcing",
    closedBy: "decisions",
    decisionLink: { from: "shortfall", to: "promises", desk: "sales" },
    knockout: {
      link: "sales shortfall → promotions and feature promises",
      reference: "Sales keeps its starting terms: no discount, one feature promised",
      hold: [
        { role: "sales", decision: "promotion", to: "default" },
        { role: "sales", decision: "features", to: "default" },
      ],
    },
    nodes: [
      { id: "shortfall", label: "Sales shortfall" },
      { id: "promises", label: "Promotions and feature promises" },
      { id: "scope", label: "Engineering scope" },
      { id: "unkept", label: "Promises not yet kept" },
      { id: "reputation", label: "Reputation" },
      { id: "orders", label: "Customer orders" },
    ],
    edges: [
      { from: "shortfall", to: "promises", sign: "+" },
      { from: "promises", to: "scope", sign: "+" },
      { from: "scope", to: "unkept", sign: "+", delay: "design, weeks" },
      { from: "unkept", to: "reputation", sign: "-", delay: "falls in ~3 weeks, recovers in ~15" },
      { from: "reputation", to: "orders", sign: "+" },
      { from: "orders", to: "shortfall", sign: "-" },
    ],
    teaching:
      "When orders disappoint, Sales promises more: discounts and features. Each promise is design work; what " +
      "Engineering cannot deliver piles up as promises not kept, the market remembers, and orders disappoint again. " +
      "Only working features delivered lift orders for good. Activity: orders lost to reputation plus extra orders " +
      "bought with promotions and promises, as a share of what the market would order without them.",
    activity: (h) =>
      weekly(
        h,
        (s) =>
          1 -
          s.flow.demandReputationEffect +
          Math.abs(s.flow.demandPromoEffect * s.flow.demandFeatureEffect - 1),
      ),
  },
  {
    id: "liars-club",
    name: "Liar's club",
    polarity: "reinforcing",
    closedBy: "decisions",
    decisionLink: { from: "pressure", to: "concealed", desk: "engineering" },
    knockout: {
      link: "schedule pressure → defects not reported",
      reference: "Engineering reports every defect it finds, as it does at the start",
      hold: [{ role: "engineering", decision: "reportShare", to: "default" }],
    },
    nodes: [
      { id: "pressure", label: "Schedule pressure" },
      { id: "concealed", label: "Defects found and not reported" },
      { id: "hidden", label: "Defects nobody else knows of" },
      { id: "escalations", label: "Field escalations" },
    ],
    edges: [
      { from: "pressure", to: "concealed", sign: "+" },
      { from: "concealed", to: "hidden", sign: "+" },
      { from: "hidden", to: "escalations", sign: "+", delay: "field discovery, ~6 weeks" },
      { from: "escalations", to: "pressure", sign: "+" },
    ],
    teaching:
      "A desk behind schedule that sits on the defects it found looks on time: its backlog shrinks and its progress " +
      "report climbs (the 90 % syndrome). The defects ship, fail in the field weeks later, and come back as " +
      "escalations on top of the schedule that prompted the silence. Activity: defects concealed as a share of " +
      "those found in test.",
    activity: (h) =>
      weekly(h, (s) => {
        const found = s.flow.caught + s.flow.concealed;
        return found > 0 ? s.flow.concealed / found : 0;
      }),
  },
];
