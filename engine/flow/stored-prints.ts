import { tableFromIPC, type Vector } from 'apache-arrow';
import type { Connector } from '../db/connector.ts';
import type { Side } from '../enrich/side.ts';
import type { FlowPrint } from './flow-print.ts';

const COLUMNS = `rid, epoch_ns(ts) AS ts_ns, CAST(trade_date - DATE '1970-01-01' AS INTEGER) AS trade_day,
  contract, underlying, CAST(expiry - DATE '1970-01-01' AS INTEGER) AS expiry_day, put_call, strike, multiplier,
  price, size, premium, exchange, condition_bits, id, side, aggressor, dte, spot, otm_pct, oi, delta, gamma`;

/**
 * The live (not cancelled) prints of `_option_trades` with row id above `afterRid`, in arrival order,
 * at most `limit`, as clustering reads them: what a parameter change regroups, read back from DuckDB
 * instead of being kept in memory for the whole day.
 */
export function storedPrints(db: Connector, afterRid: number, limit: number): FlowPrint[] {
  const t = tableFromIPC(
    db.query(
      `SELECT ${COLUMNS} FROM _option_trades WHERE NOT cancelled AND rid > ${afterRid} ORDER BY rid LIMIT ${limit}`,
    ),
  );
  const out: FlowPrint[] = [];
  for (const b of t.batches) {
    const col = (name: string): Vector => {
      const v = b.getChild(name);
      if (!v) throw new Error(`_option_trades read back without ${name}`);
      return v;
    };
    const num = (name: string) => {
      const v = col(name);
      return (i: number): number | null => {
        const x = v.get(i) as number | bigint | null;
        return x === null ? null : Number(x);
      };
    };
    const str = (name: string) => {
      const v = col(name);
      return (i: number) => v.get(i) as string | null;
    };
    const rid = num('rid');
    const ts = col('ts_ns');
    const [day, contract, underlying, expiry, right, strike, multiplier] = [
      num('trade_day'),
      str('contract'),
      str('underlying'),
      num('expiry_day'),
      str('put_call'),
      num('strike'),
      num('multiplier'),
    ];
    const [price, size, premium, exchange, bits, id, side, aggressor] = [
      num('price'),
      num('size'),
      num('premium'),
      str('exchange'),
      num('condition_bits'),
      str('id'),
      str('side'),
      str('aggressor'),
    ];
    const [dte, spot, otmPct, oi, delta, gamma] = [
      num('dte'),
      num('spot'),
      num('otm_pct'),
      num('oi'),
      num('delta'),
      num('gamma'),
    ];
    for (let i = 0; i < b.numRows; i++) {
      const tsNs = ts.get(i) as bigint;
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
  return out;
}
