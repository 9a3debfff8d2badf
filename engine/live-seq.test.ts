import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from './engine.ts';
import { batchesToIpc, EventEncoder } from './events/event-encoder.ts';
import { createNodeConnector } from './node/index.ts';
import { trade } from './testing/events.ts';
import { queryRows } from './testing/query.ts';

const C = 'SPY261120C00680000';
let n = 0;
/** A relay message: one trade, with the sequence metadata the relay writes. */
function message(session: string, to: number, from = to): Uint8Array {
  const enc = new EventEncoder();
  enc.add(trade('2026-11-20T14:30:01Z', C, 2, 1, `p${++n}`));
  const meta = new Map([
    ['flowbook.seq', String(to)],
    ['flowbook.session', session],
  ]);
  if (from !== to) meta.set('flowbook.seq_from', String(from));
  return batchesToIpc([enc.finish(meta)]);
}

describe('live sequence numbers', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = createEngine({ connector: await createNodeConnector() });
  });

  it('joins mid-session without a gap, reports gaps, skips duplicates and restarts with a new relay', () => {
    const r1 = engine.ingest(message('a', 40));
    expect([r1.gap, r1.duplicate, r1.optionTrades]).toEqual([null, false, 1]);
    expect(engine.ingest(message('a', 41)).gap).toBeNull();
    const conflated = engine.ingest(message('a', 45, 42));
    expect([conflated.gap, conflated.seq]).toEqual([null, { session: 'a', from: 42, to: 45 }]);
    const dup = engine.ingest(message('a', 44));
    expect([dup.duplicate, dup.optionTrades, dup.rows]).toEqual([true, 0, 0]);
    expect(engine.ingest(message('a', 49)).gap).toEqual({ from: 46, to: 48 });
    expect(engine.ingest(message('b', 1)).gap).toBeNull();
    expect(engine.ingest(message('b', 2)).duplicate).toBe(false);
    expect(engine.stats()).toMatchObject({ missedMessages: 3, duplicateMessages: 1 });
    expect(queryRows(engine, 'SELECT count(*) AS n FROM option_trades')[0]!.n).toBe(6n);
    const plain = new EventEncoder();
    plain.add(trade('2026-11-20T14:30:02Z', C, 2, 1, 'file'));
    expect(engine.ingest(batchesToIpc([plain.finish()])).seq).toBeNull();
  });
});
