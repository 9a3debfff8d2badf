import { describe, expect, it } from 'vitest';
import { parseOsi, toOsi21 } from './osi.ts';

// Test vectors of shared/reference/feeds/osi-symbology.md §5.
const VECTORS: [string, string, string, 'C' | 'P', number][] = [
  ['SPY   251219C00650000', 'SPY', '2025-12-19', 'C', 650],
  ['O:SPY251219C00650000', 'SPY', '2025-12-19', 'C', 650],
  ['SPXW250620P05800000', 'SPXW', '2025-06-20', 'P', 5800],
  ['AAPL240315C00172500', 'AAPL', '2024-03-15', 'C', 172.5],
  ['AAPL  250221C00250000', 'AAPL', '2025-02-21', 'C', 250],
  ['SPY___251219C00650000', 'SPY', '2025-12-19', 'C', 650],
  ['AMC1  250117C00005000', 'AMC1', '2025-01-17', 'C', 5],
  ['4SPX  211018P03925000', '4SPX', '2021-10-18', 'P', 3925],
  ['BRKB  250919C00500000', 'BRKB', '2025-09-19', 'C', 500],
  ['XSP   250613P00000500', 'XSP', '2025-06-13', 'P', 0.5],
];

describe('parseOsi', () => {
  it.each(VECTORS)('%s', (input, root, expiry, right, strike) => {
    const c = parseOsi(input);
    if (typeof c === 'string') throw new Error(c);
    expect(c).toMatchObject({ root, expiry, right });
    expect(c.strike1000 / 1000).toBe(strike);
    expect(toOsi21(c)).toBe(`${root.padEnd(6, ' ')}${input.slice(-15)}`);
  });

  it.each(['SPY251219X00650000', 'SPY25121C00650000', 'TOOLONGR251219C00650000', 'SPY251319C00650000', ''])(
    'rejects %j with a reason',
    (bad) => {
      expect(parseOsi(bad)).toMatch(/invalid/);
    },
  );

  it('maps roots to underlyings', () => {
    const u = (s: string) => (parseOsi(s) as { underlying: string }).underlying;
    expect(u('SPXW250620P05800000')).toBe('SPX');
    expect(u('AMC1  250117C00005000')).toBe('AMC');
    expect(u('4SPX  211018P03925000')).toBe('SPX');
    expect(u('BRKB  250919C00500000')).toBe('BRK.B');
  });
});
