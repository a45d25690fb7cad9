import type { PolicySpec } from "../../../engine/types.ts";
import { fixedPolicy } from "../../../policies/fixed.ts";
import { decisionSpecs, isProductLaunchRole, roles } from "../roles.ts";
import type { ProductLaunchObservation } from "../types.ts";
import { departmental } from "./departmental.ts";
import { systemic } from "./systemic.ts";

export { departmental, systemic };

/**
 * The product-launch bots by name. The first, departmental, is the default for empty seats: it plays
 * like the colleagues a player would really have, so the lesson still emerges around one human.
 */
export const productLaunchPolicies: Readonly<Record<string, PolicySpec<ProductLaunchObservation>>> = {
  departmental,
  systemic,
  fixed: fixedPolicy<ProductLaunchObservation>({
    roles,
    decisions: (role) => (isProductLaunchRole(role) ? decisionSpecs[role] : []),
  }),
};
