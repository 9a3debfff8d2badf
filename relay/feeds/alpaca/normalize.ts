import {
  type EpochNs,
  type FeedEvent,
  flagsToBits,
  OPTION_VENUES,
  opraTradeTypeFlags,
} from '../../../engine/index.ts';
import { decode, type MsgpackValue, MsgpackTimestamp } from './msgpack.ts';
import { bump, type FeedStats, newFeedStats } from '../feed-stats.ts';

export type AlpacaMarket = 'options' | 'stocks';

export interface AlpacaControl {
  readonly T: 'success' | 'error' | 'subscription';
  readonly msg: string;
  readonly code: number | null;
}

export type AlpacaStats = FeedStats;
export const newAlpacaStats = (): AlpacaStats => newFeedStats();

/** CTA/UTP participant letters of Alpaca's stock stream → MIC; D is FINRA's ADF/TRF (off-exchange). */
const STOCK_VENUES: Readonly<Record<string, string>> = {
  A: 'XASE',
  B: 'XBOS',
  C: 'XCIS',
  D: 'XADF',
  H: 'EPRL',
  I: 'XISE',
  J: 'EDGA',
  K: 'EDGX',
  L: 'LTSE',
  M: 'XCHI',
  N: 'XNYS',
  P: 'ARCX',
  Q: 'XNAS',
  T: 'XNAS',
  U: 'MEMX',
  V: 'IEXG',
  X: 'XPHL',
  Y: 'BATY',
  Z: 'BATS',
};
/** CTA/UTP sale conditions that map to a flag: F intermarket sweep, I odd lot, T/U Form T (extended hours). */
const STOCK_FLAGS = { F: 'ISO', I: 'ODD_LOT', T: 'EXTENDED_HOURS', U: 'EXTENDED_HOURS' } as const;
const OPRA_MIC = new Map<string, string>(OPTION_VENUES.map((v) => [v.opra, v.mic]));

const num = (v: MsgpackValue | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: MsgpackValue | undefined) => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** Alpaca's time: a msgpack Timestamp, or an RFC 3339 string on JSON streams, → epoch ns. */
function tsOf(v: MsgpackValue | undefined): EpochNs | undefined {
  if (v instanceof MsgpackTimestamp) return v.ns as EpochNs;
  if (typeof v !== 'string') return undefined;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(v);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}Z`);
  return Number.isNaN(ms)
    ? undefined
    : ((BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'))) as EpochNs);
}

/** One Alpaca frame (msgpack, or JSON text on a stock stream) → events and control messages. */
export function normalizeAlpacaFrame(
  data: Uint8Array | string,
  market: AlpacaMarket,
  stats: AlpacaStats,
): { events: FeedEvent[]; controls: AlpacaControl[] } {
  const events: FeedEvent[] = [];
  const controls: AlpacaControl[] = [];
  let parsed: unknown;
  try {
    parsed = typeof data === 'string' ? JSON.parse(data) : decode(data);
  } catch {
    stats.malformed += 1;
    return { events, controls };
  }
  for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
    if (
      typeof item !== 'object' ||
      item === null ||
      item instanceof Uint8Array ||
      item instanceof MsgpackTimestamp
    ) {
      stats.malformed += 1;
      continue;
    }
    const o = item as Record<string, MsgpackValue>;
    const T = o.T;
    if (T === 'success' || T === 'error' || T === 'subscription') {
      controls.push({ T, msg: String(o.msg ?? ''), code: num(o.code) ?? null });
      continue;
    }
    const e = T === 't' ? trade(o, market, stats) : T === 'q' ? quote(o, market) : undefined;
    if (e === undefined) bump(stats.ignored, String(T));
    else if (e === null) stats.malformed += 1;
    else events.push(e);
  }
  return { events, controls };
}

function venue(stats: AlpacaStats, market: AlpacaMarket, x: string | undefined): string {
  const mic = x === undefined ? undefined : market === 'options' ? OPRA_MIC.get(x) : STOCK_VENUES[x];
  if (mic) return mic;
  const raw = `alpaca:${market}:${x ?? '?'}`;
  bump(stats.unknownVenues, raw);
  return raw;
}

function trade(o: Record<string, MsgpackValue>, market: AlpacaMarket, stats: AlpacaStats): FeedEvent | null {
  const sym = str(o.S);
  const p = num(o.p);
  const s = num(o.s);
  const ts = tsOf(o.t);
  if (sym === undefined || p === undefined || s === undefined || ts === undefined) return null;
  const exchange = venue(stats, market, str(o.x));
  if (market === 'options') {
    const c = typeof o.c === 'string' ? o.c : '';
    const flags = opraTradeTypeFlags(c);
    if (flags === undefined) bump(stats.unknownConditions, `options:${c}`);
    return {
      type: 'option_trade',
      ts,
      contract: sym,
      price: p,
      size: s,
      exchange,
      conditions: flagsToBits(flags ?? []),
      rawConditions: c,
      id: `${sym}:${ts}:${exchange}`,
    };
  }
  const conds = Array.isArray(o.c) ? o.c.filter((x): x is string => typeof x === 'string') : [];
  let bits = s < 100 ? flagsToBits(['ODD_LOT']) : 0;
  for (const c of conds) {
    const f = STOCK_FLAGS[c as keyof typeof STOCK_FLAGS];
    if (f) bits |= flagsToBits([f]);
  }
  const id = o.i;
  return {
    type: 'equity_trade',
    ts,
    symbol: sym,
    price: p,
    size: s,
    exchange,
    conditions: bits,
    rawConditions: conds.join(''),
    id: typeof id === 'number' || typeof id === 'bigint' ? `${sym}:${id}` : `${sym}:${ts}`,
  };
}

function quote(o: Record<string, MsgpackValue>, market: AlpacaMarket): FeedEvent | null {
  const sym = str(o.S);
  const bid = num(o.bp);
  const ask = num(o.ap);
  const ts = tsOf(o.t);
  if (sym === undefined || bid === undefined || ask === undefined || ts === undefined) return null;
  const fields = { ts, bid, ask, bidSize: num(o.bs) ?? 0, askSize: num(o.as) ?? 0 };
  return market === 'options'
    ? { type: 'option_quote', contract: sym, ...fields }
    : { type: 'equity_quote', symbol: sym, ...fields };
}
