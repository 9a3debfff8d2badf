/**
 * Reads the first message header of Arrow IPC bytes (stream, legacy pre-0.15 stream, or file) far
 * enough to refuse what apache-arrow JS would misread: it decodes big-endian buffers as if they were
 * little-endian without an error, and accepts metadata versions newer than it knows. Returns the
 * reason to refuse, or null.
 */
export function ipcHeaderProblem(bytes: Uint8Array): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) => (at + 4 <= bytes.length ? view.getUint32(at, true) : -1);
  let at = 0;
  if (bytes.length >= 8 && String.fromCharCode(...bytes.subarray(0, 6)) === 'ARROW1') at = 8;
  if (u32(at) === 0xffffffff) at += 4;
  const length = u32(at);
  if (length <= 0) return null; // an empty stream, or not IPC: the reader says what is wrong
  const start = at + 4;
  if (start + length > bytes.length) return null;
  const fb = new DataView(bytes.buffer, bytes.byteOffset + start, length);
  // A flatbuffer table: its vtable lists each field's offset within the table (0 = absent).
  const field = (table: number, index: number): number => {
    if (table < 0 || table + 4 > length) return -1;
    const vtable = table - fb.getInt32(table, true);
    if (vtable < 0 || vtable + 4 > length) return -1;
    const vtSize = fb.getUint16(vtable, true);
    const slot = 4 + 2 * index;
    if (slot + 2 > vtSize || vtable + slot + 2 > length) return -1;
    const off = fb.getUint16(vtable + slot, true);
    return off === 0 ? -1 : table + off;
  };
  const root = fb.getUint32(0, true);
  const versionAt = field(root, 0);
  const version = versionAt >= 0 && versionAt + 2 <= length ? fb.getInt16(versionAt, true) : 0;
  // MetadataVersion V1…V5 are 0…4; a later one may change what the bytes mean.
  if (version > 4) return `its metadata version is V${version + 1}; this reader knows V1 to V5`;
  const typeAt = field(root, 1);
  const headerType = typeAt >= 0 && typeAt < length ? fb.getUint8(typeAt) : 0;
  const headerAt = field(root, 2);
  if (headerType !== 1 || headerAt < 0 || headerAt + 4 > length) return null; // 1 = Schema
  const schema = headerAt + fb.getUint32(headerAt, true);
  const endianAt = field(schema, 0);
  const endianness = endianAt >= 0 && endianAt + 2 <= length ? fb.getInt16(endianAt, true) : 0;
  return endianness === 1 ? 'it is big-endian Arrow, which this reader would decode into wrong values' : null;
}
