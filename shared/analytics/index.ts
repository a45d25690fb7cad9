export * from "./decision-rule.ts";
export * from "./fit.ts";
export * from "./stats.ts";
