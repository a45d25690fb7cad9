// The model's constants. Structures follow the literature named beside each group; the numbers are
// ours, chosen so the company starts at rest near 90 units a week with a modest profit, and so a
// 35 % market boom strains every department at once.

export const P = {
  // Market (Forrester 1968: orders respond to delivery delay and quality as the market perceives them)
  baseDemand: 90,
  listPrice: 100,
  /** Price elasticity of orders to a promotion discount. */
  promoElasticity: 1.5,
  /** Extra orders per promised feature per week above the usual one, while the market still believes them. */
  featureLift: 0.04,
  promiseSmoothing: 4,
  /** Customers' perception of delivery delay and of failures lags (weeks). */
  delaySmoothing: 4,
  failureSmoothing: 6,
  delayElasticity: 0.8,
  /** Orders lost per point of perceived field-failure rate above normal. */
  failureSensitivity: 3,
  /**
   * The market drifts (pink noise, Sterman 2000 §18.3): white noise smoothed over `demandDriftWeeks`,
   * so demand wanders above and below its trend for weeks at a time, with this standard deviation.
   * A plan written down in advance cannot follow it; a desk that reads its orders can.
   */
  demandNoise: 0.12,
  demandDriftWeeks: 6,
  /** Working features in the market age out (weeks): a product nobody improves loses its customers. */
  featureLifeWeeks: 20,
  /** Orders ∝ (working features ÷ normal) ^ this. */
  featureElasticity: 0.7,
  /** Reputation falls fast when promises go unkept and recovers slowly (weeks). */
  reputationFallWeeks: 3,
  reputationRecoverWeeks: 15,
  /** Reputation the market settles on ∝ (normal outstanding promises ÷ outstanding) ^ this. */
  reputationSensitivity: 0.7,
  minReputation: 0.2,
  /** Orders ∝ reputation ^ this. */
  reputationElasticity: 1,
  /** Shortest time from order to shipment (weeks): order processing and delivery. */
  minDeliveryTime: 2,
  maxDeliveryDelay: 20,

  // Manufacturing
  lineWeeks: 2,
  baseYield: 0.9,
  /** Yield lost per open design defect above normal (over-the-wall defects hurt the line). */
  yieldPerDefect: 0.006,
  minYield: 0.4,
  maxYield: 0.97,
  capacityAdjustWeeks: 8,
  labourPerUnitCapacity: 15,
  overtimePremium: 1.5,
  /** Hiring, training or severance per unit of capacity changed. */
  capacityChangeCost: 30,
  finishedHolding: 1,
  materialHolding: 0.5,

  // Suppliers (Sterman 1989 stock management; lead time grows with the supplier's backlog)
  cheapPrice: 30,
  dearPrice: 40,
  cheapCapacity: 130,
  dearCapacity: 50,
  /** Supplier's normal processing time (weeks) before shipping, and transit weeks. */
  cheapProcessing: 3,
  dearProcessing: 1,
  transitWeeks: 1,
  /**
   * Unreliability of the cheap supplier: the share of capacity lost, scaled by |a unit pink noise|
   * smoothed over `supplyDriftWeeks` (bad spells last weeks; on average about 10 % is lost).
   */
  cheapUnreliability: 0.12,
  supplyDriftWeeks: 4,
  shipRateSmoothing: 2,

  // Engineering (Cooper 1980 rework cycle; Ford & Sterman 1998 quality assurance and release;
  // Repenning 2001 firefighting; Repenning & Sterman 2001 capability)
  engineers: 20,
  engineerCost: 100,
  tasksPerFeature: 20,
  /** Tasks per engineer-week of new work. */
  newWorkProductivity: 2.5,
  /** Defects fixed per engineer-week once reported from the field (late fixes are dear). */
  fixProductivity: 1,
  /** Fastest a task goes through the backlog (weeks). */
  minTaskTime: 2,
  minFixTime: 2,
  /** Share of new-work capacity that full testing costs. */
  testCost: 0.3,
  /** Share of flawed work a test catches. */
  testDetection: 0.9,
  /** Weeks for released defects to surface in manufacturing and the field. */
  discoveryWeeks: 6,
  discoveryNoise: 0.3,
  errorFloor: 0.05,
  errorPerCapabilityGap: 0.35,
  /** Backlog (weeks of new-work capacity) above which schedule pressure adds errors. */
  pressureThreshold: 2,
  errorPerPressure: 0.15,
  maxPressureMultiplier: 2,
  /** Capability a given up-front share sustains: base + slope × share. */
  capabilityBase: 0.5,
  capabilitySlope: 1.5,
  capabilityWeeks: 10,
  /** Below this capability, know-how leaks faster than up-front work rebuilds it: the tipping point. */
  capabilityTip: 0.6,
  erosionBelowTip: 1.5,
  /** Share of up-front time lost to field escalations per reported defect (per engineer) above normal. */
  interruptPerDefect: 0.3,
  /** Share of up-front time lost per week of backlog above the pressure threshold. */
  interruptPerPressure: 0.1,
  maxInterrupt: 0.9,

  // Field: a baseline failure rate set by design quality (capability), plus released defects
  baseFieldFailure: 0.02,
  /** Failure rate added per point of capability below 1 (at the starting capability: baseFieldFailure). */
  failurePerCapabilityGap: 0.08,
  fieldFailurePerHidden: 0.003,
  maxFieldFailure: 0.3,
  warrantyCost: 150,

  // End of the round: what the company's stocks are worth to whoever carries on
  kitValue: 30,
  /** Units in the line and finished, at the cost of kit and labour. */
  unitValue: 35,
  /**
   * Excess and obsolete: kits (on hand and on order) beyond this many weeks of the last week's orders,
   * and units (in the line and finished) beyond this many, are worth only salvageShare of their value.
   */
  kitCoverWeeks: 8,
  unitCoverWeeks: 4,
  salvageShare: 0.3,
  /** Penalty per unit of unfilled customer orders (late-delivery clauses, cancellations). */
  backlogPenalty: 40,
  /** Value of a working feature in the market (the orders it will bring). */
  featureValue: 1500,
  /** Value of capability above (or cost below) where it started, per unit (0…1). */
  capabilityValue: 30000,
  /** Cost of a released defect nobody has fixed yet (the warranty and rework it will bring). */
  defectLiability: 300,
} as const;
