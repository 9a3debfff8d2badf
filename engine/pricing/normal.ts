import { erfcCody } from './erf-cody.ts';

export const ONE_OVER_SQRT_TWO = 0.7071067811865475244008443621048490392848359376887;
export const ONE_OVER_SQRT_TWO_PI = 0.3989422804014326779399460599343818684758586311649;
export const SQRT_TWO_PI = 2.50662827463100050241576528481104525300698674061;
const DBL_EPSILON = 2.220446049250313e-16;
const ASYMPTOTIC_FIRST = -10;
const ASYMPTOTIC_SECOND = -1 / Math.sqrt(DBL_EPSILON);

export const normPdf = (x: number): number => ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * x * x);

/**
 * Standard normal CDF with relative accuracy near machine precision in both tails: Cody's erfc,
 * and below z = -10 the asymptotic series of Abramowitz & Stegun 26.2.12 (as in Let's Be Rational).
 */
export function normCdf(z: number): number {
  if (z <= ASYMPTOTIC_FIRST) {
    let sum = 1;
    if (z >= ASYMPTOTIC_SECOND) {
      const zsqr = z * z;
      let i = 1;
      let g = 1;
      let a = Number.MAX_VALUE;
      let lasta: number;
      do {
        lasta = a;
        const x = (4 * i - 3) / zsqr;
        const y = x * ((4 * i - 1) / zsqr);
        a = g * (x - y);
        sum -= a;
        g *= y;
        i += 1;
        a = Math.abs(a);
      } while (lasta > a && a >= Math.abs(sum * DBL_EPSILON));
    }
    return (-normPdf(z) * sum) / z;
  }
  return 0.5 * erfcCody(-z * ONE_OVER_SQRT_TWO);
}

/** Inverse standard normal CDF: Wichura's AS241 (Appl. Statist. 1988, 37(3)), about 1e-16 relative. */
export function inverseNormCdf(u: number): number {
  if (u <= 0) return Math.log(u);
  if (u >= 1) return Math.log(1 - u);
  const q = u - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2.5090809287301226727e3 * r + 3.3430575583588128105e4) * r + 6.7265770927008700853e4) * r +
          4.5921953931549871457e4) *
          r +
          1.3731693765509461125e4) *
          r +
          1.9715909503065514427e3) *
          r +
          1.3314166789178437745e2) *
          r +
          3.387132872796366608)) /
      (((((((5.226495278852854561e3 * r + 2.8729085735721942674e4) * r + 3.930789580009271061e4) * r +
        2.1213794301586595867e4) *
        r +
        5.3941960214247511077e3) *
        r +
        6.871870074920579083e2) *
        r +
        4.2313330701600911252e1) *
        r +
        1)
    );
  }
  let r = Math.sqrt(-Math.log(q < 0 ? u : 1 - u));
  let ret: number;
  if (r < 5) {
    r -= 1.6;
    ret =
      (((((((7.7454501427834140764e-4 * r + 2.27238449892691845833e-2) * r + 2.4178072517745061177e-1) * r +
        1.27045825245236838258) *
        r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 1.51986665636164571966e-2) * r +
        1.4810397642748007459e-1) *
        r +
        6.8976733498510000455e-1) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    ret =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.2426609473880784386e-3) * r +
        2.6532189526576123093e-2) *
        r +
        2.9656057182850489123e-1) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) *
        r +
        1.48753612908506148525e-2) *
        r +
        1.3692988092273580531e-1) *
        r +
        5.9983220655588793769e-1) *
        r +
        1);
  }
  return q < 0 ? -ret : ret;
}
