import type { Right } from '../contract/osi.ts';

export const SIDES = [
  'above_ask',
  'at_ask',
  'to_ask',
  'mid',
  'to_bid',
  'at_bid',
  'below_bid',
  'no_quote',
  'stale_quote',
] as const;
export type Side = (typeof SIDES)[number];
export type Sentiment = 'bullish' | 'bearish' | 'neutral';
export type Aggressor = 'buy' | 'sell';
/** Which rule decided the aggressor: the quote rule, the tick test, or neither (null). */
export type SideMethod = 'quote' | 'tick';

/** Price tolerance when comparing a print to the quote (prices are in cents; floats are not exact). */
export const PRICE_EPS = 1e-6;

/**
 * Quote-rule side of a print against a usable NBBO (bid < ask, ask > 0). A price exactly at the
 * midpoint is `mid`; between the midpoint and a side it leans (`to_ask` / `to_bid`), the usual
 * convention for options where many prints fill inside the spread.
 */
export function quoteSide(price: number, bid: number, ask: number): Side {
  if (price > ask + PRICE_EPS) return 'above_ask';
  if (Math.abs(price - ask) <= PRICE_EPS) return 'at_ask';
  if (price < bid - PRICE_EPS) return 'below_bid';
  if (Math.abs(price - bid) <= PRICE_EPS) return 'at_bid';
  const mid = (bid + ask) / 2;
  if (Math.abs(price - mid) <= PRICE_EPS) return 'mid';
  return price > mid ? 'to_ask' : 'to_bid';
}

/** A quote the quote rule can use: two-sided, not crossed and not locked. */
export const usableQuote = (bid: number, ask: number): boolean =>
  ask > 0 && bid >= 0 && ask - bid > PRICE_EPS;

export function aggressorOfSide(side: Side): Aggressor | null {
  switch (side) {
    case 'above_ask':
    case 'at_ask':
    case 'to_ask':
      return 'buy';
    case 'below_bid':
    case 'at_bid':
    case 'to_bid':
      return 'sell';
    case 'mid':
    case 'no_quote':
    case 'stale_quote':
      return null;
  }
}

/** Calls bought or puts sold are bullish; calls sold or puts bought bearish; the rest neutral. */
export function sentimentOf(right: Right, side: Side): Sentiment {
  const a = aggressorOfSide(side);
  if (a === null) return 'neutral';
  return (a === 'buy') === (right === 'C') ? 'bullish' : 'bearish';
}

/**
 * Tick test (Lee & Ready 1991): a print above the previous different price in the contract is a
 * buy, below it a sell. `lastPrice` is the previous print; `lastDirection` the sign of the last
 * non-zero price change (for zero ticks), 0 when unknown.
 */
export function tickTest(price: number, lastPrice: number, lastDirection: number): Aggressor | null {
  const d = price > lastPrice + PRICE_EPS ? 1 : price < lastPrice - PRICE_EPS ? -1 : lastDirection;
  return d > 0 ? 'buy' : d < 0 ? 'sell' : null;
}
