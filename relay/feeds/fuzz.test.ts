import { describe, expect, it } from 'vitest';
import { Prng } from '../../engine/sim/prng.ts';
import { newAlpacaStats, normalizeAlpacaFrame } from './alpaca/normalize.ts';
import { DbnError, DbnStream } from './databento/dbn.ts';
import { DbnNormalizer } from './databento/normalize.ts';
import { newIntrinioStats, normalizeIntrinioFrame } from './intrinio/normalize.ts';
import { newNormalizeStats, normalizeFrame } from './massive/normalize.ts';
import { newThetaStats, normalizeThetaFrame } from './thetadata/normalize.ts';

// Every adapter's decoder against thousands of random and mutated upstream frames: none may throw
// (DBN raises DbnError only), so one bad frame never takes a feed down.
const rng = new Prng(2026);
const bytes = (n: number) => Uint8Array.from({ length: n }, () => rng.uint32() & 255);
const pick = <T>(xs: readonly T[]): T => xs[rng.uint32() % xs.length]!;
const jsonish = (depth = 0): unknown => {
  const k = rng.uint32() % (depth > 2 ? 4 : 7);
  if (k === 0) return pick([null, true, 0, -1, 1e308, 'T', 'Q', 'status', 'O:SPY251219C00650000', '']);
  if (k === 1) return rng.uint32() / 3;
  if (k === 2) return pick(['ev', 'sym', 'p', 's', 't', 'x', 'c', 'header', 'trade', 'quote']);
  if (k === 3) return String.fromCharCode(...bytes(rng.uint32() % 12).map((b) => b + 32));
  if (k === 4) return Array.from({ length: rng.uint32() % 4 }, () => jsonish(depth + 1));
  const keys = [
    'ev',
    'T',
    'sym',
    'S',
    'p',
    's',
    't',
    'x',
    'c',
    'q',
    'bp',
    'ap',
    'header',
    'contract',
    'trade',
    'quote',
    'type',
    'status',
    'root',
    'date',
    'ms_of_day',
    'price',
    'size',
  ];
  return Object.fromEntries(Array.from({ length: rng.uint32() % 6 }, () => [pick(keys), jsonish(depth + 1)]));
};
const mutate = (b: Uint8Array) => {
  const c = b.slice();
  for (let i = 0; i < 1 + (rng.uint32() % 4); i++) c[rng.uint32() % c.length] = rng.uint32() & 255;
  return c.subarray(0, rng.uint32() % (c.length + 1));
};
const VALID_MASSIVE =
  '[{"ev":"T","sym":"O:SPY251219C00650000","x":302,"p":8.15,"s":12,"c":[209],"t":1749825067123,"q":1}]';
const VALID_THETA =
  '{"header":{"type":"TRADE","status":"CONNECTED"},"contract":{"security_type":"OPTION","root":"SPY","expiration":20251219,"strike":650000,"right":"C"},"trade":{"ms_of_day":37867123,"sequence":1,"size":12,"condition":18,"price":8.15,"exchange":5,"date":20250613}}';

describe('upstream decoders under fuzzing', () => {
  it('Massive, Alpaca and ThetaData JSON: 3,000 random and mutated frames each, no throw', () => {
    const m = newNormalizeStats();
    const a = newAlpacaStats();
    const t = newThetaStats();
    for (let i = 0; i < 3000; i++) {
      const text =
        i % 3 === 0
          ? (JSON.stringify(jsonish()) ?? '')
          : new TextDecoder().decode(mutate(new TextEncoder().encode(i % 2 ? VALID_MASSIVE : VALID_THETA)));
      expect(() => normalizeFrame(text, i % 2 ? 'options' : 'stocks', m)).not.toThrow();
      expect(() =>
        normalizeAlpacaFrame(i % 5 === 0 ? bytes(rng.uint32() % 64) : text, i % 2 ? 'options' : 'stocks', a),
      ).not.toThrow();
      expect(() => normalizeThetaFrame(text, t)).not.toThrow();
    }
    expect(m.malformed + a.malformed + t.malformed).toBeGreaterThan(1000);
  });

  it('Intrinio binary and Databento DBN: 3,000 random and mutated frames each', () => {
    const s = newIntrinioStats();
    const trade = Uint8Array.from([
      1,
      17,
      ...new TextEncoder().encode('SPY_251219C650.00'),
      0,
      0,
      0,
      0,
      0,
      ...new Uint8Array(50),
    ]);
    for (let i = 0; i < 3000; i++) {
      const frame = i % 2 ? bytes(rng.uint32() % 200) : mutate(trade);
      expect(() => normalizeIntrinioFrame(frame, '2025-06-13' as never, 0n as never, s)).not.toThrow();
      const dbn =
        i % 2
          ? bytes(rng.uint32() % 400)
          : Uint8Array.from([0x44, 0x42, 0x4e, 3, ...bytes(rng.uint32() % 400)]);
      try {
        const stream = new DbnStream(i % 3 === 0);
        new DbnNormalizer(stream.metadata).events(stream.push(dbn));
      } catch (e) {
        expect(e).toBeInstanceOf(DbnError);
      }
    }
  });
});
