// Shape-preserving rational cubic interpolation of R. Delbourgo and J. A. Gregory, SIAM J. Sci.
// Stat. Comput. 1985, as used for the initial guesses of Jäckel's "Let's Be Rational"
// (www.jaeckel.org/LetsBeRational.7z, © 2013-2014 Peter Jäckel; "Permission to use, copy, modify,
// and distribute this software is freely granted, provided that this notice is preserved.").

const DBL_EPSILON = 2.220446049250313e-16;
const DBL_MIN = 2.2250738585072014e-308;
const MIN_CONTROL = -(1 - Math.sqrt(DBL_EPSILON));
const MAX_CONTROL = 2 / (DBL_EPSILON * DBL_EPSILON);
const isZero = (x: number): boolean => Math.abs(x) < DBL_MIN;

export function rationalCubicInterpolation(
  x: number,
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  r: number,
): number {
  const h = xr - xl;
  if (Math.abs(h) <= 0) return 0.5 * (yl + yr);
  const t = (x - xl) / h;
  if (!(r >= MAX_CONTROL)) {
    const omt = 1 - t;
    const t2 = t * t;
    const omt2 = omt * omt;
    return (
      (yr * t2 * t + (r * yr - h * dr) * t2 * omt + (r * yl + h * dl) * t * omt2 + yl * omt2 * omt) /
      (1 + (r - 3) * t * omt)
    );
  }
  return yr * t + yl * (1 - t);
}

/**
 * The control parameter r that makes the interpolant's second derivative equal `d2` at the left
 * (`atLeft`) or right end of [xl, xr] (Delbourgo–Gregory (2.4)/(2.5) solved for r).
 */
function controlForSecondDerivative(
  atLeft: boolean,
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  d2: number,
): number {
  const h = xr - xl;
  const numerator = 0.5 * h * d2 + (dr - dl);
  if (isZero(numerator)) return 0;
  const slope = (yr - yl) / h;
  const denominator = atLeft ? slope - dl : dr - slope;
  if (isZero(denominator)) return numerator > 0 ? MAX_CONTROL : MIN_CONTROL;
  return numerator / denominator;
}

function minimumControl(dl: number, dr: number, s: number, preferShape: boolean): number {
  const monotonic = dl * s >= 0 && dr * s >= 0;
  const convex = dl <= s && s <= dr;
  const concave = dl >= s && s >= dr;
  if (!monotonic && !convex && !concave) return MIN_CONTROL;
  let r1 = -Number.MAX_VALUE;
  let r2 = r1;
  if (monotonic) {
    if (!isZero(s)) r1 = (dr + dl) / s;
    else if (preferShape) r1 = MAX_CONTROL;
  }
  if (convex || concave) {
    const sMinusDl = s - dl;
    const drMinusS = dr - s;
    if (!(isZero(sMinusDl) || isZero(drMinusS)))
      r2 = Math.max(Math.abs((dr - dl) / drMinusS), Math.abs((dr - dl) / sMinusDl));
    else if (preferShape) r2 = MAX_CONTROL;
  } else if (monotonic && preferShape) r2 = MAX_CONTROL;
  return Math.max(MIN_CONTROL, Math.max(r1, r2));
}

/**
 * The control parameter fitting the second derivative `d2` at the left (`atLeft`) or right end,
 * raised where needed to keep the interpolant monotone and convex or concave like its data.
 */
export function convexControl(
  atLeft: boolean,
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  d2: number,
  preferShape: boolean,
): number {
  const r = controlForSecondDerivative(atLeft, xl, xr, yl, yr, dl, dr, d2);
  return Math.max(r, minimumControl(dl, dr, (yr - yl) / (xr - xl), preferShape));
}
