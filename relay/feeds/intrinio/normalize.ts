import {
  type ConditionFlag,
  type EpochNs,
  type FeedEvent,
  flagsToBits,
  type IsoDate,
  OPTION_VENUES,
  parseOsi,
} from '../../../engine/index.ts';
import { bump, type FeedStats, newFeedStats } from '../feed-stats.ts';

/** Intrinio's price scale by price type (intrinio.md §3); INT32_MAX / INT32_MIN mean no value. */
const DIVISORS = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 512, 0, 0, 0, 0, Number.NaN];
const SIZES: Readonly<Record<number, number>> = { 0: 72, 1: 52, 2: 52 };
const UNUSUAL_SIZE = 74;
const OPRA_MIC = new Map<string, string>(OPTION_VENUES.map((v) => [v.opra, v.mic]));

/** Single qualifier values → flags (intrinio.md §4); 222 with 30 is a compression, not extended hours. */
const QUALIFIERS: Readonly<Record<number, readonly ConditionFlag[]>> = {
  0: [],
  2: ['CANCEL'],
  3: ['CANCEL'],
  4: ['LATE'],
  5: ['CANCEL'],
  6: ['LATE'],
  7: ['CANCEL'],
  8: [],
  9: [],
  11: ['MULTI_LEG'],
  23: ['ISO'],
  30: ['EXTENDED_HOURS'],
  33: ['CROSS'],
  87: [],
  107: ['AUCTION'],
  123: ['STOCK_TIED'],
  136: ['FLOOR'],
  192: ['LATE'],
  222: [],
};

/** Unknown conditions are Intrinio's numeric qualifiers. */
export type IntrinioStats = FeedStats<string, number>;
export const newIntrinioStats = (): IntrinioStats => newFeedStats();

export function qualifierFlags(q: readonly number[], stats?: IntrinioStats): ConditionFlag[] {
  const set = new Set(q.filter((x) => x !== 0));
  if (set.has(222) && set.has(30)) return ['COMPRESSION'];
  const out: ConditionFlag[] = [];
  for (const x of set) {
    const f = QUALIFIERS[x];
    if (f === undefined) {
      if (stats) bump(stats.unknownConditions, x);
      continue;
    }
    for (const g of f) if (!out.includes(g)) out.push(g);
  }
  return out;
}

/**
 * One binary frame of Intrinio's options socket (intrinio.md §3): a message count, then trades,
 * quotes, refreshes (open interest) and unusual-activity messages by their fixed sizes. A trade also
 * gives the NBBO and the underlying's price at execution, sent as a quote just before it. `date` is
 * the New York date a refresh's open interest is for (refreshes carry no time).
 */
export function normalizeIntrinioFrame(
  bytes: Uint8Array,
  date: IsoDate,
  nowNs: EpochNs,
  stats: IntrinioStats,
): FeedEvent[] {
  const out: FeedEvent[] = [];
  if (bytes.length < 1) {
    stats.malformed += 1;
    return out;
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = bytes[0]!;
  let at = 1;
  for (let k = 0; k < count; k++) {
    if (at + 23 > bytes.length) {
      stats.malformed += 1;
      return out;
    }
    const type = bytes[at + 22]!;
    const size = SIZES[type] ?? (type >= 3 && type <= 6 ? UNUSUAL_SIZE : 0);
    if (size === 0 || at + size > bytes.length) {
      stats.malformed += 1;
      return out;
    }
    const n = Math.min(bytes[at]!, 21);
    const symbol = String.fromCharCode(...bytes.subarray(at + 1, at + 1 + n));
    const c = parseOsi(symbol);
    if (typeof c === 'string') stats.malformed += 1;
    else if (type === 0) trade(v, at, c.key, c.underlying, stats, out);
    else if (type === 1) {
      const ps = DIVISORS[bytes[at + 23]!] ?? 0;
      const ask = price(v.getInt32(at + 24, true), ps);
      const bid = price(v.getInt32(at + 32, true), ps);
      if (bid !== null && ask !== null)
        out.push({
          type: 'option_quote',
          ts: v.getBigUint64(at + 40, true) as EpochNs,
          contract: c.key,
          bid,
          ask,
          bidSize: v.getUint32(at + 36, true),
          askSize: v.getUint32(at + 28, true),
        });
    } else if (type === 2)
      out.push({ type: 'open_interest', ts: nowNs, date, contract: c.key, oi: v.getUint32(at + 24, true) });
    else bump(stats.ignored, `unusual:${type}`);
    at += size;
  }
  if (at !== bytes.length) stats.malformed += 1;
  return out;
}

function price(raw: number, divisor: number): number | null {
  if (raw === 2147483647 || raw === -2147483648 || !(divisor > 0)) return null;
  return raw / divisor;
}

function trade(
  v: DataView,
  at: number,
  contract: string,
  underlying: string,
  stats: IntrinioStats,
  out: FeedEvent[],
) {
  const ps = DIVISORS[v.getUint8(at + 23)] ?? 0;
  const ups = DIVISORS[v.getUint8(at + 24)] ?? 0;
  const p = price(v.getInt32(at + 25, true), ps);
  const size = v.getUint32(at + 29, true);
  const ts = v.getBigUint64(at + 33, true) as EpochNs;
  if (p === null) {
    stats.malformed += 1;
    return;
  }
  const ask = price(v.getInt32(at + 49, true), ps);
  const bid = price(v.getInt32(at + 53, true), ps);
  const spot = price(v.getInt32(at + 57, true), ups);
  const q = [0, 1, 2, 3].map((i) => v.getUint8(at + 61 + i));
  const letter = String.fromCharCode(v.getUint8(at + 65));
  const mic = OPRA_MIC.get(letter);
  if (!mic) bump(stats.unknownVenues, letter);
  if (spot !== null)
    out.push({ type: 'equity_quote', ts, symbol: underlying, bid: spot, ask: spot, bidSize: 0, askSize: 0 });
  if (bid !== null && ask !== null)
    out.push({ type: 'option_quote', ts, contract, bid, ask, bidSize: 0, askSize: 0 });
  out.push({
    type: 'option_trade',
    ts,
    contract,
    price: p,
    size,
    exchange: mic ?? `intrinio:${letter}`,
    conditions: flagsToBits(qualifierFlags(q, stats)),
    rawConditions: q.filter((x) => x !== 0).join(','),
    id: `${contract}:${ts}:${letter}`,
  });
}
