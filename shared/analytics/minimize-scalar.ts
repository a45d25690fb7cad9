// One-dimensional minimization on an interval: Brent's method (golden-section steps, parabolic
// steps where the function looks smooth), after Forsythe, Malcolm and Moler's `fmin`.

const GOLDEN_STEP = (3 - Math.sqrt(5)) / 2;
/** √(machine epsilon): the relative precision a minimum's position can be found to. */
const SQRT_EPS = Math.sqrt(Number.EPSILON);

/**
 * A local minimum of `f` on [a, b], located to within about `tol` (absolute) plus √ε·|x|. Returns
 * the point and its value; `f` is called once per step, never at the ends of the interval.
 */
export function minimizeScalar(
  f: (x: number) => number,
  lo: number,
  hi: number,
  tol = 1e-10,
): { x: number; value: number } {
  let a = lo;
  let b = hi;
  let x = a + GOLDEN_STEP * (b - a);
  let w = x;
  let v = x;
  let fx = f(x);
  let fw = fx;
  let fv = fx;
  let d = 0;
  let e = 0;
  for (;;) {
    const xm = (a + b) / 2;
    const tol1 = SQRT_EPS * Math.abs(x) + tol / 3;
    const tol2 = 2 * tol1;
    if (Math.abs(x - xm) <= tol2 - (b - a) / 2) break;
    let parabolic = false;
    if (Math.abs(e) > tol1) {
      let r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      r = e;
      e = d;
      // Accept the parabola's vertex only inside the bracket and when the step shrinks.
      if (Math.abs(p) < Math.abs(0.5 * q * r) && p > q * (a - x) && p < q * (b - x)) {
        d = p / q;
        const u = x + d;
        if (u - a < tol2 || b - u < tol2) d = x < xm ? tol1 : -tol1;
        parabolic = true;
      }
    }
    if (!parabolic) {
      e = (x < xm ? b : a) - x;
      d = GOLDEN_STEP * e;
    }
    const u = Math.abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1);
    const fu = f(u);
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return { x, value: fx };
}
