import { type Table, tableFromIPC } from 'apache-arrow';

export type OutputFormat = 'table' | 'csv' | 'json';

const cell = (v: unknown): string | number | boolean | null => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof (v as { toArray?: unknown }).toArray === 'function') {
    return JSON.stringify([...(v as { toArray(): Iterable<unknown> }).toArray()].map(cell));
  }
  return String(v);
};

function rows(t: Table): (string | number | boolean | null)[][] {
  const cols = t.schema.fields.map((f) => t.getChild(f.name));
  const out: (string | number | boolean | null)[][] = [];
  for (let i = 0; i < t.numRows; i++) out.push(cols.map((c) => cell(c?.get(i))));
  return out;
}

/** Formats an Arrow IPC result for the terminal. */
export function formatResult(ipc: Uint8Array, format: OutputFormat): string {
  const t = tableFromIPC(ipc);
  const names = t.schema.fields.map((f) => f.name);
  const data = rows(t);
  if (format === 'json') {
    return data.map((r) => JSON.stringify(Object.fromEntries(names.map((n, i) => [n, r[i]])))).join('\n');
  }
  if (format === 'csv') {
    const esc = (v: unknown) => {
      const s = v === null ? '' : String(v);
      return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
    };
    return [names.map(esc).join(','), ...data.map((r) => r.map(esc).join(','))].join('\n');
  }
  const text = [names, ...data.map((r) => r.map((v) => (v === null ? 'NULL' : String(v))))];
  const widths = names.map((_, i) => Math.min(40, Math.max(...text.map((r) => String(r[i]).length))));
  const line = (r: unknown[]) =>
    r
      .map((v, i) =>
        String(v)
          .slice(0, 40)
          .padEnd(widths[i] ?? 0),
      )
      .join(' │ ');
  return [
    line(names),
    widths.map((w) => '─'.repeat(w)).join('─┼─'),
    ...text.slice(1).map(line),
    `(${data.length} rows)`,
  ].join('\n');
}
