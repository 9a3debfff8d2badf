import { type RecordBatch, RecordBatchReader, type Vector } from 'apache-arrow';
import type { Side } from '../enrich/side.ts';
import type { FlowPrint } from './flow-print.ts';

/** The `_option_trades` columns clustering reads, by their table names. */
export const PRINT_COLUMNS = [
  'rid',
  'ts',
  'trade_date',
  'contract',
  'underlying',
  'expiry',
  'put_call',
  'strike',
  'multiplier',
  'price',
  'size',
  'premium',
  'exchange',
  'condition_bits',
  'id',
  'side',
  'aggressor',
  'dte',
  'spot',
  'otm_pct',
  'oi',
  'delta',
  'gamma',
] as const;

type Column = (typeof PRINT_COLUMNS)[number];

/**
 * The prints of `_option_trades` rows as clustering reads them, from Arrow IPC bytes holding at least
 * PRINT_COLUMNS: the enricher's batches, or rows read back from DuckDB (a regroup). Both give the
 * same prints, so flows built in another worker from the bytes match flows built in place.
 */
export function printsOfTrades(ipc: Uint8Array): FlowPrint[] {
  const out: FlowPrint[] = [];
  for (const b of RecordBatchReader.from(ipc)) if (b.numRows > 0) readBatch(b, out);
  return out;
}

function readBatch(b: RecordBatch, out: FlowPrint[]): void {
  const col = (name: Column): Vector => {
    const v = b.getChild(name);
    if (!v) throw new Error(`option trades without column ${name}`);
    return v;
  };
  // Raw values: Arrow JS reads timestamps and dates as milliseconds, losing nanoseconds.
  const num = (name: Column) => {
    const v = col(name);
    const values = v.data[0]!.values as ArrayLike<number | bigint>;
    return (i: number): number | null => (v.isValid(i) ? Number(values[i]) : null);
  };
  const str = (name: Column) => {
    const v = col(name);
    return (i: number) => v.get(i) as string | null;
  };
  const ts = col('ts').data[0]!.values as BigInt64Array;
  const [rid, day, expiry, strike, multiplier, price, size, premium, bits] = [
    num('rid'),
    num('trade_date'),
    num('expiry'),
    num('strike'),
    num('multiplier'),
    num('price'),
    num('size'),
    num('premium'),
    num('condition_bits'),
  ];
  const [dte, spot, otmPct, oi, delta, gamma] = [
    num('dte'),
    num('spot'),
    num('otm_pct'),
    num('oi'),
    num('delta'),
    num('gamma'),
  ];
  const [contract, underlying, right, exchange, id, side, aggressor] = [
    str('contract'),
    str('underlying'),
    str('put_call'),
    str('exchange'),
    str('id'),
    str('side'),
    str('aggressor'),
  ];
  for (let i = 0; i < b.numRows; i++) {
    const tsNs = ts[i]!;
    const tsMs = Number(tsNs) / 1e6;
    out.push({
      rid: rid(i)!,
      tsNs,
      t0: tsMs,
      t1: tsMs,
      tradeDate: day(i)!,
      contract: contract(i)!,
      underlying: underlying(i)!,
      expiry: expiry(i)!,
      right: right(i) as 'C' | 'P',
      strike: strike(i)!,
      multiplier: multiplier(i)!,
      price: price(i)!,
      size: size(i)!,
      premium: premium(i)!,
      exchange: exchange(i) ?? '',
      bits: bits(i) ?? 0,
      id: id(i),
      side: side(i) as Side,
      aggressor: aggressor(i) as 'buy' | 'sell' | null,
      dte: dte(i)!,
      spot: spot(i),
      otmPct: otmPct(i),
      oi: oi(i),
      delta: delta(i),
      gamma: gamma(i),
    });
  }
}
