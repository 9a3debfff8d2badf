/** Message header types of the Arrow IPC format (Message.fbs `MessageHeader`). */
export const IPC_SCHEMA = 1;
export const IPC_DICTIONARY = 2;
export const IPC_RECORD_BATCH = 3;

/** The end-of-stream marker: a continuation token and a zero metadata length. */
export const IPC_EOS = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0);

export interface IpcMessage {
  readonly headerType: number;
  /** Byte range of the whole message (prefix, metadata and body) in the input. */
  readonly start: number;
  readonly end: number;
  /** DictionaryBatch only: its id and whether it extends (true) or replaces the dictionary. */
  readonly dictionaryId: number;
  readonly isDelta: boolean;
}

/** Thrown when bytes are not framed as Arrow IPC messages. */
export class IpcFramingError extends Error {
  override readonly name = 'IpcFramingError';
}

/** Reads flatbuffer tables far enough for message framing: each field's position, or −1 when absent. */
export function flatTables(fb: DataView) {
  const length = fb.byteLength;
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
  const table = (parent: number, index: number): number => {
    const at = field(parent, index);
    return at >= 0 && at + 4 <= length ? at + fb.getUint32(at, true) : -1;
  };
  const int = (table: number, index: number, bytes: 1 | 2 | 8): number => {
    const at = field(table, index);
    if (at < 0 || at + bytes > length) return 0;
    if (bytes === 1) return fb.getUint8(at);
    if (bytes === 2) return fb.getInt16(at, true);
    return Number(fb.getBigInt64(at, true));
  };
  const root = length >= 4 ? fb.getUint32(0, true) : -1;
  return { field, table, int, root };
}

/**
 * Splits the complete messages at the front of Arrow IPC stream bytes (modern framing with the
 * 0xFFFFFFFF continuation, or the pre-0.15 one without). Returns them, where the unread rest begins,
 * and whether the end-of-stream marker was reached. A message cut off at the end is left unread.
 */
export function splitIpcMessages(
  bytes: Uint8Array,
  from = 0,
): { messages: IpcMessage[]; next: number; ended: boolean } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const messages: IpcMessage[] = [];
  let at = from;
  while (at + 4 <= bytes.length) {
    let prefix = 4;
    let metaLength = view.getInt32(at, true);
    if (metaLength === -1) {
      if (at + 8 > bytes.length) break;
      metaLength = view.getInt32(at + 4, true);
      prefix = 8;
    }
    if (metaLength === 0) return { messages, next: at + prefix, ended: true };
    if (metaLength < 0 || metaLength > 64 * 1024 * 1024)
      throw new IpcFramingError(`bad message length ${metaLength} at byte ${at}`);
    const metaStart = at + prefix;
    if (metaStart + metaLength > bytes.length) break;
    const fb = new DataView(bytes.buffer, bytes.byteOffset + metaStart, metaLength);
    const t = flatTables(fb);
    const headerType = t.int(t.root, 1, 1);
    const bodyLength = t.int(t.root, 3, 8);
    if (headerType < 1 || headerType > 5 || bodyLength < 0 || !Number.isSafeInteger(bodyLength))
      throw new IpcFramingError(`bad message header at byte ${at}`);
    const end = metaStart + metaLength + bodyLength;
    if (end > bytes.length) break;
    let dictionaryId = -1;
    let isDelta = false;
    if (headerType === IPC_DICTIONARY) {
      const header = t.table(t.root, 2);
      dictionaryId = t.int(header, 0, 8);
      isDelta = t.int(header, 2, 1) !== 0;
    }
    messages.push({ headerType, start: at, end, dictionaryId, isDelta });
    at = end;
  }
  return { messages, next: at, ended: false };
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
export { concat as concatBytes };

/**
 * Turns the messages of a stream into standalone single-batch streams (schema, the dictionaries in
 * force, one record batch, end of stream), which any reader decodes alone. Dictionary replacements
 * and deltas are tracked per id, as the stream format defines them.
 */
export class IpcBatchSplitter {
  private schema: Uint8Array | null = null;
  private readonly dictionaries = new Map<number, Uint8Array[]>();

  get schemaBytes(): Uint8Array | null {
    return this.schema;
  }

  /** Feeds messages of `bytes`; returns one standalone stream per record batch among them. */
  push(bytes: Uint8Array, messages: readonly IpcMessage[]): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const m of messages) {
      const part = bytes.subarray(m.start, m.end);
      if (m.headerType === IPC_SCHEMA) {
        if (this.schema === null) this.schema = part.slice();
      } else if (m.headerType === IPC_DICTIONARY) {
        const list = m.isDelta ? (this.dictionaries.get(m.dictionaryId) ?? []) : [];
        list.push(part.slice());
        this.dictionaries.set(m.dictionaryId, list);
      } else if (m.headerType === IPC_RECORD_BATCH) {
        if (this.schema === null) throw new IpcFramingError('a record batch before the schema');
        out.push(concat([this.schema, ...[...this.dictionaries.values()].flat(), part, IPC_EOS]));
      }
    }
    return out;
  }
}
