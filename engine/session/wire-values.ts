import { type ConditionFlag, flagsToBits, isConditionFlag } from '../events/conditions.ts';
import type { WireRow } from '../events/event-encoder.ts';
import { EVENT_TYPES } from '../events/event-types.ts';
import { parseIsoNs } from '../events/ndjson.ts';
import { isoToDayNumber } from '../time/ny-time.ts';

const TYPES = new Set<string>(EVENT_TYPES);

/** A row of a table file (CSV, Parquet) read by column name, as its reader typed it. */
export type CellAt = (column: string) => unknown;

const present = (v: unknown) => v !== null && v !== undefined && v !== '';

function num(get: CellAt, col: string): number | null {
  const v = get(col);
  if (!present(v)) return null;
  const n = typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : Number(String(v).trim());
  if (!Number.isFinite(n)) throw new Error(`${col} ${JSON.stringify(String(v))} is not a number`);
  return n;
}

function str(get: CellAt, col: string): string | null {
  const v = get(col);
  return present(v) ? String(v) : null;
}

function tsNs(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (v instanceof Date) return BigInt(v.getTime()) * 1_000_000n;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  const s = String(v).trim();
  if (/^-?\d+$/.test(s)) return BigInt(s);
  const parsed = parseIsoNs(s);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

function day(v: unknown): number | null {
  if (!present(v)) return null;
  if (v instanceof Date) return Math.floor(v.getTime() / 86_400_000);
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  const s = String(v).trim();
  try {
    return isoToDayNumber(s);
  } catch {
    throw new Error(`date ${JSON.stringify(s)} is not YYYY-MM-DD`);
  }
}

/** Condition flags as the wire's bits: an integer, or flag names joined by `|` (docs/events.md). */
function conditions(v: unknown): number | null {
  if (!present(v)) return null;
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v);
  const s = String(v).trim();
  if (/^\d+$/.test(s)) return Number(s);
  const flags = s.split('|').map((f) => f.trim());
  const bad = flags.find((f) => !isConditionFlag(f));
  if (bad !== undefined) throw new Error(`unknown condition flag ${JSON.stringify(bad)}`);
  return flagsToBits(flags as ConditionFlag[]);
}

/** One table row as a wire row, or the reason it cannot be one. */
export function wireRowFrom(get: CellAt): WireRow | string {
  const type = get('type');
  if (typeof type !== 'string' || !TYPES.has(type))
    return `unknown event type ${JSON.stringify(type ?? null)}`;
  const t = get('ts');
  if (!present(t)) return 'ts is missing';
  try {
    return {
      type,
      ts: tsNs(t),
      date: day(get('date')),
      contract: str(get, 'contract'),
      symbol: str(get, 'symbol'),
      price: num(get, 'price'),
      size: num(get, 'size'),
      bid: num(get, 'bid'),
      ask: num(get, 'ask'),
      bidSize: num(get, 'bid_size'),
      askSize: num(get, 'ask_size'),
      exchange: str(get, 'exchange'),
      conditions: conditions(get('conditions')),
      rawConditions: str(get, 'raw_conditions'),
      id: str(get, 'id'),
      oi: num(get, 'oi'),
      status: str(get, 'status'),
      message: str(get, 'message'),
      multiplier: num(get, 'multiplier'),
    };
  } catch (e) {
    return (e as Error).message;
  }
}
