import { describe, expect, it } from 'vitest';
import { decode, encode, MsgpackError, MsgpackTimestamp } from './msgpack.ts';

const hex = (s: string) =>
  Uint8Array.from(
    s
      .trim()
      .split(/\s+/)
      .map((h) => parseInt(h, 16)),
  );

// The byte-level fixtures of shared/reference/feeds/alpaca.md §9.
describe('msgpack', () => {
  it('decodes the reference trade frame, timestamp64 to the nanosecond', () => {
    const v = decode(
      hex(`91 87 a1 54 a1 74 a1 53 b2 53 50 59 32 35 31 32 31 39 43 30 30 36 35 30 30 30 30 a1 74 d7 ff 1d
           6f 34 54 68 4c 36 2b a1 70 cb 40 20 4c cc cc cc cc cd a1 73 0c a1 78 a1 43 a1 63 a1 49`),
    ) as Record<string, unknown>[];
    expect(v).toHaveLength(1);
    expect({ ...v[0] }).toEqual({
      T: 't',
      S: 'SPY251219C00650000',
      t: new MsgpackTimestamp(1749825067123456789n),
      p: 8.15,
      s: 12,
      x: 'C',
      c: 'I',
    });
  });

  it('decodes the reference quote and control frames', () => {
    const q = decode(
      hex(`91 8a a1 54 a1 71 a1 53 b2 53 50 59 32 35 31 32 31 39 43 30 30 36 35 30 30 30 30 a1 74 d7 ff 1c
           9c 50 00 68 4c 36 2b a2 62 78 a1 58 a2 62 70 cb 40 20 33 33 33 33 33 33 a2 62 73 39 a2 61 78 a1
           43 a2 61 70 cb 40 20 66 66 66 66 66 66 a2 61 73 29 a1 63 a1 20`),
    ) as Record<string, unknown>[];
    expect({ ...q[0] }).toMatchObject({ T: 'q', bx: 'X', bp: 8.1, bs: 57, ax: 'C', ap: 8.2, as: 41, c: ' ' });
    expect((q[0]!.t as MsgpackTimestamp).ns).toBe(1749825067120001536n);
    const c = decode(
      hex('91 82 a1 54 a7 73 75 63 63 65 73 73 a3 6d 73 67 a9 63 6f 6e 6e 65 63 74 65 64'),
    ) as Record<string, unknown>[];
    expect({ ...c[0] }).toEqual({ T: 'success', msg: 'connected' });
    expect(encode({ action: 'auth', key: 'AKEXAMPLEKEY', secret: 'examplesecret' })).toEqual(
      hex(
        '83 a6 61 63 74 69 6f 6e a4 61 75 74 68 a3 6b 65 79 ac 41 4b 45 58 41 4d 50 4c 45 4b 45 59 a6 73 65 63 72 65 74 ad 65 78 61 6d 70 6c 65 73 65 63 72 65 74',
      ),
    );
  });

  it('reads timestamp32 and timestamp96, and round-trips what it encodes', () => {
    expect((decode(hex('d6 ff 68 4c 36 2b')) as MsgpackTimestamp).ns).toBe(1749825067000000000n);
    expect((decode(hex('c7 0c ff 07 5b cd 15 00 00 00 00 68 4c 36 2b')) as MsgpackTimestamp).ns).toBe(
      1749825067123456789n,
    );
    const v = {
      a: [1, -5, 300, 70000, 2.5, 'x'.repeat(40), null, true, false],
      t: new MsgpackTimestamp(1749825067123456789n),
    };
    expect(decode(encode(v))).toEqual(v);
  });

  it('rejects malformed input with the offset, never overreads', () => {
    expect(() => decode(hex('92 01'))).toThrow(MsgpackError);
    expect(() => decode(hex('92 01'))).toThrow('msgpack array of 2 items cannot fit at offset 1');
    expect(() => decode(hex('cb 40 20'))).toThrow('truncated msgpack: needs 8 byte(s) at offset 1');
    expect(() => decode(hex('c1'))).toThrow('invalid msgpack byte 0xc1 at offset 0');
    expect(() => decode(hex('dd ff ff ff ff'))).toThrow('cannot fit');
    expect(() => decode(hex('81 01 02'))).toThrow('is not a string');
    expect(() => decode(hex('a2 c3 28'))).toThrow('invalid UTF-8');
    expect(() => decode(hex('01 02'))).toThrow('1 trailing byte(s)');
    expect(() => decode(new Uint8Array(100).fill(0x91))).toThrow('nested deeper than 64');
    for (let seed = 1; seed < 2000; seed++) {
      const junk = Uint8Array.from({ length: seed % 40 }, (_, i) => (seed * 7919 + i * 104729) & 255);
      try {
        decode(junk);
      } catch (e) {
        expect(e).toBeInstanceOf(MsgpackError);
      }
    }
  });
});
