import { type ConditionFlag, FLAG_BIT, bitsToFlags, isConditionFlag } from './conditions.ts';
import { EVENT_TYPES, type EventType, FEED_STATES, type FeedEvent } from './event-types.ts';
import type { EpochNs, IsoDate } from '../time/units.ts';
import { isoToDayNumber } from '../time/ny-time.ts';

/** One rejected NDJSON line. */
export class NdjsonError extends Error {
  override readonly name = 'NdjsonError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}

const ISO_TS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|\+00:00)$/;
const TYPES = new Set<string>(EVENT_TYPES);
const STATES = new Set<string>(FEED_STATES);

/** `2026-11-20T14:30:00.123456789Z` → ns since the epoch. UTC only, up to 9 fractional digits. */
export function parseIsoNs(s: unknown): EpochNs | string {
  if (typeof s !== 'string') return 'ts must be an ISO-8601 UTC string';
  const m = ISO_TS.exec(s);
  if (!m) return `invalid ts ${JSON.stringify(s)} (want YYYY-MM-DDTHH:MM:SS[.fffffffff]Z)`;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  const back = new Date(ms);
  if (Number.isNaN(ms) || back.getUTCDate() !== Number(m[3]) || Number(m[4]) > 23 || Number(m[6]) > 59) {
    return `invalid ts ${JSON.stringify(s)}`;
  }
  const frac = BigInt((m[7] ?? '').padEnd(9, '0'));
  return (BigInt(ms) * 1_000_000n + frac) as EpochNs;
}

export function formatIsoNs(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0');
  return `${new Date(Number(ms)).toISOString().slice(0, 19)}.${frac}Z`;
}

const num = (o: Record<string, unknown>, k: string): number | string => {
  const v = o[k];
  return typeof v === 'number' && Number.isFinite(v) ? v : `${k} must be a number`;
};
const str = (o: Record<string, unknown>, k: string): string | string[] => {
  const v = o[k];
  return typeof v === 'string' && v.length > 0 ? v : [`${k} must be a non-empty string`];
};

function conditions(o: Record<string, unknown>): number | string {
  const v = o.conditions;
  if (v === undefined || v === null) return 0;
  if (!Array.isArray(v)) return 'conditions must be an array of flags';
  let bits = 0;
  for (const f of v) {
    if (typeof f !== 'string' || !isConditionFlag(f)) return `unknown condition flag ${JSON.stringify(f)}`;
    bits |= FLAG_BIT[f as ConditionFlag];
  }
  return bits;
}

/** Parses one NDJSON object into an event, or returns the reason it was rejected. */
export function parseEventObject(o: unknown): FeedEvent | string {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return 'line is not a JSON object';
  const r = o as Record<string, unknown>;
  const type = r.type;
  if (typeof type !== 'string' || !TYPES.has(type)) return `unknown event type ${JSON.stringify(type)}`;
  const t = type as EventType;
  const ts = t === 'open_interest' && r.ts === undefined ? 0n : parseIsoNs(r.ts);
  if (typeof ts === 'string') return ts;
  const fields: Record<string, number | string | string[]> = {};
  const need = (k: string, kind: 'num' | 'str') => {
    fields[k] = kind === 'num' ? num(r, k) : str(r, k);
  };
  switch (t) {
    case 'option_trade':
    case 'equity_trade':
      need(t === 'option_trade' ? 'contract' : 'symbol', 'str');
      need('price', 'num');
      need('size', 'num');
      need('exchange', 'str');
      break;
    case 'option_quote':
    case 'equity_quote':
      need(t === 'option_quote' ? 'contract' : 'symbol', 'str');
      for (const k of ['bid', 'ask', 'bid_size', 'ask_size']) need(k, 'num');
      break;
    case 'open_interest':
      need('contract', 'str');
      need('oi', 'num');
      need('date', 'str');
      break;
    case 'trade_cancel':
      need('id', 'str');
      break;
    case 'status':
      need('status', 'str');
      break;
  }
  for (const [, v] of Object.entries(fields)) {
    if (Array.isArray(v)) return v[0] ?? 'invalid field';
    if (typeof v === 'string' && v.endsWith('must be a number')) return v;
  }
  const f = fields as Record<string, never>;
  const id = typeof r.id === 'string' ? r.id : undefined;
  const raw = typeof r.raw_conditions === 'string' ? r.raw_conditions : undefined;
  switch (t) {
    case 'option_trade':
    case 'equity_trade': {
      const bits = conditions(r);
      if (typeof bits === 'string') return bits;
      if (!(f.size > 0) || !(f.price >= 0)) return `invalid price ${f.price} or size ${f.size}`;
      return t === 'option_trade'
        ? { type: t, ts, contract: f.contract, price: f.price, size: f.size, exchange: f.exchange, conditions: bits, rawConditions: raw, id }
        : { type: t, ts, symbol: f.symbol, price: f.price, size: f.size, exchange: f.exchange, conditions: bits, rawConditions: raw, id };
    }
    case 'option_quote':
      return { type: t, ts, contract: f.contract, bid: f.bid, ask: f.ask, bidSize: f.bid_size, askSize: f.ask_size };
    case 'equity_quote':
      return { type: t, ts, symbol: f.symbol, bid: f.bid, ask: f.ask, bidSize: f.bid_size, askSize: f.ask_size };
    case 'open_interest': {
      try {
        isoToDayNumber(f.date);
      } catch {
        return `invalid date ${JSON.stringify(f.date)}`;
      }
      return { type: t, ts, date: f.date as IsoDate, contract: f.contract, oi: f.oi };
    }
    case 'trade_cancel':
      return { type: t, ts, id: f.id };
    case 'status': {
      const s = f.status as string;
      if (!STATES.has(s)) return `unknown status ${JSON.stringify(s)}`;
      return { type: t, ts, status: s as never, message: typeof r.message === 'string' ? r.message : '' };
    }
  }
}

/** Parses NDJSON text; malformed lines are reported with file and line and skipped. */
export function parseNdjson(text: string, file: string): { events: FeedEvent[]; errors: NdjsonError[] } {
  const events: FeedEvent[] = [];
  const errors: NdjsonError[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const s = line.trim();
    if (s === '') return;
    let o: unknown;
    try {
      o = JSON.parse(s);
    } catch (e) {
      errors.push(new NdjsonError(file, i + 1, `invalid JSON: ${(e as Error).message}`));
      return;
    }
    const ev = parseEventObject(o);
    if (typeof ev === 'string') errors.push(new NdjsonError(file, i + 1, ev));
    else events.push(ev);
  });
  return { events, errors };
}

/** The NDJSON form of an event (snake_case fields, ISO-8601 UTC time with 9 fractional digits). */
export function toNdjsonLine(e: FeedEvent): string {
  const ts = formatIsoNs(e.ts);
  switch (e.type) {
    case 'option_trade':
    case 'equity_trade':
      return JSON.stringify({
        type: e.type,
        ts,
        ...(e.type === 'option_trade' ? { contract: e.contract } : { symbol: e.symbol }),
        price: e.price,
        size: e.size,
        exchange: e.exchange,
        conditions: bitsToFlags(e.conditions),
        ...(e.rawConditions ? { raw_conditions: e.rawConditions } : {}),
        ...(e.id ? { id: e.id } : {}),
      });
    case 'option_quote':
    case 'equity_quote':
      return JSON.stringify({
        type: e.type,
        ts,
        ...(e.type === 'option_quote' ? { contract: e.contract } : { symbol: e.symbol }),
        bid: e.bid,
        ask: e.ask,
        bid_size: e.bidSize,
        ask_size: e.askSize,
      });
    case 'open_interest':
      return JSON.stringify({ type: e.type, ts, date: e.date, contract: e.contract, oi: e.oi });
    case 'trade_cancel':
      return JSON.stringify({ type: e.type, ts, id: e.id });
    case 'status':
      return JSON.stringify({ type: e.type, ts, status: e.status, message: e.message });
  }
}
