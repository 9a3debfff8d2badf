import { bsmPrice } from '../pricing/bsm.ts';
import { nyTimeToEpochMs } from '../time/ny-time.ts';
import { isThirdFriday, type SimContract } from './chain.ts';
import type { SimUnderlying } from './universe.ts';

export const SIM_RATE = 0.04;
const YEAR_MS = 365 * 86_400_000;
/** Floor on time to expiry when pricing, so the last minutes of a 0DTE stay finite. */
const MIN_YEARS = 5 / (365 * 24 * 60);

const closeCache = new Map<number, number>();
/** Expiry instant: 16:00 New York, or 09:30 for AM-settled SPX monthlies. */
export function expiryCloseMs(c: SimContract): number {
  const am = c.root === 'SPX' && isThirdFriday(c.expiryDay);
  const key = c.expiryDay * 2 + (am ? 1 : 0);
  let ms = closeCache.get(key);
  if (ms === undefined) {
    ms = nyTimeToEpochMs(c.expiryDay, am ? 9 : 16, am ? 30 : 0);
    closeCache.set(key, ms);
  }
  return ms;
}

export const yearsToExpiry = (c: SimContract, nowMs: number): number =>
  Math.max(MIN_YEARS, (expiryCloseMs(c) - nowMs) / YEAR_MS);

/** Volatility with a put skew and a smile in standardized moneyness. */
export function smileVol(
  u: SimUnderlying,
  volMult: number,
  spot: number,
  strike: number,
  years: number,
): number {
  const sd = u.atmVol * Math.sqrt(years);
  const x = Math.max(-4, Math.min(4, Math.log(strike / spot) / sd));
  return u.atmVol * volMult * Math.max(0.5, 1 - 0.07 * x + 0.025 * x * x);
}

export interface Nbbo {
  bid: number;
  ask: number;
  tick: number;
}

const roundCents = (x: number) => Math.round(x * 100) / 100;

/** A two-sided quote around the model price, with the minimum tick and a spread that widens away from the money. */
export function modelQuote(
  u: SimUnderlying,
  c: SimContract,
  spot: number,
  volMult: number,
  nowMs: number,
): Nbbo {
  const years = yearsToExpiry(c, nowMs);
  const vol = smileVol(u, volMult, spot, c.strike, years);
  const theo = bsmPrice(c.right === 'C', spot, c.strike, years, SIM_RATE, u.dividendYield, vol);
  const index = u.symbol === 'SPX';
  const tick = theo < 3 ? (index ? 0.05 : 0.01) : index ? 0.1 : 0.05;
  const x = Math.abs(Math.log(c.strike / spot)) / (u.atmVol * Math.sqrt(years));
  const pct = 0.012 + 0.02 * Math.min(1, x / 3) + (years > 0.5 ? 0.015 : 0);
  const spread = Math.max(tick, Math.ceil((theo * pct) / tick - 1e-9) * tick);
  let bid = Math.floor((theo - spread / 2) / tick + 1e-9) * tick;
  if (bid < 0) bid = 0;
  const ask = bid + spread;
  return { bid: roundCents(bid), ask: roundCents(Math.max(ask, tick)), tick };
}
