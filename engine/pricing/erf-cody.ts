// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 1969,
// pp. 631-638 (netlib specfun/erf, CALERF, last modified March 19, 1990), as used by Jäckel's
// "Let's Be Rational" reference implementation (www.jaeckel.org/LetsBeRational.7z).
// Translated to TypeScript for flowbook. Constants are Cody's IEEE double-precision values.

const A = [
  3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153,
];
const B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
const C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
];
const D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
  4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
];
const P = [
  0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766,
  6.58749161529837803e-4, 0.0163153871373020978,
];
const Q = [
  2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191,
  0.00233520497626869185,
];

const SQRPI = 0.56418958354775628695;
const THRESH = 0.46875;
const XINF = 1.79e308;
const XNEG = -26.628;
const XSMALL = 1.11e-16;
const XBIG = 26.543;
const XHUGE = 6.71e7;
const XMAX = 2.53e307;

/** exp(-y²) computed as exp(-ysq²)·exp(-del) with ysq = y rounded down to 1/16, Cody's guard against cancellation. */
function expMinusSquare(y: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq) * Math.exp(-del);
}

/** jint 0: erf(x); 1: erfc(x); 2: erfcx(x) = exp(x²)·erfc(x). */
function calerf(x: number, jint: 0 | 1 | 2): number {
  const y = Math.abs(x);
  let result: number;
  if (y <= THRESH) {
    const ysq = y > XSMALL ? y * y : 0;
    let xnum = A[4]! * ysq;
    let xden = ysq;
    for (let i = 0; i < 3; i++) {
      xnum = (xnum + A[i]!) * ysq;
      xden = (xden + B[i]!) * ysq;
    }
    result = (x * (xnum + A[3]!)) / (xden + B[3]!);
    if (jint !== 0) result = 1 - result;
    if (jint === 2) result = Math.exp(ysq) * result;
    return result;
  }
  if (y <= 4) {
    let xnum = C[8]! * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]!) * y;
      xden = (xden + D[i]!) * y;
    }
    result = (xnum + C[7]!) / (xden + D[7]!);
    if (jint !== 2) result = expMinusSquare(y) * result;
  } else {
    result = 0;
    let done = false;
    if (y >= XBIG) {
      if (jint !== 2 || y >= XMAX) done = true;
      else if (y >= XHUGE) {
        result = SQRPI / y;
        done = true;
      }
    }
    if (!done) {
      const ysq = 1 / (y * y);
      let xnum = P[5]! * ysq;
      let xden = ysq;
      for (let i = 0; i < 4; i++) {
        xnum = (xnum + P[i]!) * ysq;
        xden = (xden + Q[i]!) * ysq;
      }
      result = (ysq * (xnum + P[4]!)) / (xden + Q[4]!);
      result = (SQRPI - result) / y;
      if (jint !== 2) result = expMinusSquare(y) * result;
    }
  }
  if (jint === 0) {
    result = 0.5 - result + 0.5;
    return x < 0 ? -result : result;
  }
  if (jint === 1) return x < 0 ? 2 - result : result;
  if (x < 0) {
    if (x < XNEG) return XINF;
    const ysq = Math.trunc(x * 16) / 16;
    const del = (x - ysq) * (x + ysq);
    const e = Math.exp(ysq * ysq) * Math.exp(del);
    return e + e - result;
  }
  return result;
}

export const erfCody = (x: number): number => calerf(x, 0);
export const erfcCody = (x: number): number => calerf(x, 1);
/** The scaled complementary error function exp(x²)·erfc(x). */
export const erfcxCody = (x: number): number => calerf(x, 2);
