import type { Table } from 'apache-arrow';
import { cellMs } from '../format.ts';

/** A query result as numeric columns (timestamps in epoch ms, dates in epoch ms, text kept as text). */
export interface ChartData {
  readonly n: number;
  readonly columns: readonly string[];
  num(name: string): (number | null)[];
  text(name: string): string[];
  has(name: string): boolean;
}

export function chartData(t: Table): ChartData {
  const columns = t.schema.fields.map((f) => f.name);
  const num = (name: string) => {
    const v = t.getChild(name);
    const out: (number | null)[] = [];
    for (let i = 0; i < t.numRows; i++) {
      const x: unknown = v?.get(i);
      out.push(x === null || x === undefined ? null : x instanceof Date ? x.getTime() : cellMs(x));
    }
    return out;
  };
  const text = (name: string) => {
    const v = t.getChild(name);
    const out: string[] = [];
    for (let i = 0; i < t.numRows; i++) out.push(String(v?.get(i) ?? ''));
    return out;
  };
  return { n: t.numRows, columns, num, text, has: (name) => columns.includes(name) };
}
