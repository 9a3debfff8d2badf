import { describe, expect, it } from 'vitest';
import { SimMarket } from '../sim/market.ts';
import { parseIsoNs, parseNdjson, toNdjsonLine } from './ndjson.ts';

describe('NDJSON events', () => {
  it('keeps nanoseconds and rejects non-UTC or malformed times', () => {
    expect(parseIsoNs('2026-11-20T14:30:00.123456789Z')).toBe(1795185000123456789n);
    expect(parseIsoNs('2026-11-20T14:30:00Z')).toBe(1795185000000000000n);
    expect(parseIsoNs('2026-11-20T14:30:00-05:00')).toMatch(/invalid ts/);
    expect(parseIsoNs('2026-02-30T14:30:00Z')).toMatch(/invalid ts/);
  });

  it('reports each malformed line with file, line and reason, and loads the rest', () => {
    const text = [
      '{"type":"option_trade","ts":"2026-11-20T14:30:00Z","contract":"SPY261120C00680000","price":1.2,"size":3,"exchange":"XCBO","conditions":["ISO"]}',
      '{"type":"option_trade","ts":"2026-11-20T14:30:00Z","contract":"SPY261120C00680000","price":1.2',
      '{"type":"option_trade","ts":"2026-11-20T14:30:00Z","contract":"SPY261120C00680000","size":3,"exchange":"XCBO"}',
      '{"type":"option_trade","ts":"2026-11-20T14:30:00Z","contract":"SPY261120C00680000","price":1,"size":3,"exchange":"XCBO","conditions":["NOPE"]}',
      '{"type":"weather","ts":"2026-11-20T14:30:00Z"}',
      '',
      '{"type":"trade_cancel","ts":"2026-11-20T14:30:01Z","id":"x"}',
    ].join('\n');
    const { events, errors } = parseNdjson(text, 'day.ndjson');
    expect(events.map((e) => e.type)).toEqual(['option_trade', 'trade_cancel']);
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^day\.ndjson:2: invalid JSON/),
      'day.ndjson:3: price must be a number',
      'day.ndjson:4: unknown condition flag "NOPE"',
      'day.ndjson:5: unknown event type "weather"',
    ]);
  });

  it('round-trips every event type of a simulated tape', () => {
    const m = new SimMarket({ seed: 5, rate: 200, startMs: Date.UTC(2026, 10, 20, 14, 30) });
    const events = m.take(m.startMs + 5000);
    expect(new Set(events.map((e) => e.type)).size).toBeGreaterThanOrEqual(6);
    const { events: back, errors } = parseNdjson(events.map(toNdjsonLine).join('\n'), 'x');
    expect(errors).toEqual([]);
    expect(back.map(toNdjsonLine)).toEqual(events.map(toNdjsonLine));
  });
});
