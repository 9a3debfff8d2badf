/**
 * A decoder of Databento's DBN encoding, version 1–3 (shared/reference/feeds/databento.md §2): the
 * metadata header and the records an options-flow relay needs. Integers are little-endian; 64-bit
 * values stay bigint. Every read is bounds-checked: a truncated or corrupt input is a DbnError naming
 * the offset, never an exception from DataView or a silent misread.
 */

export class DbnError extends Error {
  override readonly name = 'DbnError';
}

export const UNDEF_PRICE = 9223372036854775807n;
export const UNDEF_TIMESTAMP = 18446744073709551615n;

export interface DbnMetadata {
  readonly version: number;
  readonly metadataLength: number;
  readonly dataset: string;
  readonly schema: number;
  readonly start: bigint;
  readonly end: bigint;
  readonly limit: bigint;
  readonly stypeIn: number;
  readonly stypeOut: number;
  readonly tsOut: number;
  readonly symbolCstrLen: number;
  readonly symbols: string[];
  readonly partial: string[];
  readonly notFound: string[];
  /** raw symbol → intervals of [start YYYYMMDD, end YYYYMMDD, mapped symbol (the instrument id)]. */
  readonly mappings: [string, [number, number, string][]][];
}

export const RTYPE = {
  mbp0: 0x00,
  mbp1: 0x01,
  status: 0x12,
  definition: 0x13,
  error: 0x15,
  symbolMapping: 0x16,
  system: 0x17,
  statistics: 0x18,
  ohlcv1s: 0x20,
  ohlcv1m: 0x21,
  ohlcv1h: 0x22,
  ohlcv1d: 0x23,
  ohlcvEod: 0x24,
  cmbp1: 0xb1,
  cbbo1s: 0xc0,
  cbbo1m: 0xc1,
  tcbbo: 0xc2,
  bbo1s: 0xc3,
  bbo1m: 0xc4,
} as const;

interface Header {
  readonly lengthBytes: number;
  readonly rtype: number;
  readonly publisherId: number;
  readonly instrumentId: number;
  readonly tsEvent: bigint;
}

export type DbnRecord =
  | (Header & {
      readonly kind: 'trade';
      price: bigint;
      size: number;
      action: string;
      side: string;
      flags: number;
      depth: number;
      tsRecv: bigint;
      tsInDelta: number;
      sequence: number;
    })
  | (Header & {
      readonly kind: 'mbp1';
      price: bigint;
      size: number;
      action: string;
      side: string;
      flags: number;
      depth: number;
      tsRecv: bigint;
      tsInDelta: number;
      sequence: number;
      bidPx: bigint;
      askPx: bigint;
      bidSz: number;
      askSz: number;
      bidCt: number;
      askCt: number;
    })
  | (Header & {
      readonly kind: 'consolidated';
      price: bigint;
      size: number;
      action: string;
      side: string;
      flags: number;
      tsRecv: bigint;
      bidPx: bigint;
      askPx: bigint;
      bidSz: number;
      askSz: number;
      bidPb: number;
      askPb: number;
    })
  | (Header & {
      readonly kind: 'definition';
      tsRecv: bigint;
      rawSymbol: string;
      instrumentClass: string;
      strikePrice: bigint;
      strikePriceCurrency: string;
      expiration: bigint;
      activation: bigint;
      underlying: string;
      asset: string;
      securityType: string;
      cfi: string;
      exchange: string;
      currency: string;
      minPriceIncrement: bigint;
      unitOfMeasureQty: bigint;
      contractMultiplier: number;
      underlyingId: number;
      rawInstrumentId: bigint;
      channelId: number;
      securityUpdateAction: string;
      displayFactor: bigint;
      maturityYear: number;
      maturityMonth: number;
      maturityDay: number;
    })
  | (Header & {
      readonly kind: 'statistics';
      tsRecv: bigint;
      tsRef: bigint;
      price: bigint;
      quantity: bigint;
      sequence: number;
      tsInDelta: number;
      statType: number;
      channelId: number;
      updateAction: number;
      statFlags: number;
    })
  | (Header & {
      readonly kind: 'ohlcv';
      open: bigint;
      high: bigint;
      low: bigint;
      close: bigint;
      volume: bigint;
    })
  | (Header & {
      readonly kind: 'symbolMapping';
      stypeIn: number;
      stypeInSymbol: string;
      stypeOut: number;
      stypeOutSymbol: string;
      startTs: bigint;
      endTs: bigint;
    })
  | (Header & { readonly kind: 'system'; message: string; code: number })
  | (Header & { readonly kind: 'error'; message: string; code: number })
  | (Header & { readonly kind: 'other' });

const decoder = new TextDecoder();

/** Bounds-checked little-endian reads over one buffer. */
class Reader {
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private need(at: number, n: number) {
    if (at < 0 || at + n > this.bytes.length)
      throw new DbnError(`truncated DBN: needs ${n} byte(s) at offset ${at}, has ${this.bytes.length}`);
  }
  u8(at: number) {
    this.need(at, 1);
    return this.view.getUint8(at);
  }
  u16(at: number) {
    this.need(at, 2);
    return this.view.getUint16(at, true);
  }
  u32(at: number) {
    this.need(at, 4);
    return this.view.getUint32(at, true);
  }
  i32(at: number) {
    this.need(at, 4);
    return this.view.getInt32(at, true);
  }
  u64(at: number) {
    this.need(at, 8);
    return this.view.getBigUint64(at, true);
  }
  i64(at: number) {
    this.need(at, 8);
    return this.view.getBigInt64(at, true);
  }
  char(at: number) {
    return String.fromCharCode(this.u8(at));
  }
  /** A NUL-terminated (or NUL-padded) string of at most n bytes. */
  cstr(at: number, n: number) {
    this.need(at, n);
    const s = this.bytes.subarray(at, at + n);
    const end = s.indexOf(0);
    return decoder.decode(end < 0 ? s : s.subarray(0, end));
  }
}

/** Decodes the metadata header at the start of a DBN stream or file. */
export function decodeMetadata(bytes: Uint8Array): DbnMetadata {
  const r = new Reader(bytes);
  if (bytes.length < 8 || r.cstr(0, 3) !== 'DBN')
    throw new DbnError('not DBN: the file does not start with "DBN"');
  const version = r.u8(3);
  if (version < 1 || version > 3) throw new DbnError(`unsupported DBN version ${version} (1–3 are)`);
  const metadataLength = r.u32(4);
  if (8 + metadataLength > bytes.length)
    throw new DbnError(`truncated DBN: metadata of ${metadataLength} bytes, file has ${bytes.length - 8}`);
  const symbolCstrLen = version === 1 ? 22 : r.u16(53);
  // Every version's fixed part ends at 108 with schema_definition_length; v1 has an 8-byte record
  // count at 50, which moves stype_in, stype_out and ts_out.
  let at = 108;
  const v1 = version === 1 ? 8 : 0;
  const schemaDefLen = r.u32(at);
  at += 4 + schemaDefLen;
  const list = () => {
    const n = r.u32(at);
    at += 4;
    if (n > 10_000_000) throw new DbnError(`corrupt DBN metadata: ${n} symbols`);
    const out: string[] = [];
    for (let i = 0; i < n; i++, at += symbolCstrLen) out.push(r.cstr(at, symbolCstrLen));
    return out;
  };
  const symbols = list();
  const partial = list();
  const notFound = list();
  const nMap = r.u32(at);
  at += 4;
  const mappings: [string, [number, number, string][]][] = [];
  for (let i = 0; i < nMap; i++) {
    const raw = r.cstr(at, symbolCstrLen);
    at += symbolCstrLen;
    const nInt = r.u32(at);
    at += 4;
    const intervals: [number, number, string][] = [];
    for (let k = 0; k < nInt; k++) {
      intervals.push([r.u32(at), r.u32(at + 4), r.cstr(at + 8, symbolCstrLen)]);
      at += 8 + symbolCstrLen;
    }
    mappings.push([raw, intervals]);
  }
  if (at > 8 + metadataLength) throw new DbnError('corrupt DBN metadata: contents run past its length');
  return {
    version,
    metadataLength,
    dataset: r.cstr(8, 16),
    schema: r.u16(24),
    start: r.u64(26),
    end: r.u64(34),
    limit: r.u64(42),
    stypeIn: r.u8(50 + v1),
    stypeOut: r.u8(51 + v1),
    tsOut: r.u8(52 + v1),
    symbolCstrLen,
    symbols,
    partial,
    notFound,
    mappings,
  };
}

/** Decodes one record at `at` (its header's length says how far it runs). */
export function decodeRecord(bytes: Uint8Array, at: number, version = 3): DbnRecord {
  const r = new Reader(bytes);
  const lengthBytes = r.u8(at) * 4;
  if (lengthBytes < 16) throw new DbnError(`corrupt DBN record at offset ${at}: length ${lengthBytes} bytes`);
  r.u8(at + lengthBytes - 1);
  const h: Header = {
    lengthBytes,
    rtype: r.u8(at + 1),
    publisherId: r.u16(at + 2),
    instrumentId: r.u32(at + 4),
    tsEvent: r.u64(at + 8),
  };
  const o = at;
  const need = (n: number) => {
    if (lengthBytes < n)
      throw new DbnError(
        `corrupt DBN record at offset ${at}: rtype ${h.rtype} needs ${n} bytes, has ${lengthBytes}`,
      );
  };
  switch (h.rtype) {
    case RTYPE.mbp0:
    case RTYPE.mbp1: {
      need(h.rtype === RTYPE.mbp0 ? 48 : 80);
      const base = {
        price: r.i64(o + 16),
        size: r.u32(o + 24),
        action: r.char(o + 28),
        side: r.char(o + 29),
        flags: r.u8(o + 30),
        depth: r.u8(o + 31),
        tsRecv: r.u64(o + 32),
        tsInDelta: r.i32(o + 40),
        sequence: r.u32(o + 44),
      };
      if (h.rtype === RTYPE.mbp0) return { ...h, kind: 'trade', ...base };
      return {
        ...h,
        kind: 'mbp1',
        ...base,
        bidPx: r.i64(o + 48),
        askPx: r.i64(o + 56),
        bidSz: r.u32(o + 64),
        askSz: r.u32(o + 68),
        bidCt: r.u32(o + 72),
        askCt: r.u32(o + 76),
      };
    }
    case RTYPE.cmbp1:
    case RTYPE.tcbbo:
    case RTYPE.cbbo1s:
    case RTYPE.cbbo1m:
    case RTYPE.bbo1s:
    case RTYPE.bbo1m: {
      need(80);
      const cbbo =
        h.rtype === RTYPE.cbbo1s ||
        h.rtype === RTYPE.cbbo1m ||
        h.rtype === RTYPE.bbo1s ||
        h.rtype === RTYPE.bbo1m;
      return {
        ...h,
        kind: 'consolidated',
        price: r.i64(o + 16),
        size: r.u32(o + 24),
        // CBBO/BBO records carry no action; their reserved byte there is not always zero.
        action: cbbo ? 'N' : r.char(o + 28),
        side: r.char(o + 29),
        flags: r.u8(o + 30),
        tsRecv: r.u64(o + 32),
        bidPx: r.i64(o + 48),
        askPx: r.i64(o + 56),
        bidSz: r.u32(o + 64),
        askSz: r.u32(o + 68),
        bidPb: r.u16(o + 72),
        askPb: r.u16(o + 76),
      };
    }
    case RTYPE.definition: {
      if (version < 3) return { ...h, kind: 'other' };
      need(520);
      return {
        ...h,
        kind: 'definition',
        tsRecv: r.u64(o + 16),
        minPriceIncrement: r.i64(o + 24),
        displayFactor: r.i64(o + 32),
        expiration: r.u64(o + 40),
        activation: r.u64(o + 48),
        unitOfMeasureQty: r.i64(o + 80),
        strikePrice: r.i64(o + 104),
        rawInstrumentId: r.u64(o + 112),
        underlyingId: r.u32(o + 140),
        contractMultiplier: r.i32(o + 176),
        maturityYear: r.u16(o + 214),
        channelId: r.u16(o + 218),
        currency: r.cstr(o + 224, 4),
        rawSymbol: r.cstr(o + 238, 71),
        exchange: r.cstr(o + 330, 5),
        asset: r.cstr(o + 335, 11),
        cfi: r.cstr(o + 346, 7),
        securityType: r.cstr(o + 353, 7),
        underlying: r.cstr(o + 391, 21),
        strikePriceCurrency: r.cstr(o + 412, 4),
        instrumentClass: r.char(o + 487),
        securityUpdateAction: r.char(o + 493),
        maturityMonth: r.u8(o + 494),
        maturityDay: r.u8(o + 495),
      };
    }
    case RTYPE.statistics: {
      if (version < 3) return { ...h, kind: 'other' };
      need(80);
      return {
        ...h,
        kind: 'statistics',
        tsRecv: r.u64(o + 16),
        tsRef: r.u64(o + 24),
        price: r.i64(o + 32),
        quantity: r.i64(o + 40),
        sequence: r.u32(o + 48),
        tsInDelta: r.i32(o + 52),
        statType: r.u16(o + 56),
        channelId: r.u16(o + 58),
        updateAction: r.u8(o + 60),
        statFlags: r.u8(o + 61),
      };
    }
    case RTYPE.ohlcv1s:
    case RTYPE.ohlcv1m:
    case RTYPE.ohlcv1h:
    case RTYPE.ohlcv1d:
    case RTYPE.ohlcvEod:
      need(56);
      return {
        ...h,
        kind: 'ohlcv',
        open: r.i64(o + 16),
        high: r.i64(o + 24),
        low: r.i64(o + 32),
        close: r.i64(o + 40),
        volume: r.u64(o + 48),
      };
    case RTYPE.symbolMapping: {
      if (version === 1) return { ...h, kind: 'other' };
      need(176);
      return {
        ...h,
        kind: 'symbolMapping',
        stypeIn: r.u8(o + 16),
        stypeInSymbol: r.cstr(o + 17, 71),
        stypeOut: r.u8(o + 88),
        stypeOutSymbol: r.cstr(o + 89, 71),
        startTs: r.u64(o + 160),
        endTs: r.u64(o + 168),
      };
    }
    case RTYPE.system:
    case RTYPE.error: {
      if (version === 1) return { ...h, kind: 'other' };
      need(320);
      const system = h.rtype === RTYPE.system;
      return {
        ...h,
        kind: system ? 'system' : 'error',
        message: r.cstr(o + 16, system ? 303 : 302),
        code: r.u8(o + (system ? 319 : 318)),
      };
    }
    default:
      return { ...h, kind: 'other' };
  }
}

/**
 * Incremental decoding of a DBN stream as bytes arrive (a live session or a file read in chunks):
 * the metadata once, then each complete record; a partial record waits for more bytes.
 */
export class DbnStream {
  private buf = new Uint8Array(0);
  private meta: DbnMetadata | null = null;

  constructor(private readonly fragment = false) {}

  get metadata(): DbnMetadata | null {
    return this.meta;
  }

  push(chunk: Uint8Array): DbnRecord[] {
    const joined = new Uint8Array(this.buf.length + chunk.length);
    joined.set(this.buf);
    joined.set(chunk, this.buf.length);
    let at = 0;
    if (this.meta === null && !this.fragment) {
      if (joined.length < 8) {
        this.buf = joined;
        return [];
      }
      if (joined[0] !== 0x44 || joined[1] !== 0x42 || joined[2] !== 0x4e)
        throw new DbnError('not DBN: the stream does not start with "DBN"');
      const len = new DataView(joined.buffer, joined.byteOffset).getUint32(4, true);
      if (joined.length < 8 + len) {
        this.buf = joined;
        return [];
      }
      this.meta = decodeMetadata(joined);
      at = 8 + len;
    }
    const version = this.meta?.version ?? 3;
    const out: DbnRecord[] = [];
    while (at < joined.length) {
      const len = joined[at]! * 4;
      if (len < 16) throw new DbnError(`corrupt DBN record at offset ${at}: length ${len} bytes`);
      if (at + len > joined.length) break;
      out.push(decodeRecord(joined, at, version));
      at += len;
    }
    this.buf = joined.slice(at);
    return out;
  }

  /** Bytes of an incomplete record left at the end (nonzero at end of input: truncated). */
  get pending(): number {
    return this.buf.length;
  }
}
