import { formatOsi, type Right } from '../contract/osi.ts';
import { dayNumberToIso, weekday } from '../time/ny-time.ts';
import type { IsoDate } from '../time/units.ts';
import type { Prng } from './prng.ts';
import type { SimUnderlying } from './universe.ts';

export interface SimContract {
  readonly index: number;
  readonly underlying: number;
  readonly root: string;
  readonly key: string;
  readonly expiryDay: number;
  readonly expiry: IsoDate;
  readonly right: Right;
  readonly strike: number;
  readonly oi: number;
}

export interface SimExpiry {
  readonly day: number;
  /** Strikes ascending, and the contract index of the call and put at each strike. */
  readonly strikes: Float64Array;
  readonly calls: Int32Array;
  readonly puts: Int32Array;
}

export interface SimChain {
  readonly underlying: number;
  readonly expiries: readonly SimExpiry[];
}

const thirdFriday = (year: number, month: number): number => {
  const first = Math.floor(Date.UTC(year, month, 1) / 86_400_000);
  return first + ((5 - weekday(first) + 7) % 7) + 14;
};

/**
 * Listed expiries from a session day: dailies for the next 10 weekdays where the product has them,
 * Friday weeklies for 6 weeks, third-Friday monthlies for 12 months and January LEAPS for two years.
 * Exchange holidays are not modelled.
 */
export function listExpiries(sessionDay: number, dailies: boolean): number[] {
  const out = new Set<number>();
  for (let d = sessionDay, n = 0; n < 10; d++) {
    const wd = weekday(d);
    if (wd === 0 || wd === 6) continue;
    if (dailies || wd === 5) out.add(d);
    n += 1;
  }
  for (let d = sessionDay; d < sessionDay + 42; d++) if (weekday(d) === 5) out.add(d);
  const start = new Date(sessionDay * 86_400_000);
  for (let m = 0; m < 13; m++) {
    const tf = thirdFriday(start.getUTCFullYear(), start.getUTCMonth() + m);
    if (tf >= sessionDay) out.add(tf);
  }
  for (let y = 1; y <= 2; y++) out.add(thirdFriday(start.getUTCFullYear() + y, 0));
  return [...out].sort((a, b) => a - b);
}

export const isThirdFriday = (day: number): boolean => {
  const d = new Date(day * 86_400_000);
  return thirdFriday(d.getUTCFullYear(), d.getUTCMonth()) === day;
};

/** Strike grid: the product's step near the money, coarser further out, as listings are. */
export function strikeGrid(spot: number, step: number, years: number, vol: number): number[] {
  const width = Math.max(0.04, 3.5 * vol * Math.sqrt(years));
  const lo = spot * Math.exp(-width * 1.4);
  const hi = spot * Math.exp(width);
  const out: number[] = [];
  let k = Math.ceil(lo / step) * step;
  while (k <= hi && out.length < 400) {
    out.push(Math.round(k * 1000) / 1000);
    const m = Math.abs(Math.log(k / spot));
    const here = m < 0.06 ? step : m < 0.15 ? step * 2 : step * 5;
    k = (Math.floor(k / here + 1e-9) + 1) * here;
  }
  return out;
}

export function buildChains(
  universe: readonly SimUnderlying[],
  sessionDay: number,
  rng: Prng,
): { contracts: SimContract[]; chains: SimChain[] } {
  const contracts: SimContract[] = [];
  const chains: SimChain[] = [];
  universe.forEach((u, ui) => {
    const expiries: SimExpiry[] = [];
    for (const day of listExpiries(sessionDay, u.dailies)) {
      const years = (day - sessionDay + 0.3) / 365;
      const strikes = strikeGrid(u.spot, u.strikeStep, years, u.atmVol);
      const monthly = isThirdFriday(day);
      const root = u.symbol === 'SPX' && !monthly ? 'SPXW' : u.symbol;
      const expiry = dayNumberToIso(day);
      const calls = new Int32Array(strikes.length);
      const puts = new Int32Array(strikes.length);
      const dteWeight = 1 / (1 + (day - sessionDay) / 20);
      strikes.forEach((strike, si) => {
        const m = Math.log(strike / u.spot) / Math.max(0.02, u.atmVol * Math.sqrt(years));
        for (const right of ['C', 'P'] as const) {
          const otmBias = (right === 'P' ? -m : m) > 0 ? 1 : 0.6;
          const mean = u.oiScale * Math.exp(-0.5 * m * m) * (monthly ? 3 : 1) * (0.3 + dteWeight) * otmBias;
          const oi = Math.max(0, Math.round(mean * Math.exp(0.8 * rng.normal() - 0.32)));
          const c: SimContract = {
            index: contracts.length,
            underlying: ui,
            root,
            key: formatOsi(root, expiry, right, Math.round(strike * 1000)),
            expiryDay: day,
            expiry,
            right,
            strike,
            oi,
          };
          contracts.push(c);
          (right === 'C' ? calls : puts)[si] = c.index;
        }
      });
      expiries.push({ day, strikes: Float64Array.from(strikes), calls, puts });
    }
    chains.push({ underlying: ui, expiries });
  });
  return { contracts, chains };
}

/** Index of the strike nearest to k. */
export function nearestStrike(strikes: Float64Array, k: number): number {
  let lo = 0;
  let hi = strikes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((strikes[mid] ?? 0) < k) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs((strikes[lo - 1] ?? 0) - k) <= Math.abs((strikes[lo] ?? 0) - k)) return lo - 1;
  return lo;
}
