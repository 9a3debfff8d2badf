import { type FeedEvent, flagsToBits } from '../../../engine/index.ts';
import type { EpochNs } from '../../../engine/index.ts';
import { optionConditionFlags, optionVenueOf, STOCK_CONDITION_FLAGS, stockVenueOf } from './codes.ts';
import { bump, type FeedStats, newFeedStats } from '../feed-stats.ts';

export type MassiveMarket = 'options' | 'stocks';

/** A `status` message from the server (connection, auth, subscription, disconnect notices). */
export interface MassiveStatus {
  readonly status: string;
  readonly message: string;
}

export type NormalizeStats = FeedStats;
export const newNormalizeStats = (): NormalizeStats => newFeedStats();

const msToNs = (ms: number): EpochNs => (BigInt(Math.round(ms * 1000)) * 1000n) as EpochNs;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const ints = (v: unknown): number[] =>
  Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x)) : [];

/** A stock quote's sizes are documented in round lots (polygon-massive.md §7). */
const ROUND_LOT = 100;

/**
 * One Massive WebSocket text frame (a JSON array of events) → normalized events and status messages.
 * Options `T`/`Q` and stocks `T`/`Q` are mapped; aggregates and other event types are counted as
 * ignored; a malformed frame or element is counted and skipped, never thrown.
 */
export function normalizeFrame(
  text: string,
  market: MassiveMarket,
  stats: NormalizeStats,
): { events: FeedEvent[]; statuses: MassiveStatus[] } {
  const events: FeedEvent[] = [];
  const statuses: MassiveStatus[] = [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    stats.malformed += 1;
    return { events, statuses };
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  for (const item of items) {
    if (typeof item !== 'object' || item === null) {
      stats.malformed += 1;
      continue;
    }
    const o = item as Record<string, unknown>;
    const ev = o.ev;
    if (ev === 'status') {
      statuses.push({ status: String(o.status ?? ''), message: String(o.message ?? '') });
      continue;
    }
    const e =
      ev === 'T'
        ? market === 'options'
          ? optionTrade(o, stats)
          : stockTrade(o, stats)
        : ev === 'Q'
          ? quote(o, market)
          : undefined;
    if (ev !== 'T' && ev !== 'Q') bump(stats.ignored, String(ev));
    else if (e === null) stats.malformed += 1;
    else if (e) events.push(e);
  }
  return { events, statuses };
}

function venue(stats: NormalizeStats, id: number | undefined, mic: string | undefined, market: string) {
  if (mic !== undefined) return mic;
  const raw = `massive:${market}:${id ?? '?'}`;
  bump(stats.unknownVenues, raw);
  return raw;
}

/** The fields every Massive print has (symbol, price, size, ms time), or null when one is missing. */
function print(o: Record<string, unknown>) {
  const sym = str(o.sym);
  const p = num(o.p);
  const s = num(o.s);
  const t = num(o.t);
  return sym === undefined || p === undefined || s === undefined || t === undefined ? null : { sym, p, s, t };
}

function optionTrade(o: Record<string, unknown>, stats: NormalizeStats): FeedEvent | null {
  const f = print(o);
  if (f === null) return null;
  const { sym, p, s, t } = f;
  const ids = ints(o.c);
  const { flags, unknown } = optionConditionFlags(ids);
  for (const u of unknown) bump(stats.unknownConditions, `options:${u}`);
  const x = num(o.x);
  return {
    type: 'option_trade',
    ts: msToNs(t),
    contract: sym,
    price: p,
    size: s,
    exchange: venue(stats, x, x === undefined ? undefined : optionVenueOf(x), 'options'),
    conditions: flagsToBits(flags),
    rawConditions: ids.join(','),
    id: `${sym}:${num(o.q) ?? t}`,
  };
}

function stockTrade(o: Record<string, unknown>, stats: NormalizeStats): FeedEvent | null {
  const f = print(o);
  if (f === null) return null;
  const { sym, p, s, t } = f;
  const ids = ints(o.c);
  let bits = s < 100 ? flagsToBits(['ODD_LOT']) : 0;
  for (const id of ids) {
    const f = STOCK_CONDITION_FLAGS[id];
    if (f) bits |= flagsToBits([f]);
  }
  const x = num(o.x);
  const trfi = num(o.trfi);
  return {
    type: 'equity_trade',
    ts: msToNs(t),
    symbol: sym,
    price: p,
    size: s,
    exchange: venue(stats, x, x === undefined ? undefined : stockVenueOf(x, trfi), 'stocks'),
    conditions: bits,
    rawConditions: ids.join(','),
    id: str(o.i) ?? `${sym}:${num(o.q) ?? t}`,
  };
}

function quote(o: Record<string, unknown>, market: MassiveMarket): FeedEvent | null {
  const sym = str(o.sym);
  const bid = num(o.bp);
  const ask = num(o.ap);
  const t = num(o.t);
  if (sym === undefined || bid === undefined || ask === undefined || t === undefined) return null;
  const lot = market === 'stocks' ? ROUND_LOT : 1;
  const fields = {
    ts: msToNs(t),
    bid,
    ask,
    bidSize: (num(o.bs) ?? 0) * lot,
    askSize: (num(o.as) ?? 0) * lot,
  };
  return market === 'options'
    ? { type: 'option_quote', contract: sym, ...fields }
    : { type: 'equity_quote', symbol: sym, ...fields };
}
