// Logarithm, exponential, power and cosine that give the same bits in every JavaScript engine.
//
// `Math.log`, `Math.exp`, `Math.cos` and `**` are not required to be correctly rounded, and engines
// differ: Node 24 and Chromium 156 disagree in the last bit for about one input in ten, so a round
// simulated on the server re-simulated differently in a browser. These are ports of FreeBSD's msun
// (fdlibm) using only + − × ÷ and bit access, which IEEE 754 defines exactly, so every engine agrees.
// The engine, the scenarios and the analytics that must match across machines use these.

const buffer = new ArrayBuffer(8);
const f64 = new Float64Array(buffer);
const u32 = new Uint32Array(buffer);
// Which 32-bit half holds the sign and exponent (every engine we know of is little-endian).
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

function highWord(x: number): number {
  f64[0] = x;
  return u32[HI]! | 0;
}
function lowWord(x: number): number {
  f64[0] = x;
  return u32[LO]!;
}
function withHighWord(x: number, hi: number): number {
  f64[0] = x;
  u32[HI] = hi >>> 0;
  return f64[0];
}

const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
const TWO54 = 18014398509481984;
const LG1 = 0.6666666666666735;
const LG2 = 0.3999999999940942;
const LG3 = 0.2857142874366239;
const LG4 = 0.22222198432149784;
const LG5 = 0.1818357216161805;
const LG6 = 0.15313837699209373;
const LG7 = 0.14798198605116586;

/** 2^−k at index k + 1074, for k = −1074 … 1074: halvings and doublings of 1, exact down to 2^−1074 and up to 2^1023 (past that Infinity, which no scaling reads). */
const POW2_NEG = new Float64Array(2 * 1074 + 1);
POW2_NEG[1074] = 1;
for (let k = 1; k <= 1074; k++) {
  POW2_NEG[1074 + k] = POW2_NEG[1073 + k]! * 0.5;
  POW2_NEG[1074 - k] = POW2_NEG[1075 - k]! * 2;
}

/** The natural logarithm (e_log.c). */
export function ln(input: number): number {
  let x = input;
  f64[0] = x;
  let hx = u32[HI]! | 0;
  const lx = u32[LO]!;
  let k = 0;
  if (hx < 0x00100000) {
    // zero, negative or subnormal
    if (((hx & 0x7fffffff) | lx) === 0) return Number.NEGATIVE_INFINITY;
    if (hx < 0) return Number.NaN;
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  const e = (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  // x or x/2, within [sqrt(2)/2, sqrt(2)). e_log.c writes the exponent field; scaling by the power of
  // two gives the same number (exactly: x is normal here and the scale within 2^±1024), without a
  // write into the buffer read back whole, which stalls the processor.
  const scale = e + (i >> 20);
  x *= POW2_NEG[1074 + scale]!;
  k += scale;
  const f = x - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const r = f * f * (0.5 - 0.3333333333333333 * f);
    return k === 0 ? f - r : dk * LN2_HI - (r - dk * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const r = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + r)) : dk * LN2_HI - (hfsq - (s * (hfsq + r) + dk * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - r) : dk * LN2_HI - (s * (f - r) - dk * LN2_LO - f);
}

const O_THRESHOLD = 709.782712893384;
const U_THRESHOLD = -745.1332191019411;
const INV_LN2 = Math.LOG2E; // fdlibm invln2
const P1 = 0.16666666666666602;
const P2 = -0.0027777777777015593;
const P3 = 0.00006613756321437934;
const P4 = -1.6533902205465252e-6;
const P5 = 4.1381367970572385e-8;
const TWO_M1000 = 9.332636185032189e-302;

/** e to the power x (e_exp.c). */
export function exp(input: number): number {
  let x = input;
  let hx = highWord(x);
  const negative = hx < 0;
  hx &= 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| ≥ 709.78…, or not finite
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | lowWord(x)) !== 0) return x + x;
      return negative ? 0 : x;
    }
    if (x > O_THRESHOLD) return Number.POSITIVE_INFINITY;
    if (x < U_THRESHOLD) return 0;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2 / 2: x = k ln2 + r
    if (hx < 0x3ff0a2b2) {
      hi = negative ? x + LN2_HI : x - LN2_HI;
      lo = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = Math.trunc(INV_LN2 * x + (negative ? -0.5 : 0.5));
      hi = x - k * LN2_HI; // exact: k ln2_hi has few significant bits
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x; // |x| < 2^-28
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) return withHighWord(y, highWord(y) + (k << 20));
  return withHighWord(y, highWord(y) + ((k + 1000) << 20)) * TWO_M1000;
}

/**
 * x to the power y for x ≥ 0, as exp(y ln x): within a few ulps of the true value, the same bits
 * everywhere. (The models raise positive ratios to elasticities; negative bases are not needed.)
 */
export function pow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (Number.isNaN(x) || Number.isNaN(y) || x < 0) return Number.NaN;
  if (x === 0) return y > 0 ? 0 : Number.POSITIVE_INFINITY;
  if (y === 1) return x;
  return exp(y * ln(x));
}

const C1 = 0.0416666666666666;
const C2 = -0.001388888888887411;
const C3 = 0.00002480158728947673;
const C4 = -2.7557314351390663e-7;
const C5 = 2.087572321298175e-9;
const C6 = -1.1359647557788195e-11;
const S1 = -0.16666666666666632;
const S2 = 0.00833333333332249;
const S3 = -0.0001984126982985795;
const S4 = 2.7557313707070068e-6;
const S5 = -2.5050760253406863e-8;
const S6 = 1.58969099521155e-10;

/** cos(x) for |x| ≤ π/4 (k_cos.c without the tail). */
function kernelCos(x: number): number {
  const z = x * x;
  const w = z * z;
  const r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
  const hz = 0.5 * z;
  const v = 1 - hz;
  return v + (1 - v - hz + z * r);
}

/** sin(x) for |x| ≤ π/4 (k_sin.c without the tail). */
function kernelSin(x: number): number {
  const z = x * x;
  const w = z * z;
  const r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
  const v = z * x;
  return x + v * (S1 + z * r);
}

/**
 * cos(2π·turns): the angle given in whole turns, so the reduction to ±1/8 turn is exact for the
 * uniform draws this serves (multiples of 2^-32) and no π-sized argument reduction is needed.
 */
export function cosTurns(turns: number): number {
  if (!Number.isFinite(turns)) return Number.NaN;
  const quarter = Math.round(turns * 4);
  const theta = 2 * Math.PI * (turns - quarter / 4);
  switch (((quarter % 4) + 4) % 4) {
    case 0:
      return kernelCos(theta);
    case 1:
      return -kernelSin(theta);
    case 2:
      return -kernelCos(theta);
    default:
      return kernelSin(theta);
  }
}
