import { RecordBatchReader } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { SimMarket } from '../sim/market.ts';
import { encodeEvents } from './event-encoder.ts';
import { EventView, type Utf8Sink } from './event-view.ts';

describe('EventView', () => {
  it('reads a sliced batch (RecordBatch.slice) as the rows of the whole one', () => {
    const start = Date.UTC(2026, 10, 20, 14, 30);
    const market = new SimMarket({ seed: 3, rate: 200, startMs: start });
    const batch = [...RecordBatchReader.from(encodeEvents(market.take(start + 20_000)))][0]!;
    const whole = new EventView(batch);
    const from = batch.numRows - 5001;
    const part = new EventView(batch.slice(from, from + 3000));
    const ids: (string | null)[] = [];
    const sink: Utf8Sink = {
      set: (_i, v) => ids.push(v ?? null),
      setBytes: (_i, b, s, e) => ids.push(new TextDecoder().decode(b.subarray(s, e))),
    };
    let trades = 0;
    for (let i = 0; i < part.length; i++) {
      const j = from + i;
      expect(part.type(i)).toBe(whole.type(j));
      expect(part.tsNs(i)).toBe(whole.tsNs(j));
      expect(part.contract(i)).toBe(whole.contract(j));
      expect(part.contractKey?.at(i)).toBe(whole.contractKey?.at(j));
      expect(part.symbol(i)).toBe(whole.symbol(j));
      expect(part.price(i)).toBe(whole.price(j));
      expect(part.size(i)).toBe(whole.size(j));
      expect(part.bid(i)).toBe(whole.bid(j));
      expect(part.date(i)).toBe(whole.date(j));
      part.copyId(i, sink, 0);
      expect(ids.pop()).toBe(whole.id(j));
      if (part.type(i) === 'option_trade') trades += 1;
    }
    expect(trades).toBeGreaterThan(100);
    expect(part.rowsOf('option_trade')).toHaveLength(trades);
    expect(part.rowsOf('params')).toEqual([]);
  });
});
