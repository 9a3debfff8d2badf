import { describe, expect, it } from 'vitest';
import { bitsToFlags, type FeedEvent } from '../../../engine/index.ts';
import { newNormalizeStats, normalizeFrame } from './normalize.ts';

const flags = (e: FeedEvent) => ('conditions' in e ? [...bitsToFlags(e.conditions)] : []);

// Fixtures: the example messages of shared/reference/feeds/polygon-massive.md §9.
describe('Massive frame normalization', () => {
  it('maps option trades: venue, OPRA conditions, ms time, an id per symbol and sequence', () => {
    const stats = newNormalizeStats();
    const { events } = normalizeFrame(
      `[{"ev":"T","sym":"O:TSLA250620P00300000","x":323,"p":11.4,"s":250,"c":[219],"t":1749825067480,"q":1187440977},
        {"ev":"T","sym":"O:TSLA250620C00400000","x":308,"p":2.05,"s":40,"c":[232],"t":1749825067481,"q":1187440981},
        {"ev":"Q","sym":"O:SPY251219C00650000","bx":323,"ax":302,"bp":8.1,"ap":8.2,"bs":57,"as":41,"t":1749825067483,"q":1187441002}]`,
      'options',
      stats,
    );
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({
      type: 'option_trade',
      contract: 'O:TSLA250620P00300000',
      price: 11.4,
      size: 250,
      exchange: 'XPHL',
      rawConditions: '219',
      id: 'O:TSLA250620P00300000:1187440977',
      ts: 1749825067480n * 1_000_000n,
    });
    expect(flags(events[0]!)).toEqual(['ISO']);
    expect(events[1]).toMatchObject({ exchange: 'XISX' });
    expect(flags(events[1]!)).toEqual(['MULTI_LEG']);
    expect(events[2]).toEqual({
      type: 'option_quote',
      contract: 'O:SPY251219C00650000',
      ts: 1749825067483n * 1_000_000n,
      bid: 8.1,
      ask: 8.2,
      bidSize: 57,
      askSize: 41,
    });
    expect(stats.malformed).toBe(0);
  });

  it('maps every OPRA trade type ID to the flags of its letter, and counts unknown codes and venues', () => {
    const stats = newNormalizeStats();
    const t = (c: number[], x = 302) =>
      normalizeFrame(
        JSON.stringify([{ ev: 'T', sym: 'O:SPY251219C00650000', x, p: 1, s: 1, c, t: 1 }]),
        'options',
        stats,
      ).events[0]!;
    expect(flags(t([209]))).toEqual([]); // I, AUTO: informational
    expect(flags(t([201]))).toEqual(['CANCEL']); // A
    expect(flags(t([204]))).toEqual(['LATE']); // D
    expect(flags(t([228]))).toEqual(['ISO', 'AUCTION']); // b
    expect(flags(t([241]))).toEqual(['CROSS', 'STOCK_TIED']); // o
    expect(flags(t([248]))).toEqual(['EXTENDED_HOURS']); // v
    expect(flags(t([219, 232]))).toEqual(['ISO', 'MULTI_LEG']);
    const odd = t([999, 219], 65);
    expect(flags(odd)).toEqual(['ISO']);
    expect(odd).toMatchObject({ rawConditions: '999,219', exchange: 'massive:options:65' });
    expect(stats.unknownConditions.get('options:999')).toBe(1);
    expect(stats.unknownVenues.get('massive:options:65')).toBe(1);
  });

  it('maps stock prints (ISO, odd lot, TRF venues) and quotes in round lots', () => {
    const stats = newNormalizeStats();
    const { events } = normalizeFrame(
      `[{"ev":"T","sym":"SPY","x":11,"i":"52983525029461","z":2,"p":601.23,"s":37,"c":[14,37],"t":1749825067122,"q":3681328},
        {"ev":"T","sym":"SPY","x":4,"i":"7","p":601.2,"s":25000,"c":[],"t":1749825067125,"q":3681329,"trfi":202,"trft":1749825067124},
        {"ev":"Q","sym":"SPY","bx":12,"bp":601.22,"bs":3,"ax":11,"ap":601.24,"as":5,"c":0,"t":1749825067124,"q":50385480,"z":2}]`,
      'stocks',
      stats,
    );
    expect(events[0]).toMatchObject({
      type: 'equity_trade',
      symbol: 'SPY',
      exchange: 'ARCX',
      size: 37,
      id: '52983525029461',
    });
    expect(flags(events[0]!)).toEqual(['ISO', 'ODD_LOT']);
    expect(events[1]).toMatchObject({ exchange: 'FINN', size: 25000 });
    expect(events[2]).toMatchObject({ type: 'equity_quote', symbol: 'SPY', bidSize: 300, askSize: 500 });
  });

  it('returns statuses, ignores aggregates and survives malformed input', () => {
    const stats = newNormalizeStats();
    const r = normalizeFrame(
      '[{"ev":"status","status":"slow_consumer","message":"Slow consumer; disconnecting"},{"ev":"AM","sym":"O:X","v":1},{"ev":"T","sym":"O:SPY251219C00650000"},7]',
      'options',
      stats,
    );
    expect(r.statuses).toEqual([{ status: 'slow_consumer', message: 'Slow consumer; disconnecting' }]);
    expect(r.events).toEqual([]);
    expect(stats.ignored.get('AM')).toBe(1);
    expect(stats.malformed).toBe(2);
    for (const junk of ['', 'not json', '{"ev":"T"}', 'null', '[[[]]]', '{"ev":"Q","sym":5}'])
      expect(() => normalizeFrame(junk, 'stocks', stats)).not.toThrow();
  });
});
