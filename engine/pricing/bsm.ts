import { ABOVE_MAXIMUM, BELOW_INTRINSIC, black, impliedBlackVolatility } from './lets-be-rational.ts';
import { normCdf, normPdf } from './normal.ts';

/** Why an implied volatility is null. */
export const IV_FAILURES = [
  'below_intrinsic',
  'no_time_value',
  'above_maximum',
  'expired',
  'no_spot',
  'invalid_input',
] as const;
export type IvFailure = (typeof IV_FAILURES)[number];

/**
 * Black–Scholes–Merton price with continuous dividend yield q: s spot, k strike, t years,
 * r rate, sigma volatility (continuous, annualized). Evaluated through Let's Be Rational's
 * normalised Black function, accurate in relative terms far out of the money.
 */
export function bsmPrice(
  call: boolean,
  s: number,
  k: number,
  t: number,
  r: number,
  q: number,
  sigma: number,
): number {
  const dfr = Math.exp(-r * t);
  const f = s * Math.exp((r - q) * t);
  if (t <= 0 || sigma <= 0) return dfr * Math.max(0, call ? f - k : k - f);
  return dfr * black(f, k, sigma, t, call ? 1 : -1);
}

/**
 * The BSM implied volatility of an option price, or the reason there is none. Prices below the
 * discounted intrinsic value or at/above the upper bound (spot·e^(−qt) for calls, strike·e^(−rt) for
 * puts) have no volatility; a price equal to intrinsic carries no time value.
 */
export function bsmImpliedVol(
  price: number,
  call: boolean,
  s: number,
  k: number,
  t: number,
  r: number,
  q: number,
): number | IvFailure {
  if (!(price >= 0) || !(k > 0) || !Number.isFinite(price) || !Number.isFinite(r) || !Number.isFinite(q))
    return 'invalid_input';
  if (!(s > 0) || !Number.isFinite(s)) return 'no_spot';
  if (!(t > 0)) return 'expired';
  const f = s * Math.exp((r - q) * t);
  const undiscounted = price * Math.exp(r * t);
  // Time value within a few ulps of the forward or strike is rounding noise, not information.
  const timeValue = undiscounted - Math.max(0, call ? f - k : k - f);
  const noise = 8 * Number.EPSILON * Math.max(f, k);
  if (timeValue < -noise) return 'below_intrinsic';
  if (timeValue <= noise) return 'no_time_value';
  const v = impliedBlackVolatility(undiscounted, f, k, t, call ? 1 : -1);
  if (v === BELOW_INTRINSIC) return 'below_intrinsic';
  if (v === ABOVE_MAXIMUM) return 'above_maximum';
  if (!(v > 0) || !Number.isFinite(v)) return 'no_time_value';
  return v;
}

/** Greeks in trader units; see docs/conventions.md. */
export interface Greeks {
  /** ∂V/∂S per $1 of spot. */
  delta: number;
  /** ∂²V/∂S² per $1 of spot. */
  gamma: number;
  /** ∂V/∂σ per 1 vol point (0.01). */
  vega: number;
  /** ∂V/∂t per calendar day (time passing; negative for a long option as a rule). */
  theta: number;
  /** ∂V/∂r per 1 rate point (0.01). */
  rho: number;
  /** ∂delta/∂σ per 1 vol point (0.01). */
  vanna: number;
  /** ∂delta/∂t per calendar day (time passing). */
  charm: number;
}

export const emptyGreeks = (): Greeks => ({
  delta: 0,
  gamma: 0,
  vega: 0,
  theta: 0,
  rho: 0,
  vanna: 0,
  charm: 0,
});

/** Fills `out` with the BSM Greeks; t > 0 and sigma > 0 are the caller's to ensure. */
export function bsmGreeks(
  call: boolean,
  s: number,
  k: number,
  t: number,
  r: number,
  q: number,
  sigma: number,
  out: Greeks,
): Greeks {
  const sqrtT = Math.sqrt(t);
  const sd = sigma * sqrtT;
  const d1 = (Math.log(s / k) + (r - q + 0.5 * sigma * sigma) * t) / sd;
  const d2 = d1 - sd;
  const dfq = Math.exp(-q * t);
  const dfr = Math.exp(-r * t);
  const pdf = normPdf(d1);
  const sign = call ? 1 : -1;
  const nd1 = normCdf(sign * d1);
  const nd2 = normCdf(sign * d2);
  out.delta = sign * dfq * nd1;
  out.gamma = (dfq * pdf) / (s * sd);
  out.vega = (s * dfq * pdf * sqrtT) / 100;
  out.theta =
    (-(s * dfq * pdf * sigma) / (2 * sqrtT) - sign * r * k * dfr * nd2 + sign * q * s * dfq * nd1) / 365;
  out.rho = (sign * k * t * dfr * nd2) / 100;
  out.vanna = (-dfq * pdf * d2) / sigma / 100;
  out.charm = (sign * q * dfq * nd1 - (dfq * pdf * (2 * (r - q) * t - d2 * sd)) / (2 * t * sd)) / 365;
  return out;
}
