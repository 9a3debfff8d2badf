// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 1969,
// pp. 631-638 (netlib specfun/erf, CALERF, last modified March 19, 1990), as used by Jäckel's
// "Let's Be Rational" reference implementation (www.jaeckel.org/LetsBeRational.7z).
// Translated to TypeScript for flowbook. Constants are Cody's IEEE double-precision values.

const A0 = 3.1611237438705656;
const A1 = 113.864154151050156;
const A2 = 377.485237685302021;
const A3 = 3209.37758913846947;
const A4 = 0.185777706184603153;
const B0 = 23.6012909523441209;
const B1 = 244.024637934444173;
const B2 = 1282.61652607737228;
const B3 = 2844.23683343917062;
const C0 = 0.564188496988670089;
const C1 = 8.88314979438837594;
const C2 = 66.1191906371416295;
const C3 = 298.635138197400131;
const C4 = 881.95222124176909;
const C5 = 1712.04761263407058;
const C6 = 2051.07837782607147;
const C7 = 1230.33935479799725;
const C8 = 2.15311535474403846e-8;
const D0 = 15.7449261107098347;
const D1 = 117.693950891312499;
const D2 = 537.181101862009858;
const D3 = 1621.38957456669019;
const D4 = 3290.79923573345963;
const D5 = 4362.61909014324716;
const D6 = 3439.36767414372164;
const D7 = 1230.33935480374942;
const P0 = 0.305326634961232344;
const P1 = 0.360344899949804439;
const P2 = 0.125781726111229246;
const P3 = 0.0160837851487422766;
const P4 = 6.58749161529837803e-4;
const P5 = 0.0163153871373020978;
const Q0 = 2.56852019228982242;
const Q1 = 1.87295284992346047;
const Q2 = 0.527905102951428412;
const Q3 = 0.0605183413124413191;
const Q4 = 0.00233520497626869185;

const SQRPI = 0.56418958354775628695;
const THRESH = 0.46875;
const XINF = 1.79e308;
const XNEG = -26.628;
const XSMALL = 1.11e-16;
const XBIG = 26.543;
const XHUGE = 6.71e7;
const XMAX = 2.53e307;

/**
 * exp(sign·y²) as exp(sign·ysq²)·exp(sign·del) with ysq = y truncated to 1/16 and del = y² − ysq²,
 * Cody's guard against the rounding of y² in the exponent.
 */
function expSquare(y: number, sign: 1 | -1): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(sign * ysq * ysq) * Math.exp(sign * del);
}

/** jint 0: erf(x); 1: erfc(x); 2: erfcx(x) = exp(x²)·erfc(x). Cody's loops unrolled into Horner form. */
function calerf(x: number, jint: 0 | 1 | 2): number {
  const y = Math.abs(x);
  let result: number;
  if (y <= THRESH) {
    const z = y > XSMALL ? y * y : 0;
    const num = (((A4 * z + A0) * z + A1) * z + A2) * z + A3;
    const den = (((z + B0) * z + B1) * z + B2) * z + B3;
    result = (x * num) / den;
    if (jint !== 0) result = 1 - result;
    if (jint === 2) result = Math.exp(z) * result;
    return result;
  }
  if (y <= 4) {
    const num = (((((((C8 * y + C0) * y + C1) * y + C2) * y + C3) * y + C4) * y + C5) * y + C6) * y + C7;
    const den = (((((((y + D0) * y + D1) * y + D2) * y + D3) * y + D4) * y + D5) * y + D6) * y + D7;
    result = num / den;
    if (jint !== 2) result = expSquare(y, -1) * result;
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
      const z = 1 / (y * y);
      const num = ((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z + P4;
      const den = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
      result = (SQRPI - (z * num) / den) / y;
      if (jint !== 2) result = expSquare(y, -1) * result;
    }
  }
  if (jint === 0) {
    result = 0.5 - result + 0.5;
    return x < 0 ? -result : result;
  }
  if (jint === 1) return x < 0 ? 2 - result : result;
  if (x < 0) {
    if (x < XNEG) return XINF;
    const e = expSquare(x, 1);
    return e + e - result;
  }
  return result;
}

export const erfCody = (x: number): number => calerf(x, 0);
export const erfcCody = (x: number): number => calerf(x, 1);
/** The scaled complementary error function exp(x²)·erfc(x). */
export const erfcxCody = (x: number): number => calerf(x, 2);
