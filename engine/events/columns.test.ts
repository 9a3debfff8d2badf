import { Int64, makeVector } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { BigIntColumn, Utf8Column } from './columns.ts';

describe('BigIntColumn', () => {
  it('setNumber writes the same 64-bit values as set, past its first capacity too', () => {
    const values = [0, 1, 4_294_967_295, 4_294_967_296, 4_294_967_301, 2 ** 52 + 3, Number.MAX_SAFE_INTEGER];
    const byNumber = new BigIntColumn(new Int64(), 2);
    const byBigInt = new BigIntColumn(new Int64(), 2);
    values.forEach((v, i) => {
      byNumber.setNumber(i, v);
      byBigInt.set(i, BigInt(v));
    });
    const read = (c: BigIntColumn) => [...makeVector(c.finish(values.length))];
    expect(read(byNumber)).toEqual(values.map(BigInt));
    expect(read(byNumber)).toEqual(read(byBigInt));
  });
});

describe('Utf8Column', () => {
  it('writes ASCII, non-ASCII from any position, empty strings and nulls, past its first capacity', () => {
    const values = ['SPY', 'é', 'AAPL  261218C00200000', null, '', 'ab≥cd', 'x'.repeat(20_000), 'tail’', 'z'];
    const c = new Utf8Column(2);
    values.forEach((v, i) => c.set(i, v));
    expect([...makeVector(c.finish(values.length))]).toEqual(values);
  });
});
