import type { FlowParams } from './params.ts';

export const STRATEGIES = [
  'vertical',
  'ratio',
  'calendar',
  'diagonal',
  'straddle',
  'strangle',
  'synthetic',
  'risk_reversal',
  'butterfly',
  'condor',
  'iron_butterfly',
  'iron_condor',
  'roll',
  'single_leg',
  'complex',
] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** One contract of a package: its prints summed. */
export interface Leg {
  readonly contract: string;
  readonly right: 'C' | 'P';
  readonly strike: number;
  readonly expiry: number;
  readonly size: number;
  readonly premium: number;
  readonly side: 'buy' | 'sell' | null;
  readonly delta: number | null;
  readonly oi: number | null;
}

export interface StrategyRead {
  readonly strategy: Strategy;
  /** Size ratio of the legs in the order given, reduced (1:2:1). */
  readonly ratio: readonly number[];
  /** buy when every leg of the long structure was bought, sell for the mirror, else null. */
  readonly side: 'buy' | 'sell' | null;
  readonly sentiment: 'bullish' | 'bearish' | 'neutral';
  /** Σ sign × ratio × delta per package unit; null when a leg has no side or delta. */
  readonly netDelta: number | null;
  readonly why: string;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const sign = (s: 'buy' | 'sell' | null) => (s === 'buy' ? 1 : s === 'sell' ? -1 : 0);
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Legs in a canonical order: expiry, right (puts first), strike. */
export const sortLegs = (legs: Leg[]): Leg[] =>
  legs.sort(
    (a, b) =>
      a.expiry - b.expiry ||
      (a.right === b.right ? 0 : a.right === 'P' ? -1 : 1) ||
      a.strike - b.strike ||
      (a.contract < b.contract ? -1 : 1),
  );

export function reduceRatio(sizes: readonly number[]): number[] {
  const g = sizes.reduce((acc, s) => gcd(acc, s), 0) || 1;
  return sizes.map((s) => s / g);
}

/**
 * Names the strategy of a package from its legs' structure (rights, strikes, expiries, size ratio
 * and sides) and reads its sentiment from the package's net delta, not from any one leg.
 */
export function readStrategy(sorted: readonly Leg[], p: FlowParams): StrategyRead {
  const ratio = reduceRatio(sorted.map((l) => l.size));
  const { strategy, why } = name(sorted, ratio, p);
  let netDelta: number | null = 0;
  for (let i = 0; i < sorted.length; i++) {
    const l = sorted[i]!;
    if (l.side === null || l.delta === null) {
      netDelta = null;
      break;
    }
    netDelta += sign(l.side) * ratio[i]! * l.delta;
  }
  let sentiment: StrategyRead['sentiment'] = 'neutral';
  if (netDelta !== null && netDelta > p.strategyDeltaBand) sentiment = 'bullish';
  else if (netDelta !== null && netDelta < -p.strategyDeltaBand) sentiment = 'bearish';
  return { strategy, ratio, side: packageSide(strategy, sorted), sentiment, netDelta, why };
}

function name(
  l: readonly Leg[],
  ratio: readonly number[],
  p: FlowParams,
): { strategy: Strategy; why: string } {
  const n = l.length;
  if (n === 1) return { strategy: 'single_leg', why: 'one option contract; other legs (stock or unseen)' };
  const sameRight = l.every((x) => x.right === l[0]!.right);
  const sameExpiry = l.every((x) => x.expiry === l[0]!.expiry);
  const equal = ratio.every((r) => r === ratio[0]);
  if (n === 2) {
    const [a, b] = l as [Leg, Leg];
    const opposite = a.side !== null && b.side !== null && a.side !== b.side;
    if (sameRight) {
      if (opposite && isRoll(a, b, p))
        return { strategy: 'roll', why: 'closes one contract and opens another of the same right' };
      if (sameExpiry)
        return equal
          ? { strategy: 'vertical', why: 'same right and expiry, two strikes, equal size' }
          : { strategy: 'ratio', why: `same right and expiry, two strikes, ratio ${ratio.join(':')}` };
      return close(a.strike, b.strike)
        ? { strategy: 'calendar', why: 'same right and strike, two expiries' }
        : { strategy: 'diagonal', why: 'same right, different strikes and expiries' };
    }
    if (sameExpiry && equal) {
      if (close(a.strike, b.strike))
        return opposite
          ? { strategy: 'synthetic', why: 'call and put at one strike, opposite sides' }
          : { strategy: 'straddle', why: 'call and put at one strike and expiry' };
      return opposite
        ? { strategy: 'risk_reversal', why: 'call and put at two strikes, opposite sides' }
        : { strategy: 'strangle', why: 'call and put at two strikes, one expiry' };
    }
    return { strategy: 'complex', why: 'two legs of different rights and expiries or sizes' };
  }
  if (!sameExpiry) return { strategy: 'complex', why: `${n} legs across expiries` };
  const strikes = l.map((x) => x.strike);
  if (n === 3 && sameRight && ratio[0] === ratio[2] && ratio[1] === 2 * ratio[0]!) {
    const [k1, k2, k3] = strikes as [number, number, number];
    if (close(k2 - k1, k3 - k2) && oppositeMiddle(l, [1]))
      return { strategy: 'butterfly', why: 'three equally spaced strikes, 1:2:1, body opposite the wings' };
  }
  if (n === 4 && equal) {
    const [k1, k2, k3, k4] = strikes as [number, number, number, number];
    if (sameRight && k1 < k2 && k2 < k3 && k3 < k4 && oppositeMiddle(l, [1, 2]))
      return { strategy: 'condor', why: 'four strikes of one right, 1:1:1:1, body opposite the wings' };
    const puts = l.filter((x) => x.right === 'P').length;
    if (puts === 2 && l[0]!.right === 'P' && l[1]!.right === 'P' && oppositeMiddle(l, [1, 2])) {
      if (close(k2, k3))
        return { strategy: 'iron_butterfly', why: 'put and call body at one strike, wings outside' };
      if (k2 < k3)
        return { strategy: 'iron_condor', why: 'put spread below a call spread, body opposite wings' };
    }
  }
  return { strategy: 'complex', why: `${n} legs that match no named structure` };
}

/** The inner legs trade opposite the outer ones (unknown sides do not contradict). */
function oppositeMiddle(l: readonly Leg[], inner: readonly number[]): boolean {
  const outer = l.filter((_, i) => !inner.includes(i)).map((x) => x.side);
  const body = inner.map((i) => l[i]!.side);
  const o = outer.find((s) => s !== null) ?? null;
  const b = body.find((s) => s !== null) ?? null;
  const consistent = outer.every((s) => s === null || s === o) && body.every((s) => s === null || s === b);
  return consistent && (o === null || b === null || o !== b);
}

/**
 * A roll: equal size (within rollSizeTolerance), opposite sides, and the evidence of one position
 * moving to another — the leg traded out of has open interest to close, the leg traded into opens
 * (its size exceeds its open interest).
 */
export function isRoll(a: Leg, b: Leg, p: FlowParams): boolean {
  if (Math.abs(a.size - b.size) > p.rollSizeTolerance * Math.max(a.size, b.size)) return false;
  const canClose = (x: Leg) => x.oi !== null && x.oi >= x.size;
  const opens = (x: Leg) => x.oi !== null && x.size > x.oi;
  return (canClose(a) && opens(b)) || (canClose(b) && opens(a));
}

function packageSide(s: Strategy, l: readonly Leg[]): 'buy' | 'sell' | null {
  const sides = l.map((x) => x.side);
  if (sides.some((x) => x === null)) return null;
  switch (s) {
    case 'straddle':
    case 'strangle':
      return sides[0] === sides[1] ? sides[0]! : null;
    case 'butterfly':
    case 'condor':
      return sides[0]!;
    case 'iron_butterfly':
    case 'iron_condor':
      // Named for the body, as traders do: a sold body is a short iron condor (a credit).
      return sides[1]!;
    default: {
      // Debit or credit: the side of the leg with the larger premium.
      let best = l[0]!;
      for (const x of l) if (x.premium > best.premium) best = x;
      return best.side;
    }
  }
}
