// The four desks and the decisions each makes weekly.

import type { DecisionSpec, RoleSpec } from "../../engine/types.ts";
import type { ProductLaunchRole } from "./types.ts";

export const roles: readonly (RoleSpec & { id: ProductLaunchRole })[] = [
  {
    id: "sales",
    label: "Sales & Marketing",
    summary: "Wins customer orders with price and feature promises and tells manufacturing what will sell.",
  },
  {
    id: "engineering",
    label: "Engineering",
    summary: "Designs promised features, fixes defects found in the field and releases designs to the line.",
  },
  {
    id: "manufacturing",
    label: "Manufacturing",
    summary: "Plans production, sets crew capacity and overtime, and ships finished units.",
  },
  {
    id: "purchasing",
    label: "Purchasing",
    summary: "Orders parts kits from a cheap, slow, unreliable supplier and a dear, fast, reliable one.",
  },
];

export const roleIds: readonly ProductLaunchRole[] = roles.map((r) => r.id);

export const decisionSpecs: Readonly<Record<ProductLaunchRole, readonly DecisionSpec[]>> = {
  sales: [
    {
      id: "promotion",
      label: "Promotion discount",
      unit: "%",
      min: 0,
      max: 30,
      integer: true,
      default: 0,
      help: "Discount off the $100 list price. Orders rise with it; so does the strain on everyone else.",
    },
    {
      id: "features",
      label: "Feature promises",
      unit: "features/week",
      min: 0,
      max: 5,
      integer: true,
      default: 1,
      help: "New features promised to customers this week. Each becomes 20 tasks of design work.",
    },
    {
      id: "forecast",
      label: "Sales forecast",
      unit: "units/week",
      min: 0,
      max: 400,
      integer: true,
      default: 90,
      help: "What you tell manufacturing to expect to sell per week.",
    },
  ],
  engineering: [
    {
      id: "fixShare",
      label: "Engineers fixing field defects",
      unit: "%",
      min: 0,
      max: 100,
      integer: true,
      default: 15,
      help: "Share of engineering time on engineering changes for reported defects.",
    },
    {
      id: "upfrontShare",
      label: "Up-front work on the next release",
      unit: "%",
      min: 0,
      max: 100,
      integer: true,
      default: 20,
      help: "Share of time on design reviews, tools and prototyping that make future work right first time. The rest goes to new features.",
    },
    {
      id: "qualityGate",
      label: "Quality gate (work tested before release)",
      unit: "%",
      min: 0,
      max: 100,
      integer: true,
      default: 60,
      help: "Share of finished design work tested before it goes to manufacturing. Testing costs feature throughput.",
    },
    {
      id: "reportShare",
      label: "Defects found in test that you report",
      unit: "%",
      min: 0,
      max: 100,
      integer: true,
      default: 100,
      help: "Reported defects go back into your backlog. The rest ship as if done: your backlog looks shorter and your progress better, until they surface in the field.",
    },
  ],
  manufacturing: [
    {
      id: "production",
      label: "Production starts",
      unit: "units/week",
      min: 0,
      max: 400,
      integer: true,
      default: 100,
      help: "Units to start this week (one parts kit each), limited by capacity and material on hand.",
    },
    {
      id: "overtime",
      label: "Overtime",
      unit: "%",
      min: 0,
      max: 50,
      integer: true,
      default: 0,
      help: "Extra capacity this week at 1.5× labour cost.",
    },
    {
      id: "capacityTarget",
      label: "Crew capacity target",
      unit: "units/week",
      min: 40,
      max: 300,
      integer: true,
      default: 110,
      help: "Capacity the crew grows or shrinks toward; hiring and training take about eight weeks.",
    },
  ],
  purchasing: [
    {
      id: "order",
      label: "Parts kits ordered",
      unit: "kits/week",
      min: 0,
      max: 600,
      integer: true,
      default: 100,
      help: "Kits ordered this week, split between the two suppliers.",
    },
    {
      id: "dearShare",
      label: "Share to the fast supplier",
      unit: "%",
      min: 0,
      max: 100,
      integer: true,
      default: 20,
      help: "Fast supplier: $40 a kit, two weeks, reliable, 50 kits/week. Cheap supplier: $30, four weeks, unreliable, 130 kits/week.",
    },
  ],
};

export function isProductLaunchRole(role: string): role is ProductLaunchRole {
  return (roleIds as readonly string[]).includes(role);
}
