import { formatNyTime } from '../engine/index.ts';

/** Epoch ms of an Arrow timestamp cell (arrow JS yields ms numbers, or bigint ns for some paths). */
export const cellMs = (v: unknown): number => (typeof v === 'bigint' ? Number(v) / 1e6 : Number(v));

export const fmtTime = (v: unknown): string => formatNyTime(cellMs(v));

export const fmtDate = (v: unknown): string => {
  const ms = cellMs(v);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : '';
};

export function fmtMoney(v: unknown): string {
  const n = Number(v);
  if (!Number.isFinite(n)) return '';
  if (n >= 1e6) return `$${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `$${(n / 1e3).toFixed(1)}K`;
  return `$${n.toFixed(0)}`;
}

export const fmtPrice = (v: unknown): string => (v === null || v === undefined ? '—' : Number(v).toFixed(2));

export const fmtInt = (v: unknown): string =>
  v === null || v === undefined ? '—' : Number(v).toLocaleString('en-US', { maximumFractionDigits: 0 });

export function fmtCell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(8).replace(/\.?0+$/, '');
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && typeof (v as { toArray?: unknown }).toArray === 'function') {
    return `[${[...(v as { toArray(): Iterable<unknown> }).toArray()].map(fmtCell).join(', ')}]`;
  }
  return String(v);
}

/** A byte count in MB (MiB), one decimal. */
export const fmtMb = (n: number): string => `${(n / 1024 ** 2).toFixed(1)} MB`;
