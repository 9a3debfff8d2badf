import { isoToDayNumber } from '../time/ny-time.ts';
import type { EpochNs, IsoDate } from '../time/units.ts';
import { bitsToFlags, type ConditionFlag, FLAG_BIT, isConditionFlag } from './conditions.ts';
import { EVENT_TYPES, type EventType, FEED_STATES, type FeedEvent, type FeedState } from './event-types.ts';

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

class FieldError extends Error {}

/** Typed access to one JSON object's fields; a wrong or missing field throws its reason. */
function fields(r: Record<string, unknown>) {
  return {
    num(k: string): number {
      const v = r[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new FieldError(`${k} must be a number`);
      return v;
    },
    str(k: string): string {
      const v = r[k];
      if (typeof v !== 'string' || v.length === 0) throw new FieldError(`${k} must be a non-empty string`);
      return v;
    },
    optNum(k: string): number | undefined {
      const v = r[k];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new FieldError(`${k} must be a number`);
      return v;
    },
    opt(k: string): string | undefined {
      const v = r[k];
      return typeof v === 'string' ? v : undefined;
    },
    conditions(): number {
      const v = r.conditions;
      if (v === undefined || v === null) return 0;
      if (!Array.isArray(v)) throw new FieldError('conditions must be an array of flags');
      let bits = 0;
      for (const f of v) {
        if (typeof f !== 'string' || !isConditionFlag(f))
          throw new FieldError(`unknown condition flag ${JSON.stringify(f)}`);
        bits |= FLAG_BIT[f as ConditionFlag];
      }
      return bits;
    },
  };
}

/** Parses one NDJSON object into an event, or returns the reason it was rejected. */
export function parseEventObject(o: unknown): FeedEvent | string {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return 'line is not a JSON object';
  const r = o as Record<string, unknown>;
  const type = r.type;
  if (typeof type !== 'string' || !TYPES.has(type)) return `unknown event type ${JSON.stringify(type)}`;
  const t = type as EventType;
  const ts = parseIsoNs(r.ts);
  if (typeof ts === 'string') return ts;
  const f = fields(r);
  try {
    switch (t) {
      case 'option_trade':
      case 'equity_trade': {
        const key = t === 'option_trade' ? f.str('contract') : f.str('symbol');
        const price = f.num('price');
        const size = f.num('size');
        const exchange = f.str('exchange');
        const conditions = f.conditions();
        if (!(size > 0) || !(price >= 0)) return `invalid price ${price} or size ${size}`;
        const common = {
          ts,
          price,
          size,
          exchange,
          conditions,
          rawConditions: f.opt('raw_conditions'),
          id: f.opt('id'),
        };
        return t === 'option_trade'
          ? { type: t, contract: key, ...common }
          : { type: t, symbol: key, ...common };
      }
      case 'option_quote':
      case 'equity_quote': {
        const key = t === 'option_quote' ? f.str('contract') : f.str('symbol');
        const q = {
          ts,
          bid: f.num('bid'),
          ask: f.num('ask'),
          bidSize: f.num('bid_size'),
          askSize: f.num('ask_size'),
        };
        return t === 'option_quote' ? { type: t, contract: key, ...q } : { type: t, symbol: key, ...q };
      }
      case 'open_interest': {
        const date = f.str('date');
        try {
          isoToDayNumber(date);
        } catch {
          return `invalid date ${JSON.stringify(date)}`;
        }
        const multiplier = f.optNum('multiplier');
        if (multiplier !== undefined && !(Number.isInteger(multiplier) && multiplier > 0))
          return `invalid multiplier ${multiplier}`;
        return {
          type: t,
          ts,
          date: date as IsoDate,
          contract: f.str('contract'),
          oi: f.num('oi'),
          multiplier,
        };
      }
      case 'trade_cancel':
        return { type: t, ts, id: f.str('id') };
      case 'status': {
        const status = f.str('status');
        if (!STATES.has(status)) return `unknown status ${JSON.stringify(status)}`;
        return { type: t, ts, status: status as FeedState, message: f.opt('message') ?? '' };
      }
      case 'params':
        return { type: t, ts, message: f.str('message') };
    }
  } catch (e) {
    if (e instanceof FieldError) return e.message;
    throw e;
  }
}

/** One NDJSON line: its event, the reason it was rejected, or null for a blank line. */
export function parseNdjsonLine(line: string): FeedEvent | string | null {
  const s = line.trim();
  if (s === '') return null;
  let o: unknown;
  try {
    o = JSON.parse(s);
  } catch (e) {
    return `invalid JSON: ${(e as Error).message}`;
  }
  return parseEventObject(o);
}

/** Parses NDJSON text; malformed lines are reported with file and line and skipped. */
export function parseNdjson(text: string, file: string): { events: FeedEvent[]; errors: NdjsonError[] } {
  const events: FeedEvent[] = [];
  const errors: NdjsonError[] = [];
  text.split('\n').forEach((line, i) => {
    const ev = parseNdjsonLine(line);
    if (typeof ev === 'string') errors.push(new NdjsonError(file, i + 1, ev));
    else if (ev) events.push(ev);
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
      return JSON.stringify({
        type: e.type,
        ts,
        date: e.date,
        contract: e.contract,
        oi: e.oi,
        ...(e.multiplier !== undefined ? { multiplier: e.multiplier } : {}),
      });
    case 'trade_cancel':
      return JSON.stringify({ type: e.type, ts, id: e.id });
    case 'status':
      return JSON.stringify({ type: e.type, ts, status: e.status, message: e.message });
    case 'params':
      return JSON.stringify({ type: e.type, ts, message: e.message });
  }
}
