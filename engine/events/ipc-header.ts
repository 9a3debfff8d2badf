import { flatTables } from '../session/ipc-messages.ts';

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
  const t = flatTables(new DataView(bytes.buffer, bytes.byteOffset + start, length));
  // MetadataVersion V1…V5 are 0…4; a later one may change what the bytes mean.
  const version = t.int(t.root, 0, 2);
  if (version > 4) return `its metadata version is V${version + 1}; this reader knows V1 to V5`;
  if (t.int(t.root, 1, 1) !== 1) return null; // 1 = Schema
  const schema = t.table(t.root, 2);
  if (schema < 0) return null;
  return t.int(schema, 0, 2) === 1
    ? 'it is big-endian Arrow, which this reader would decode into wrong values'
    : null;
}
