import { describe, expect, it } from 'vitest';
import { patternFlowId, printFlowId } from './flow-node.ts';
import type { FlowPrint } from './flow-print.ts';

const print: FlowPrint = {
  rid: 1,
  tsNs: 1_763_650_800_123_456_000n,
  t0: 1_763_650_800_123.456,
  t1: 1_763_650_800_123.456,
  tradeDate: 20_412,
  contract: 'SPY261218C00700000',
  underlying: 'SPY',
  expiry: 20_805,
  right: 'C',
  strike: 700,
  multiplier: 100,
  price: 2.35,
  size: 10,
  premium: 2350,
  exchange: 'XCBO',
  bits: 1,
  id: 'abc',
  side: 'at_ask',
  aggressor: 'buy',
  dte: 28,
  spot: 680,
  otmPct: 2.9,
  oi: 1000,
  delta: 0.3,
  gamma: 0.01,
};

describe('flow ids', () => {
  it('are 53-bit, the same for the same identity, and differ when any identifying field does', () => {
    const id = printFlowId('o', 'SPY261218C00700000|buy', print);
    expect(Number.isSafeInteger(id) && id >= 0).toBe(true);
    // Fields outside the print's identity (row id, enrichment) do not move the id.
    expect(printFlowId('o', 'SPY261218C00700000|buy', { ...print, rid: 9, delta: 0.5 })).toBe(id);
    const changed: Partial<FlowPrint>[] = [
      { t0: print.t0 + 0.001 },
      { contract: 'SPY261218C00705000' },
      { exchange: 'XISX' },
      { price: 2.36 },
      { size: 11 },
      { bits: 3 },
      { id: null },
      { id: 'abd' },
    ];
    const ids = changed.map((c) => printFlowId('o', 'SPY261218C00700000|buy', { ...print, ...c }));
    ids.push(printFlowId('m', 'SPY261218C00700000|buy', print), printFlowId('o', 'SPY|XCBO', print));
    expect(new Set([id, ...ids]).size).toBe(ids.length + 1);
  });

  it('keep text fields apart (the lane "ab" then "c" is not "a" then "bc") and read -0 as 0', () => {
    expect(printFlowId('o', 'ab', { ...print, contract: 'c' })).not.toBe(
      printFlowId('o', 'a', { ...print, contract: 'bc' }),
    );
    expect(printFlowId('o', 'x', { ...print, price: -0 })).toBe(
      printFlowId('o', 'x', { ...print, price: 0 }),
    );
    expect(patternFlowId('r|x|buy', 42)).toBe(patternFlowId('r|x|buy', 42));
    expect(patternFlowId('r|x|buy', 42)).not.toBe(patternFlowId('r|x|buy', 43));
  });
});
