// Implied Black volatility by Peter Jäckel's "Let's Be Rational" (Wilmott, January 2015, pp. 40-53;
// www.jaeckel.org/LetsBeRational.pdf), translated to TypeScript from the reference implementation
// at www.jaeckel.org/LetsBeRational.7z, which carries this notice:
//
//   Copyright © 2013-2014 Peter Jäckel.
//   Permission to use, copy, modify, and distribute this software is freely granted,
//   provided that this notice is preserved.
//   WARRANTY DISCLAIMER: The Software is provided "as is" without warranty of any kind, express or
//   implied, including without limitation any implied warranties of condition, uninterrupted use,
//   merchantability, fitness for a particular purpose, or non-infringement.
//
// Two Householder(3) iterations from a rational initial guess reach machine precision everywhere.

import { erfcxCody } from './erf-cody.ts';
import {
  inverseNormCdf,
  normCdf,
  normPdf,
  ONE_OVER_SQRT_TWO,
  ONE_OVER_SQRT_TWO_PI,
  SQRT_TWO_PI,
} from './normal.ts';
import { convexControl, rationalCubicInterpolation } from './rational-cubic.ts';

const DBL_EPSILON = 2.220446049250313e-16;
const DBL_MIN = 2.2250738585072014e-308;
const DBL_MAX = Number.MAX_VALUE;
const SQRT_DBL_MIN = Math.sqrt(DBL_MIN);
const SQRT_DBL_MAX = Math.sqrt(DBL_MAX);
const FOURTH_ROOT_DBL_EPSILON = Math.sqrt(Math.sqrt(DBL_EPSILON));
const SIXTEENTH_ROOT_DBL_EPSILON = Math.sqrt(Math.sqrt(FOURTH_ROOT_DBL_EPSILON));
const TWO_PI = 6.28318530717958647692528676655900576839433879875;
const SQRT_PI_OVER_TWO = 1.253314137315500251207882642405522626503493370305;
const SQRT_THREE = 1.73205080756887729352744634150587236694280525381;
const SQRT_ONE_OVER_THREE = 0.57735026918962576450914878050195745564760175127;
const TWO_PI_OVER_SQRT_TWENTY_SEVEN = 1.209199576156145233729385505094770488189377498728;
const PI_OVER_SIX = 0.523598775598298873077107230546583814032861566563;
/** η: below h = x/s of -10 the asymptotic expansion is used. */
const ETA = -10;
/** τ: below t = s/2 of 2·ε^(1/16) the small-t expansion is used. */
const TAU = 2 * SIXTEENTH_ROOT_DBL_EPSILON;
const MAX_ITERATIONS = 2;

/** Sentinels of the reference implementation; callers map them to reasons. */
export const BELOW_INTRINSIC = -DBL_MAX;
export const ABOVE_MAXIMUM = DBL_MAX;

const square = (x: number): number => x * x;

function householderFactor(newton: number, halley: number, hh3: number): number {
  return (1 + 0.5 * halley * newton) / (1 + newton * (halley + (hh3 * newton) / 6));
}

function normalisedIntrinsic(x: number, q: number): number {
  if (q * x <= 0) return 0;
  const x2 = x * x;
  if (x2 < 98 * FOURTH_ROOT_DBL_EPSILON)
    return Math.abs(
      Math.max(
        (q < 0 ? -1 : 1) *
          x *
          (1 + x2 * (1 / 24 + x2 * (1 / 1920 + x2 * (1 / 322560 + (1 / 92897280) * x2)))),
        0,
      ),
    );
  const bMax = Math.exp(0.5 * x);
  return Math.abs(Math.max((q < 0 ? -1 : 1) * (bMax - 1 / bMax), 0));
}

function asymptoticExpansion(h: number, t: number): number {
  const e = (t / h) * (t / h);
  const r = (h + t) * (h - t);
  const q = (h / r) * (h / r);
  // 17th-order expansion of A(h,t) in q, relative accuracy 1.64e-16 for h <= η.
  const sum =
    2.0 +
    q *
      (-6.0 -
        2.0 * e +
        3.0 *
          q *
          (1.0e1 +
            e * (2.0e1 + 2.0 * e) +
            5.0 *
              q *
              (-1.4e1 +
                e * (-7.0e1 + e * (-4.2e1 - 2.0 * e)) +
                7.0 *
                  q *
                  (1.8e1 +
                    e * (1.68e2 + e * (2.52e2 + e * (7.2e1 + 2.0 * e))) +
                    9.0 *
                      q *
                      (-2.2e1 +
                        e * (-3.3e2 + e * (-9.24e2 + e * (-6.6e2 + e * (-1.1e2 - 2.0 * e)))) +
                        1.1e1 *
                          q *
                          (2.6e1 +
                            e *
                              (5.72e2 +
                                e * (2.574e3 + e * (3.432e3 + e * (1.43e3 + e * (1.56e2 + 2.0 * e))))) +
                            1.3e1 *
                              q *
                              (-3.0e1 +
                                e *
                                  (-9.1e2 +
                                    e *
                                      (-6.006e3 +
                                        e *
                                          (-1.287e4 +
                                            e * (-1.001e4 + e * (-2.73e3 + e * (-2.1e2 - 2.0 * e)))))) +
                                1.5e1 *
                                  q *
                                  (3.4e1 +
                                    e *
                                      (1.36e3 +
                                        e *
                                          (1.2376e4 +
                                            e *
                                              (3.8896e4 +
                                                e *
                                                  (4.862e4 +
                                                    e *
                                                      (2.4752e4 + e * (4.76e3 + e * (2.72e2 + 2.0 * e))))))) +
                                    1.7e1 *
                                      q *
                                      (-3.8e1 +
                                        e *
                                          (-1.938e3 +
                                            e *
                                              (-2.3256e4 +
                                                e *
                                                  (-1.00776e5 +
                                                    e *
                                                      (-1.84756e5 +
                                                        e *
                                                          (-1.51164e5 +
                                                            e *
                                                              (-5.4264e4 +
                                                                e *
                                                                  (-7.752e3 + e * (-3.42e2 - 2.0 * e)))))))) +
                                        1.9e1 *
                                          q *
                                          (4.2e1 +
                                            e *
                                              (2.66e3 +
                                                e *
                                                  (4.0698e4 +
                                                    e *
                                                      (2.3256e5 +
                                                        e *
                                                          (5.8786e5 +
                                                            e *
                                                              (7.05432e5 +
                                                                e *
                                                                  (4.0698e5 +
                                                                    e *
                                                                      (1.08528e5 +
                                                                        e *
                                                                          (1.197e4 +
                                                                            e * (4.2e2 + 2.0 * e))))))))) +
                                            2.1e1 *
                                              q *
                                              (-4.6e1 +
                                                e *
                                                  (-3.542e3 +
                                                    e *
                                                      (-6.7298e4 +
                                                        e *
                                                          (-4.90314e5 +
                                                            e *
                                                              (-1.63438e6 +
                                                                e *
                                                                  (-2.704156e6 +
                                                                    e *
                                                                      (-2.288132e6 +
                                                                        e *
                                                                          (-9.80628e5 +
                                                                            e *
                                                                              (-2.01894e5 +
                                                                                e *
                                                                                  (-1.771e4 +
                                                                                    e *
                                                                                      (-5.06e2 -
                                                                                        2.0 * e)))))))))) +
                                                2.3e1 *
                                                  q *
                                                  (5.0e1 +
                                                    e *
                                                      (4.6e3 +
                                                        e *
                                                          (1.0626e5 +
                                                            e *
                                                              (9.614e5 +
                                                                e *
                                                                  (4.08595e6 +
                                                                    e *
                                                                      (8.9148e6 +
                                                                        e *
                                                                          (1.04006e7 +
                                                                            e *
                                                                              (6.53752e6 +
                                                                                e *
                                                                                  (2.16315e6 +
                                                                                    e *
                                                                                      (3.542e5 +
                                                                                        e *
                                                                                          (2.53e4 +
                                                                                            e *
                                                                                              (6.0e2 +
                                                                                                2.0 *
                                                                                                  e))))))))))) +
                                                    2.5e1 *
                                                      q *
                                                      (-5.4e1 +
                                                        e *
                                                          (-5.85e3 +
                                                            e *
                                                              (-1.6146e5 +
                                                                e *
                                                                  (-1.77606e6 +
                                                                    e *
                                                                      (-9.37365e6 +
                                                                        e *
                                                                          (-2.607579e7 +
                                                                            e *
                                                                              (-4.01166e7 +
                                                                                e *
                                                                                  (-3.476772e7 +
                                                                                    e *
                                                                                      (-1.687257e7 +
                                                                                        e *
                                                                                          (-4.44015e6 +
                                                                                            e *
                                                                                              (-5.9202e5 +
                                                                                                e *
                                                                                                  (-3.51e4 +
                                                                                                    e *
                                                                                                      (-7.02e2 -
                                                                                                        2.0 *
                                                                                                          e)))))))))))) +
                                                        2.7e1 *
                                                          q *
                                                          (5.8e1 +
                                                            e *
                                                              (7.308e3 +
                                                                e *
                                                                  (2.3751e5 +
                                                                    e *
                                                                      (3.12156e6 +
                                                                        e *
                                                                          (2.003001e7 +
                                                                            e *
                                                                              (6.919458e7 +
                                                                                e *
                                                                                  (1.3572783e8 +
                                                                                    e *
                                                                                      (1.5511752e8 +
                                                                                        e *
                                                                                          (1.0379187e8 +
                                                                                            e *
                                                                                              (4.006002e7 +
                                                                                                e *
                                                                                                  (8.58429e6 +
                                                                                                    e *
                                                                                                      (9.5004e5 +
                                                                                                        e *
                                                                                                          (4.7502e4 +
                                                                                                            e *
                                                                                                              (8.12e2 +
                                                                                                                2.0 *
                                                                                                                  e))))))))))))) +
                                                            2.9e1 *
                                                              q *
                                                              (-6.2e1 +
                                                                e *
                                                                  (-8.99e3 +
                                                                    e *
                                                                      (-3.39822e5 +
                                                                        e *
                                                                          (-5.25915e6 +
                                                                            e *
                                                                              (-4.032015e7 +
                                                                                e *
                                                                                  (-1.6934463e8 +
                                                                                    e *
                                                                                      (-4.1250615e8 +
                                                                                        e *
                                                                                          (-6.0108039e8 +
                                                                                            e *
                                                                                              (-5.3036505e8 +
                                                                                                e *
                                                                                                  (-2.8224105e8 +
                                                                                                    e *
                                                                                                      (-8.870433e7 +
                                                                                                        e *
                                                                                                          (-1.577745e7 +
                                                                                                            e *
                                                                                                              (-1.472562e6 +
                                                                                                                e *
                                                                                                                  (-6.293e4 +
                                                                                                                    e *
                                                                                                                      (-9.3e2 -
                                                                                                                        2.0 *
                                                                                                                          e)))))))))))))) +
                                                                3.1e1 *
                                                                  q *
                                                                  (6.6e1 +
                                                                    e *
                                                                      (1.0912e4 +
                                                                        e *
                                                                          (4.74672e5 +
                                                                            e *
                                                                              (8.544096e6 +
                                                                                e *
                                                                                  (7.71342e7 +
                                                                                    e *
                                                                                      (3.8707344e8 +
                                                                                        e *
                                                                                          (1.14633288e9 +
                                                                                            e *
                                                                                              (2.07431664e9 +
                                                                                                e *
                                                                                                  (2.33360622e9 +
                                                                                                    e *
                                                                                                      (1.6376184e9 +
                                                                                                        e *
                                                                                                          (7.0963464e8 +
                                                                                                            e *
                                                                                                              (1.8512208e8 +
                                                                                                                e *
                                                                                                                  (2.7768312e7 +
                                                                                                                    e *
                                                                                                                      (2.215136e6 +
                                                                                                                        e *
                                                                                                                          (8.184e4 +
                                                                                                                            e *
                                                                                                                              (1.056e3 +
                                                                                                                                2.0 *
                                                                                                                                  e))))))))))))))) +
                                                                    3.3e1 *
                                                                      (-7.0e1 +
                                                                        e *
                                                                          (-1.309e4 +
                                                                            e *
                                                                              (-6.49264e5 +
                                                                                e *
                                                                                  (-1.344904e7 +
                                                                                    e *
                                                                                      (-1.4121492e8 +
                                                                                        e *
                                                                                          (-8.344518e8 +
                                                                                            e *
                                                                                              (-2.9526756e9 +
                                                                                                e *
                                                                                                  (-6.49588632e9 +
                                                                                                    e *
                                                                                                      (-9.0751353e9 +
                                                                                                        e *
                                                                                                          (-8.1198579e9 +
                                                                                                            e *
                                                                                                              (-4.6399188e9 +
                                                                                                                e *
                                                                                                                  (-1.6689036e9 +
                                                                                                                    e *
                                                                                                                      (-3.67158792e8 +
                                                                                                                        e *
                                                                                                                          (-4.707164e7 +
                                                                                                                            e *
                                                                                                                              (-3.24632e6 +
                                                                                                                                e *
                                                                                                                                  (-1.0472e5 +
                                                                                                                                    e *
                                                                                                                                      (-1.19e3 -
                                                                                                                                        2.0 *
                                                                                                                                          e))))))))))))))))) *
                                                                      q))))))))))))))));
  const b = ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * (h * h + t * t)) * (t / r) * sum;
  return Math.abs(Math.max(b, 0));
}

function blackUsingErfcx(h: number, t: number): number {
  const b =
    0.5 *
    Math.exp(-0.5 * (h * h + t * t)) *
    (erfcxCody(-ONE_OVER_SQRT_TWO * (h + t)) - erfcxCody(-ONE_OVER_SQRT_TWO * (h - t)));
  return Math.abs(Math.max(b, 0));
}

function smallTExpansion(h: number, t: number): number {
  const a = 1 + h * (0.5 * SQRT_TWO_PI) * erfcxCody(-ONE_OVER_SQRT_TWO * h);
  const w = t * t;
  const h2 = h * h;
  const expansion =
    2 *
    t *
    (a +
      w *
        ((-1 + 3 * a + a * h2) / 6 +
          w *
            ((-7 + 15 * a + h2 * (-1 + 10 * a + a * h2)) / 120 +
              w *
                ((-57 + 105 * a + h2 * (-18 + 105 * a + h2 * (-1 + 21 * a + a * h2))) / 5040 +
                  w *
                    ((-561 +
                      945 * a +
                      h2 * (-285 + 1260 * a + h2 * (-33 + 378 * a + h2 * (-1 + 36 * a + a * h2)))) /
                      362880 +
                      w *
                        ((-6555 +
                          10395 * a +
                          h2 *
                            (-4680 +
                              17325 * a +
                              h2 * (-840 + 6930 * a + h2 * (-52 + 990 * a + h2 * (-1 + 55 * a + a * h2))))) /
                          39916800 +
                          ((-89055 +
                            135135 * a +
                            h2 *
                              (-82845 +
                                270270 * a +
                                h2 *
                                  (-20370 +
                                    135135 * a +
                                    h2 *
                                      (-1926 +
                                        25740 * a +
                                        h2 * (-75 + 2145 * a + h2 * (-1 + 78 * a + a * h2)))))) *
                            w) /
                            6227020800.0))))));
  const b = ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * (h * h + t * t)) * expansion;
  return Math.abs(Math.max(b, 0));
}

function blackUsingNormCdf(x: number, s: number): number {
  const h = x / s;
  const t = 0.5 * s;
  const bMax = Math.exp(0.5 * x);
  const b = normCdf(h + t) * bMax - normCdf(h - t) / bMax;
  return Math.abs(Math.max(b, 0));
}

/** The normalised Black call b(x, s) = Φ(x/s + s/2)·e^(x/2) − Φ(x/s − s/2)·e^(−x/2), x = ln(F/K), s = σ√T. */
export function normalisedBlackCall(x: number, s: number): number {
  if (x > 0) return normalisedIntrinsic(x, 1) + normalisedBlackCall(-x, s);
  if (s <= 0) return normalisedIntrinsic(x, 1);
  if (x < s * ETA && 0.5 * s * s + x < s * (TAU + ETA)) return asymptoticExpansion(x / s, 0.5 * s);
  if (0.5 * s < TAU) return smallTExpansion(x / s, 0.5 * s);
  if (x + 0.5 * s * s > s * 0.85) return blackUsingNormCdf(x, s);
  return blackUsingErfcx(x / s, 0.5 * s);
}

/** ∂b/∂s of the normalised Black function. */
export function normalisedVega(x: number, s: number): number {
  const ax = Math.abs(x);
  if (ax <= 0) return ONE_OVER_SQRT_TWO_PI * Math.exp(-0.125 * s * s);
  if (s <= 0 || s <= ax * SQRT_DBL_MIN) return 0;
  return ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * (square(x / s) + square(0.5 * s)));
}

/** Undiscounted Black price of a call (q = 1) or put (q = −1) on forward f. */
export function black(f: number, k: number, sigma: number, t: number, q: 1 | -1): number {
  const intrinsic = Math.abs(Math.max(q < 0 ? k - f : f - k, 0));
  if (q * (f - k) > 0) return intrinsic + black(f, k, sigma, t, q < 0 ? 1 : -1);
  const x = Math.log(f / k);
  return Math.max(
    intrinsic,
    Math.sqrt(f) * Math.sqrt(k) * normalisedBlackCall(q < 0 ? -x : x, sigma * Math.sqrt(t)),
  );
}

// Scratch outputs of lowerMap/upperMap (f, f', f''), so a solve allocates nothing.
let mapF = 0;
let mapFp = 0;
let mapFpp = 0;

function lowerMap(x: number, s: number): void {
  const ax = Math.abs(x);
  const z = (SQRT_ONE_OVER_THREE * ax) / s;
  const y = z * z;
  const s2 = s * s;
  const Phi = normCdf(-z);
  const phi = normPdf(z);
  mapFpp =
    ((PI_OVER_SIX * y) / (s2 * s)) *
    Phi *
    (8 * SQRT_THREE * s * ax + ((3 * s2 * (s2 - 8) - 8 * x * x) * Phi) / phi) *
    Math.exp(2 * y + 0.25 * s2);
  const Phi2 = Phi * Phi;
  mapFp = TWO_PI * y * Phi2 * Math.exp(y + 0.125 * s * s);
  mapF = TWO_PI_OVER_SQRT_TWENTY_SEVEN * ax * (Phi2 * Phi);
}

function inverseLowerMap(x: number, f: number): number {
  if (f === 0) return 0;
  return Math.abs(
    x / (SQRT_THREE * inverseNormCdf(Math.pow(f / (TWO_PI_OVER_SQRT_TWENTY_SEVEN * Math.abs(x)), 1 / 3))),
  );
}

function upperMap(x: number, s: number): void {
  mapF = normCdf(-0.5 * s);
  if (x === 0) {
    mapFp = -0.5;
    mapFpp = 0;
    return;
  }
  const w = square(x / s);
  mapFp = -0.5 * Math.exp(0.5 * w);
  mapFpp = (SQRT_PI_OVER_TWO * Math.exp(w + 0.125 * s * s) * w) / s;
}

/** The objective of the Householder iteration in each segment (Jäckel §3-§5). */
const MIDDLE = 0; // g(s) = b(s) − beta
const LOWER = 1; // g(s) = 1/ln(b(s)) − 1/ln(beta)
const UPPER = 2; // g(s) = ln(bMax − beta) − ln(bMax − b(s))

function iterate(
  x: number,
  beta: number,
  start: number,
  left: number,
  right: number,
  objective: number,
  bMax: number,
): number {
  let s = start;
  let sLeft = left;
  let sRight = right;
  let ds = -DBL_MAX;
  let dsPrevious = 0;
  let reversals = 0;
  const lnBeta = objective === LOWER ? Math.log(beta) : 0;
  for (let i = 0; i < MAX_ITERATIONS && Math.abs(ds) > DBL_EPSILON * s; i++) {
    if (ds * dsPrevious < 0) reversals += 1;
    if (i > 0 && (reversals === 3 || !(s > sLeft && s < sRight))) {
      // Only reached for extreme |x| (> 500): fall back to bisection of the bracket.
      s = 0.5 * (sLeft + sRight);
      if (sRight - sLeft <= DBL_EPSILON * s) break;
      reversals = 0;
      ds = 0;
    }
    dsPrevious = ds;
    const b = normalisedBlackCall(x, s);
    const bp = normalisedVega(x, s);
    if (b > beta && s < sRight) sRight = s;
    else if (b < beta && s > sLeft) sLeft = s;
    const bHalley = square(x / s) / s - s / 4;
    const bHh3 = bHalley * bHalley - 3 * square(x / (s * s)) - 0.25;
    if (objective === LOWER) {
      if (b <= 0 || bp <= 0) ds = 0.5 * (sLeft + sRight) - s;
      else {
        const lnB = Math.log(b);
        const bpob = bp / b;
        const newton = ((lnBeta - lnB) * lnB) / lnBeta / bpob;
        const halley = bHalley - bpob * (1 + 2 / lnB);
        const hh3 =
          bHh3 + 2 * square(bpob) * (1 + (3 / lnB) * (1 + 1 / lnB)) - 3 * bHalley * bpob * (1 + 2 / lnB);
        ds = newton * householderFactor(newton, halley, hh3);
      }
    } else if (objective === UPPER) {
      if (b >= bMax || bp <= DBL_MIN) ds = 0.5 * (sLeft + sRight) - s;
      else {
        const bMaxMinusB = bMax - b;
        const g = Math.log((bMax - beta) / bMaxMinusB);
        const gp = bp / bMaxMinusB;
        const newton = -g / gp;
        const halley = bHalley + gp;
        const hh3 = bHh3 + gp * (2 * gp + 3 * bHalley);
        ds = newton * householderFactor(newton, halley, hh3);
      }
    } else {
      const newton = (beta - b) / bp;
      ds = newton * householderFactor(newton, bHalley, bHh3);
      if (Number.isNaN(ds)) ds = 0.5 * (sLeft + sRight) - s;
    }
    ds = Math.max(-0.5 * s, ds);
    s += ds;
  }
  return s;
}

/**
 * A middle segment [bl, br] of prices, [sl, sr] of volatilities: a rational cubic guess on the
 * inverse function (slopes 1/vega, zero second derivative at the segment's end towards the
 * centre, `fitLeft`) refined with the objective g(s) = b(s) − beta.
 */
function solveMiddle(
  x: number,
  beta: number,
  bl: number,
  br: number,
  sl: number,
  sr: number,
  vl: number,
  vr: number,
  fitLeft: boolean,
  bMax: number,
): number {
  const r = convexControl(fitLeft, bl, br, sl, sr, 1 / vl, 1 / vr, 0, false);
  return iterate(
    x,
    beta,
    rationalCubicInterpolation(beta, bl, br, sl, sr, 1 / vl, 1 / vr, r),
    sl,
    sr,
    MIDDLE,
    bMax,
  );
}

/**
 * The normalised implied volatility s = σ√T of an out-of-the-money normalised call price beta at
 * x = ln(F/K) ≤ 0 (the caller maps puts and in-the-money options).
 */
function normalisedImpliedVolatilityOtmCall(beta: number, x: number): number {
  if (beta <= 0) return 0;
  const bMax = Math.exp(0.5 * x);
  if (beta >= bMax) return ABOVE_MAXIMUM;
  const sC = Math.sqrt(Math.abs(2 * x));
  const bC = normalisedBlackCall(x, sC);
  const vC = normalisedVega(x, sC);
  if (beta < bC) {
    const sL = sC - bC / vC;
    const bL = normalisedBlackCall(x, sL);
    if (beta < bL) {
      lowerMap(x, sL);
      const fL = mapF;
      const fpL = mapFp;
      const fppL = mapFpp;
      const rLl = convexControl(false, 0, bL, 0, fL, 1, fpL, fppL, true);
      let f = rationalCubicInterpolation(beta, 0, bL, 0, fL, 1, fpL, rLl);
      if (!(f > 0)) {
        const t = beta / bL;
        f = (fL * t + bL * (1 - t)) * t;
      }
      return iterate(x, beta, inverseLowerMap(x, f), DBL_MIN, sL, LOWER, bMax);
    }
    return solveMiddle(x, beta, bL, bC, sL, sC, normalisedVega(x, sL), vC, false, bMax);
  }
  const sH = vC > DBL_MIN ? sC + (bMax - bC) / vC : sC;
  const bH = normalisedBlackCall(x, sH);
  if (beta <= bH) return solveMiddle(x, beta, bC, bH, sC, sH, vC, normalisedVega(x, sH), true, bMax);
  upperMap(x, sH);
  const fH = mapF;
  const fpH = mapFp;
  const fppH = mapFpp;
  let f = -DBL_MAX;
  if (fppH > -SQRT_DBL_MAX && fppH < SQRT_DBL_MAX) {
    const rHh = convexControl(true, bH, bMax, fH, 0, fpH, -0.5, fppH, true);
    f = rationalCubicInterpolation(beta, bH, bMax, fH, 0, fpH, -0.5, rHh);
  }
  if (f <= 0) {
    const h = bMax - bH;
    const t = (beta - bH) / h;
    f = (fH * (1 - t) + 0.5 * h * t) * (1 - t);
  }
  const start = -2 * inverseNormCdf(f);
  return iterate(x, beta, start, sH, DBL_MAX, beta > 0.5 * bMax ? UPPER : MIDDLE, bMax);
}

/**
 * Implied Black volatility of an undiscounted option price on forward f, strike k, expiry t years.
 * Returns BELOW_INTRINSIC or ABOVE_MAXIMUM for prices outside the no-arbitrage bounds.
 */
export function impliedBlackVolatility(price: number, f: number, k: number, t: number, q: 1 | -1): number {
  const intrinsic = Math.abs(Math.max(q < 0 ? k - f : f - k, 0));
  if (price < intrinsic) return BELOW_INTRINSIC;
  const maxPrice = q < 0 ? k : f;
  if (price >= maxPrice) return ABOVE_MAXIMUM;
  let x = Math.log(f / k);
  let p = price;
  let qq: number = q;
  if (qq * x > 0) {
    p = Math.abs(Math.max(p - intrinsic, 0));
    qq = -qq;
  }
  if (qq < 0) x = -x;
  const s = normalisedImpliedVolatilityOtmCall(p / (Math.sqrt(f) * Math.sqrt(k)), x);
  return s === ABOVE_MAXIMUM ? s : s / Math.sqrt(t);
}
