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
] as const;
export type Side = (typeof SIDES)[number];
export type Sentiment = 'bullish' | 'bearish' | 'neutral';

/** Price tolerance when comparing a print to the quote (prices are in cents; floats are not exact). */
const EPS = 1e-6;

/**
 * Quote-rule side of a print against the prevailing NBBO. A crossed or missing quote gives
 * `no_quote`. A price exactly at the midpoint is `mid`; between the midpoint and a side it leans
 * (`to_ask` / `to_bid`), the usual convention for options where many prints fill inside the spread.
 */
export function quoteSide(price: number, bid: number | null, ask: number | null): Side {
  if (bid === null || ask === null || !(ask > 0) || bid > ask + EPS) return 'no_quote';
  if (price > ask + EPS) return 'above_ask';
  if (Math.abs(price - ask) <= EPS) return 'at_ask';
  if (price < bid - EPS) return 'below_bid';
  if (Math.abs(price - bid) <= EPS) return 'at_bid';
  const mid = (bid + ask) / 2;
  if (Math.abs(price - mid) <= EPS) return 'mid';
  return price > mid ? 'to_ask' : 'to_bid';
}

const ASK_SIDE = new Set<Side>(['above_ask', 'at_ask', 'to_ask']);
const BID_SIDE = new Set<Side>(['below_bid', 'at_bid', 'to_bid']);

/** Calls bought or puts sold are bullish; calls sold or puts bought bearish; the rest neutral. */
export function sentimentOf(right: Right, side: Side): Sentiment {
  if (ASK_SIDE.has(side)) return right === 'C' ? 'bullish' : 'bearish';
  if (BID_SIDE.has(side)) return right === 'C' ? 'bearish' : 'bullish';
  return 'neutral';
}
