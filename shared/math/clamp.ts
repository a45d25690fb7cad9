/** `x` held within [lo, hi]; NaN stays NaN, so a bad input shows up instead of passing as a bound. */
export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
