import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine.ts';
import { createNodeConnector } from '../node/index.ts';
import { queryRows } from '../testing/query.ts';
import { contractFromTheta, parseOsi, toOsi21 } from './osi.ts';

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

describe('provider forms', () => {
  it.each([
    ['SPY_251219C650.00', 'SPY251219C00650000'],
    ['AAPL_240315C172.50', 'AAPL240315C00172500'],
    ['XSP_250613P0.500', 'XSP250613P00000500'],
  ])('parses Intrinio wire form %s', (input, key) => {
    expect(parseOsi(input)).toMatchObject({ key });
  });

  it('parses the ThetaData structured contract', () => {
    expect(
      contractFromTheta({ root: 'SPY', expiration: 20251219, strike: 650000, right: 'C' }),
    ).toMatchObject({
      root: 'SPY',
      expiry: '2025-12-19',
      right: 'C',
      strike1000: 650000,
      key: 'SPY251219C00650000',
    });
    expect(
      contractFromTheta({ root: 'SPXW', expiration: 20250620, strike: 5800000, right: 'PUT' }),
    ).toMatchObject({
      key: 'SPXW250620P05800000',
      underlying: 'SPX',
    });
    expect(contractFromTheta({ root: 'SPY', expiration: 20251232, strike: 650000, right: 'C' })).toMatch(
      /invalid expiry/,
    );
    expect(contractFromTheta({ root: 'SPY', expiration: 20251219, strike: 6.5, right: 'C' })).toMatch(
      /invalid strike/,
    );
    expect(contractFromTheta({ root: 'SPY', expiration: 20251219, strike: 650000, right: 'X' })).toMatch(
      /invalid ThetaData/,
    );
  });

  it('rejects malformed Intrinio forms', () => {
    for (const bad of ['SPY_251219C650', 'SPY_251219C650.0', 'SPY_251219X650.00'])
      expect(parseOsi(bad)).toMatch(/invalid/);
  });

  it('normalizes every form to the same key in SQL (flowbook_osi_key) as parseOsi does', async () => {
    const engine = createEngine({ connector: await createNodeConnector() });
    const inputs = [
      ...VECTORS.map((v) => v[0]),
      'SPY_251219C650.00',
      'AAPL_240315C172.50',
      'XSP_250613P0.500',
    ];
    const sql = `SELECT flowbook_osi_key(x) AS k FROM (VALUES ${inputs.map((x) => `('${x}')`).join(', ')}) t(x)`;
    const got = queryRows(engine, sql).map((r) => r.k);
    expect(got).toEqual(inputs.map((x) => (parseOsi(x) as { key: string }).key));
  });
});
