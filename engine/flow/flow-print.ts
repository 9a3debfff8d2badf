import type { Side } from '../enrich/side.ts';

/** What clustering and classification read of one enriched option print. */
export interface FlowPrint {
  /** Row id in `_option_trades` (arrival order). */
  readonly rid: number;
  readonly tsNs: bigint;
  /** Event time in epoch milliseconds (sub-millisecond part kept to about a microsecond). */
  readonly t0: number;
  readonly t1: number;
  readonly tradeDate: number;
  readonly contract: string;
  readonly underlying: string;
  readonly expiry: number;
  readonly right: 'C' | 'P';
  readonly strike: number;
  readonly multiplier: number;
  readonly price: number;
  readonly size: number;
  readonly premium: number;
  readonly exchange: string;
  readonly bits: number;
  readonly id: string | null;
  readonly side: Side;
  readonly aggressor: 'buy' | 'sell' | null;
  readonly dte: number;
  readonly spot: number | null;
  readonly otmPct: number | null;
  readonly oi: number | null;
  readonly delta: number | null;
  readonly gamma: number | null;
}

const cmpStr = (a: string | null, b: string | null) => (a === b ? 0 : (a ?? '') < (b ?? '') ? -1 : 1);

/**
 * The canonical order of prints: time, then every field that tells two prints apart, never arrival
 * order, so prints that share a timestamp cluster the same whatever order they arrived in.
 */
export function comparePrints(a: FlowPrint, b: FlowPrint): number {
  if (a.t0 !== b.t0) return a.t0 - b.t0;
  if (a.tsNs !== b.tsNs) return a.tsNs < b.tsNs ? -1 : 1;
  return (
    cmpStr(a.contract, b.contract) ||
    cmpStr(a.exchange, b.exchange) ||
    a.price - b.price ||
    a.size - b.size ||
    a.bits - b.bits ||
    cmpStr(a.id, b.id)
  );
}
