import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type DbnRecord, DbnError, DbnStream, decodeMetadata, UNDEF_PRICE, UNDEF_TIMESTAMP } from './dbn.ts';

const SAMPLES = new URL('./testdata/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('opra-pillar.expected.json', SAMPLES), 'utf8')) as Record<
  string,
  { metadata: Record<string, unknown>; records: Record<string, unknown>[] }
>;

const decimal = (v: bigint): string | null => {
  if (v === UNDEF_PRICE) return null;
  const neg = v < 0n;
  const a = neg ? -v : v;
  const frac = (a % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${a / 1_000_000_000n}${frac ? `.${frac}` : ''}`;
};
const iso = (v: bigint): string | null => {
  if (v === UNDEF_TIMESTAMP) return null;
  const ms = Number(v / 1_000_000n);
  return `${new Date(ms).toISOString().slice(0, 19)}.${(v % 1_000_000_000n).toString().padStart(9, '0')}Z`;
};
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A decoded record in the form of expected.json: 64-bit values as strings, plus _decimal and _iso. */
function asExpected(r: DbnRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    record_length_bytes: r.lengthBytes,
    rtype: `0x${r.rtype.toString(16)}`,
  };
  for (const [k, v] of Object.entries(r)) {
    if (k === 'lengthBytes' || k === 'rtype' || k === 'kind') continue;
    const name = snake(k);
    out[name] = typeof v === 'bigint' ? v.toString() : v;
    if (typeof v === 'bigint') {
      out[`${name}_decimal`] = decimal(v);
      out[`${name}_iso`] = iso(v);
    }
  }
  return out;
}

describe('DBN decoding of the real OPRA.PILLAR samples', () => {
  it.each(Object.keys(expected))('%s decodes to its expected values', (file) => {
    const bytes = new Uint8Array(readFileSync(new URL(file, SAMPLES)));
    const want = expected[file]!;
    const m = decodeMetadata(bytes);
    expect({
      version: m.version,
      metadata_length: m.metadataLength,
      dataset: m.dataset,
      schema: m.schema,
      start: m.start.toString(),
      end: m.end.toString(),
      limit: m.limit.toString(),
      stype_in: m.stypeIn,
      stype_out: m.stypeOut,
      ts_out: m.tsOut,
      symbol_cstr_len: m.symbolCstrLen,
      symbols: m.symbols,
      partial: m.partial,
      not_found: m.notFound,
      mappings: m.mappings,
    }).toEqual(want.metadata);
    // Fed in awkward chunks, as a socket delivers them.
    const stream = new DbnStream();
    const records: DbnRecord[] = [];
    for (let i = 0; i < bytes.length; i += 37) records.push(...stream.push(bytes.subarray(i, i + 37)));
    expect(stream.pending).toBe(0);
    expect(records).toHaveLength(want.records.length);
    records.forEach((r, i) => {
      const got = asExpected(r);
      for (const [k, v] of Object.entries(want.records[i]!)) expect(got[k], `${file} #${i} ${k}`).toEqual(v);
    });
  });

  it('decodes a headerless fragment of CME option definitions', () => {
    const bytes = new Uint8Array(
      readFileSync(new URL('glbx-options-on-futures.definition.v3.dbn.frag', SAMPLES)),
    );
    const records = new DbnStream(true).push(bytes);
    expect(
      records.map((r) =>
        r.kind === 'definition'
          ? [r.rawSymbol, r.instrumentClass, r.strikePrice, r.expiration, r.underlying, r.securityType, r.cfi]
          : r.kind,
      ),
    ).toEqual([
      ['GEM3 P9812', 'P', 9812500000000n, 1687168800000000000n, 'GEM3', 'OOF', 'OPAFPS'],
      ['ESH1 P2250', 'P', 2250000000000n, 1616160600000000000n, 'ESH1', 'OOF', 'OPAFPS'],
    ]);
  });

  it('refuses what is not DBN, and reports truncation and corrupt lengths with the offset', () => {
    const bytes = new Uint8Array(readFileSync(new URL('opra-pillar.trades.dbn', SAMPLES)));
    expect(() => decodeMetadata(new TextEncoder().encode('PAR1xxxxxxxx'))).toThrow('not DBN');
    expect(() => decodeMetadata(bytes.subarray(0, 100))).toThrow(/truncated DBN: metadata of 352 bytes/);
    const cut = new DbnStream();
    cut.push(bytes.subarray(0, bytes.length - 10));
    expect(cut.pending).toBe(38);
    const bad = bytes.slice();
    bad[360] = 2; // a record claiming 8 bytes
    expect(() => new DbnStream().push(bad)).toThrow(DbnError);
    expect(() => new DbnStream().push(bad)).toThrow('corrupt DBN record at offset 360: length 8 bytes');
    const v9 = bytes.slice();
    v9[3] = 9;
    expect(() => decodeMetadata(v9)).toThrow('unsupported DBN version 9');
  });
});
