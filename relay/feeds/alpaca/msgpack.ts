/**
 * MessagePack (msgpack.org spec) for Alpaca's option stream, which sends nothing else: every type
 * but float32-precision concerns, with the Timestamp extension (type −1, 32/64/96-bit) decoded to
 * bigint nanoseconds. Decoding is bounds- and depth-checked and throws MsgpackError naming the offset.
 */

export class MsgpackError extends Error {
  override readonly name = 'MsgpackError';
}

/** A msgpack Timestamp, as nanoseconds since the epoch. */
export class MsgpackTimestamp {
  constructor(readonly ns: bigint) {}
}

export type MsgpackValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | MsgpackTimestamp
  | MsgpackValue[]
  | { [k: string]: MsgpackValue };

const MAX_DEPTH = 64;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const enc = new TextEncoder();

export function decode(bytes: Uint8Array): MsgpackValue {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n: number) => {
    if (at + n > bytes.length)
      throw new MsgpackError(`truncated msgpack: needs ${n} byte(s) at offset ${at}`);
  };
  const u8 = () => (need(1), v.getUint8(at++));
  const take = (n: number) => {
    need(n);
    const s = bytes.subarray(at, at + n);
    at += n;
    return s;
  };
  const num = (kind: 'u16' | 'u32' | 'i8' | 'i16' | 'i32' | 'f32' | 'f64'): number => {
    const size = { u16: 2, u32: 4, i8: 1, i16: 2, i32: 4, f32: 4, f64: 8 }[kind];
    need(size);
    const r =
      kind === 'u16'
        ? v.getUint16(at)
        : kind === 'u32'
          ? v.getUint32(at)
          : kind === 'i8'
            ? v.getInt8(at)
            : kind === 'i16'
              ? v.getInt16(at)
              : kind === 'i32'
                ? v.getInt32(at)
                : kind === 'f32'
                  ? v.getFloat32(at)
                  : v.getFloat64(at);
    at += size;
    return r;
  };
  const big = (signed: boolean): number | bigint => {
    need(8);
    const x = signed ? v.getBigInt64(at) : v.getBigUint64(at);
    at += 8;
    return x >= BigInt(Number.MIN_SAFE_INTEGER) && x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x;
  };
  const str = (n: number) => {
    try {
      return utf8.decode(take(n));
    } catch {
      throw new MsgpackError(`invalid UTF-8 in msgpack string at offset ${at - n}`);
    }
  };
  const ext = (n: number): MsgpackValue => {
    need(1);
    const type = v.getInt8(at++);
    const data = take(n);
    if (type !== -1) return data;
    const d = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (n === 4) return new MsgpackTimestamp(BigInt(d.getUint32(0)) * 1_000_000_000n);
    if (n === 8) {
      const hi = d.getUint32(0);
      const lo = d.getUint32(4);
      const nanos = BigInt(hi >>> 2);
      const secs = (BigInt(hi & 3) << 32n) | BigInt(lo);
      return new MsgpackTimestamp(secs * 1_000_000_000n + nanos);
    }
    if (n === 12) return new MsgpackTimestamp(d.getBigInt64(4) * 1_000_000_000n + BigInt(d.getUint32(0)));
    throw new MsgpackError(`msgpack timestamp of ${n} bytes (4, 8 or 12 are valid)`);
  };
  const value = (depth: number): MsgpackValue => {
    if (depth > MAX_DEPTH) throw new MsgpackError(`msgpack nested deeper than ${MAX_DEPTH}`);
    const b = u8();
    if (b <= 0x7f) return b;
    if (b >= 0xe0) return b - 0x100;
    if ((b & 0xf0) === 0x80) return map(b & 0x0f, depth);
    if ((b & 0xf0) === 0x90) return array(b & 0x0f, depth);
    if ((b & 0xe0) === 0xa0) return str(b & 0x1f);
    switch (b) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
        return take(u8()).slice();
      case 0xc5:
        return take(num('u16')).slice();
      case 0xc6:
        return take(num('u32')).slice();
      case 0xc7:
        return ext(u8());
      case 0xc8:
        return ext(num('u16'));
      case 0xc9:
        return ext(num('u32'));
      case 0xca:
        return num('f32');
      case 0xcb:
        return num('f64');
      case 0xcc:
        return u8();
      case 0xcd:
        return num('u16');
      case 0xce:
        return num('u32');
      case 0xcf:
        return big(false);
      case 0xd0:
        return num('i8');
      case 0xd1:
        return num('i16');
      case 0xd2:
        return num('i32');
      case 0xd3:
        return big(true);
      case 0xd4:
        return ext(1);
      case 0xd5:
        return ext(2);
      case 0xd6:
        return ext(4);
      case 0xd7:
        return ext(8);
      case 0xd8:
        return ext(16);
      case 0xd9:
        return str(u8());
      case 0xda:
        return str(num('u16'));
      case 0xdb:
        return str(num('u32'));
      case 0xdc:
        return array(num('u16'), depth);
      case 0xdd:
        return array(num('u32'), depth);
      case 0xde:
        return map(num('u16'), depth);
      case 0xdf:
        return map(num('u32'), depth);
      default:
        throw new MsgpackError(`invalid msgpack byte 0x${b.toString(16)} at offset ${at - 1}`);
    }
  };
  const array = (n: number, depth: number) => {
    if (n > bytes.length - at)
      throw new MsgpackError(`msgpack array of ${n} items cannot fit at offset ${at}`);
    const out: MsgpackValue[] = [];
    for (let i = 0; i < n; i++) out.push(value(depth + 1));
    return out;
  };
  const map = (n: number, depth: number) => {
    if (n * 2 > bytes.length - at)
      throw new MsgpackError(`msgpack map of ${n} entries cannot fit at offset ${at}`);
    const out: { [k: string]: MsgpackValue } = Object.create(null) as { [k: string]: MsgpackValue };
    for (let i = 0; i < n; i++) {
      const k = value(depth + 1);
      if (typeof k !== 'string') throw new MsgpackError(`msgpack map key at offset ${at} is not a string`);
      out[k] = value(depth + 1);
    }
    return out;
  };
  const out = value(0);
  if (at !== bytes.length)
    throw new MsgpackError(`${bytes.length - at} trailing byte(s) after the msgpack value`);
  return out;
}

/** Encodes plain values (control messages, test fixtures); numbers that are not integers become float64. */
export function encode(value: MsgpackValue): Uint8Array {
  const parts: number[] = [];
  const push = (...b: number[]): void => {
    parts.push(...b);
  };
  const be = (n: number, bytes: number) => {
    for (let i = bytes - 1; i >= 0; i--) push(Math.floor(n / 2 ** (8 * i)) & 0xff);
  };
  const w = (x: MsgpackValue): void => {
    if (x === null) return push(0xc0);
    if (x === true) return push(0xc3);
    if (x === false) return push(0xc2);
    if (x instanceof MsgpackTimestamp) {
      const secs = x.ns / 1_000_000_000n;
      const nanos = Number(x.ns % 1_000_000_000n);
      push(0xd7, 0xff);
      be(nanos * 4 + Number(secs >> 32n), 4);
      be(Number(secs & 0xffffffffn), 4);
      return;
    }
    if (typeof x === 'bigint') {
      push(0xd3);
      const d = new DataView(new ArrayBuffer(8));
      d.setBigInt64(0, x);
      return push(...new Uint8Array(d.buffer));
    }
    if (typeof x === 'number') {
      if (Number.isInteger(x) && x >= 0 && x < 128) return push(x);
      if (Number.isInteger(x) && x < 0 && x >= -32) return push(x + 0x100);
      if (Number.isInteger(x) && x >= 0 && x <= 0xffffffff) return (push(0xce), be(x, 4));
      const d = new DataView(new ArrayBuffer(8));
      d.setFloat64(0, x);
      return push(0xcb, ...new Uint8Array(d.buffer));
    }
    if (typeof x === 'string') {
      const b = enc.encode(x);
      if (b.length < 32) push(0xa0 | b.length);
      else if (b.length < 256) push(0xd9, b.length);
      else {
        push(0xda);
        be(b.length, 2);
      }
      return push(...b);
    }
    if (x instanceof Uint8Array) return push(0xc4, x.length, ...x);
    if (Array.isArray(x)) {
      if (x.length < 16) push(0x90 | x.length);
      else {
        push(0xdc);
        be(x.length, 2);
      }
      for (const y of x) w(y);
      return;
    }
    const entries = Object.entries(x);
    if (entries.length < 16) push(0x80 | entries.length);
    else {
      push(0xde);
      be(entries.length, 2);
    }
    for (const [k, y] of entries) {
      w(k);
      w(y);
    }
  };
  w(value);
  return Uint8Array.from(parts);
}
