import { type RecordBatch, RecordBatchReader } from 'apache-arrow';
import { parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { batchesToIpc, EventEncoder, toRow } from '../events/event-encoder.ts';
import { EventView, requireEventColumns, SchemaError } from '../events/event-view.ts';
import { ipcHeaderProblem } from '../events/ipc-header.ts';
import { parseNdjsonLine } from '../events/ndjson.ts';
import { viewRow } from '../events/view-rows.ts';
import { isWireSchema } from '../events/wire-schema.ts';
import type { ByteSource } from './byte-source.ts';
import { CsvReader } from './csv.ts';
import { concatBytes, IPC_EOS, IpcBatchSplitter, IpcFramingError, splitIpcMessages } from './ipc-messages.ts';
import { type CellAt, wireRowFrom } from './wire-values.ts';

export type EventFormat = 'arrow-stream' | 'arrow-file' | 'parquet' | 'ndjson' | 'csv';

/** A file that cannot be read as flowbook events; the message names the file and the reason. */
export class EventFileError extends Error {
  override readonly name = 'EventFileError';
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`${file}: ${reason}`, options);
  }
}

/** Events of a file, re-encoded in the wire schema, in the file's order. */
export interface EventChunk {
  /** One Arrow IPC stream of wire-schema events. */
  readonly ipc: Uint8Array;
  readonly rows: number;
  readonly minTs: bigint;
  readonly maxTs: bigint;
  /** How far into the file the reader is. */
  readonly bytesRead: number;
}

export interface EventFileReader {
  readonly format: EventFormat;
  /** Key-value metadata of the file (Arrow schema metadata, Parquet key-value metadata). */
  readonly metadata: ReadonlyMap<string, string>;
  next(): Promise<EventChunk | null>;
  /** Rows skipped as malformed, and the first reasons as `file:line: reason` or `file: row N: reason`. */
  readonly skipped: number;
  readonly problems: readonly string[];
}

export interface EventFileOptions {
  /** Rows per chunk (the last may be shorter). */
  readonly chunkRows?: number;
  /** Bytes read from the source at a time. */
  readonly readBytes?: number;
}

const MAX_PROBLEMS = 20;
const latin1 = (b: Uint8Array) => String.fromCharCode(...b);

/** What a file is, from its first bytes (the name does not decide). */
export function sniffFormat(head: Uint8Array): EventFormat | null {
  if (head.length >= 6 && latin1(head.subarray(0, 6)) === 'ARROW1') return 'arrow-file';
  if (head.length >= 4 && latin1(head.subarray(0, 4)) === 'PAR1') return 'parquet';
  if (head.length >= 4 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff)
    return 'arrow-stream';
  // A pre-0.15 stream starts with the schema's metadata length, a small positive int32.
  if (head.length >= 8 && head[3] === 0 && head[0]! + head[1]! + head[2]! > 0 && head[4] === 0x10)
    return 'arrow-stream';
  const text = new TextDecoder('utf-8', { fatal: false })
    .decode(head.subarray(0, 4096))
    .replace(/^\uFEFF/, '');
  const first = text.trimStart()[0];
  if (first === '{') return 'ndjson';
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  if (/(^|,)"?type"?(,|$)/.test(header) && /(^|,)"?ts"?(,|$)/.test(header)) return 'csv';
  return null;
}

/**
 * Opens an event file: Arrow IPC (stream or file), Parquet, NDJSON or CSV. The returned reader
 * yields the events in wire-schema chunks. Everything wrong with the file, from its first bytes to
 * a cut-off end, is an EventFileError naming the file and the reason.
 */
export async function openEventFile(
  name: string,
  src: ByteSource,
  options: EventFileOptions = {},
): Promise<EventFileReader> {
  const fail = (reason: string, cause?: unknown): never => {
    throw new EventFileError(name, reason, cause === undefined ? undefined : { cause });
  };
  if (src.size === 0) fail('the file is empty');
  const head = await src.read(0, Math.min(src.size, 4096));
  const format = sniffFormat(head);
  if (format === null) fail('not Arrow IPC, Parquet, NDJSON or CSV (its first bytes match none of them)');
  const opts = { chunkRows: options.chunkRows ?? 65_536, readBytes: options.readBytes ?? 8 << 20 };
  const wrap = async <T>(f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      if (e instanceof EventFileError) throw e;
      if (e instanceof SchemaError) fail(e.message, e);
      return fail(`${(e as Error).message}`, e);
    }
  };
  const reader = await wrap(() => {
    if (format === 'arrow-stream' || format === 'arrow-file')
      return arrowReader(name, src, format, head, opts, fail);
    if (format === 'parquet') return parquetReader(name, src, opts);
    return textReader(name, src, format!, opts);
  });
  return {
    format: reader.format,
    get metadata() {
      return reader.metadata;
    },
    get skipped() {
      return reader.skipped;
    },
    problems: reader.problems,
    next: () => wrap(() => reader.next()),
  };
}

type Opts = { readonly chunkRows: number; readonly readBytes: number };

/** Collects rows into wire-schema chunks, passing a large enough wire-schema batch through as it is. */
class ChunkBuilder {
  private enc = new EventEncoder();
  private min = 0n;
  private max = 0n;
  skipped = 0;
  readonly problems: string[] = [];
  constructor(private readonly chunkRows: number) {}

  problem(text: string) {
    this.skipped += 1;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(text);
  }

  private track(ts: bigint) {
    if (this.enc.length === 0 || ts < this.min) this.min = ts;
    if (this.enc.length === 0 || ts > this.max) this.max = ts;
  }

  add(row: Parameters<EventEncoder['addRaw']>[0]) {
    this.track(row.ts);
    this.enc.addRaw(row);
  }

  get full(): boolean {
    return this.enc.length >= this.chunkRows;
  }

  get length(): number {
    return this.enc.length;
  }

  take(bytesRead: number): EventChunk | null {
    if (this.enc.length === 0) return null;
    const rows = this.enc.length;
    const chunk = {
      ipc: batchesToIpc([this.enc.finish()]),
      rows,
      minTs: this.min,
      maxTs: this.max,
      bytesRead,
    };
    this.enc = new EventEncoder();
    return chunk;
  }
}

/** A reader over a format's step function: each step reads more of the file into `ready`. */
function chunkedReader(
  format: EventFormat,
  metadata: () => ReadonlyMap<string, string>,
  chunks: ChunkBuilder,
  ready: EventChunk[],
  step: () => Promise<boolean>,
  pos: () => number,
): EventFileReader {
  return {
    format,
    get metadata() {
      return metadata();
    },
    get skipped() {
      return chunks.skipped;
    },
    problems: chunks.problems,
    async next(): Promise<EventChunk | null> {
      while (ready.length === 0) if (!(await step())) return chunks.take(pos());
      return ready.shift()!;
    },
  };
}

function tsRange(v: EventView): { min: bigint; max: bigint } {
  let min = v.tsNs(0);
  let max = min;
  for (let i = 1; i < v.length; i++) {
    const t = v.tsNs(i);
    if (t < min) min = t;
    if (t > max) max = t;
  }
  return { min, max };
}

async function arrowReader(
  name: string,
  src: ByteSource,
  format: EventFormat,
  head: Uint8Array,
  opts: Opts,
  fail: (reason: string, cause?: unknown) => never,
) {
  const refused = ipcHeaderProblem(head);
  if (refused) fail(`refused: ${refused}`);
  const splitter = new IpcBatchSplitter();
  const chunks = new ChunkBuilder(opts.chunkRows);
  let pos = format === 'arrow-file' ? 8 : 0;
  let buf = new Uint8Array(0);
  let ended = false;
  let metadata: ReadonlyMap<string, string> = new Map();
  const ready: EventChunk[] = [];
  let checked = false;

  const decode = (stream: Uint8Array): RecordBatch | null => {
    try {
      const r = RecordBatchReader.from(stream);
      const first = r.next();
      if (!checked) {
        metadata = r.schema.metadata;
        requireEventColumns(r.schema.fields.map((f) => f.name));
        checked = true;
      }
      return first.done ? null : first.value;
    } catch (e) {
      if (e instanceof SchemaError) throw e;
      return fail(`corrupt Arrow IPC: ${(e as Error).message}`, e);
    }
  };

  const step = async (): Promise<boolean> => {
    if (ended || pos >= src.size) {
      // A recording cut off by a closed tab or a crash ends inside its last append: what came before
      // is whole, so it is read, and the cut is reported rather than refusing the file.
      if (buf.length > 0 && !ended) {
        chunks.problem(
          `${name}: truncated Arrow IPC: ${buf.length} byte(s) of an incomplete message at the end were not read`,
        );
        buf = new Uint8Array(0);
      }
      return false;
    }
    const piece = await src.read(pos, Math.min(src.size, pos + opts.readBytes));
    pos += piece.length;
    const joined = buf.length === 0 ? piece : new Uint8Array(buf.length + piece.length);
    if (buf.length > 0) {
      joined.set(buf);
      joined.set(piece, buf.length);
    }
    let split: ReturnType<typeof splitIpcMessages>;
    try {
      split = splitIpcMessages(joined);
    } catch (e) {
      if (e instanceof IpcFramingError) fail(`corrupt Arrow IPC: ${e.message}`, e);
      throw e;
    }
    ended = split.ended;
    buf = joined.slice(split.next);
    for (const one of splitter.push(joined, split.messages)) {
      const batch = decode(one);
      if (!batch || batch.numRows === 0) continue;
      const view = new EventView(batch);
      const canonical = isWireSchema(batch.schema);
      if (canonical && chunks.length === 0 && batch.numRows >= opts.chunkRows / 2) {
        const { min, max } = tsRange(view);
        ready.push({ ipc: one, rows: batch.numRows, minTs: min, maxTs: max, bytesRead: pos });
        continue;
      }
      for (let i = 0; i < view.length; i++) {
        chunks.add(viewRow(view, i));
        if (chunks.full) ready.push(chunks.take(pos)!);
      }
    }
    if (splitter.schemaBytes === null && ended) fail('an Arrow IPC stream with no schema');
    if (!checked && splitter.schemaBytes !== null) {
      decode(concatBytes([splitter.schemaBytes, IPC_EOS]));
    }
    return true;
  };

  await step();
  return chunkedReader(
    format,
    () => metadata,
    chunks,
    ready,
    step,
    () => pos,
  );
}

async function textReader(name: string, src: ByteSource, format: EventFormat, opts: Opts) {
  const chunks = new ChunkBuilder(opts.chunkRows);
  const decoder = new TextDecoder('utf-8');
  const csv = new CsvReader();
  let header: string[] | null = null;
  let pos = 0;
  let rest = '';
  let lineNo = 0;
  const ready: EventChunk[] = [];

  const ndjsonLines = (text: string, final: boolean) => {
    const s = rest + text;
    const lines = s.split('\n');
    rest = final ? '' : (lines.pop() ?? '');
    for (const raw of lines) {
      lineNo += 1;
      const ev = parseNdjsonLine(raw);
      if (typeof ev === 'string') chunks.problem(`${name}:${lineNo}: ${ev}`);
      else if (ev) chunks.add(toRow(ev));
      if (chunks.full) ready.push(chunks.take(pos)!);
    }
  };
  const csvRecords = (text: string, final: boolean) => {
    for (const r of csv.push(text, final)) {
      if (header === null) {
        header = r.fields.map((f, i) => (i === 0 ? f.replace(/^\uFEFF/, '') : f).trim());
        requireEventColumns(header);
        continue;
      }
      const index = new Map(header.map((h, i) => [h, i]));
      const get: CellAt = (c) => {
        const i = index.get(c);
        return i === undefined ? undefined : r.fields[i];
      };
      const row = wireRowFrom(get);
      if (typeof row === 'string') chunks.problem(`${name}:${r.line}: ${row}`);
      else chunks.add(row);
      if (chunks.full) ready.push(chunks.take(pos)!);
    }
  };
  const feed = format === 'csv' ? csvRecords : ndjsonLines;
  let done = false;
  const step = async (): Promise<boolean> => {
    if (done) return false;
    const piece = await src.read(pos, Math.min(src.size, pos + opts.readBytes));
    pos += piece.length;
    const final = pos >= src.size;
    feed(decoder.decode(piece, { stream: !final }), final);
    done = final;
    return true;
  };
  return chunkedReader(
    format,
    () => new Map(),
    chunks,
    ready,
    step,
    () => pos,
  );
}

async function parquetReader(name: string, src: ByteSource, opts: Opts) {
  const file = {
    byteLength: src.size,
    slice: async (start: number, end?: number) => {
      const b = await src.read(start, end ?? src.size);
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    },
  };
  const metadata = await parquetMetadataAsync(file);
  requireEventColumns(metadata.schema.slice(1).map((s) => s.name));
  const chunks = new ChunkBuilder(opts.chunkRows);
  const ready: EventChunk[] = [];
  const groups = metadata.row_groups;
  let group = 0;
  let rowStart = 0;
  let pos = 0;
  const kv = new Map((metadata.key_value_metadata ?? []).map((m) => [m.key, m.value ?? '']));
  const step = async (): Promise<boolean> => {
    const g = groups[group];
    if (!g) return false;
    const rows = Number(g.num_rows);
    const objects = (await parquetReadObjects({
      file,
      metadata,
      rowStart,
      rowEnd: rowStart + rows,
      parsers: {
        timestampFromNanoseconds: (v: bigint) => v,
        timestampFromMicroseconds: (v: bigint) => v * 1000n,
        timestampFromMilliseconds: (v: bigint) => BigInt(v) * 1_000_000n,
      } as never,
    })) as Record<string, unknown>[];
    group += 1;
    pos = Math.round((src.size * group) / groups.length);
    objects.forEach((o, i) => {
      const row = wireRowFrom((c) => o[c]);
      if (typeof row === 'string') chunks.problem(`${name}: row ${rowStart + i + 1}: ${row}`);
      else chunks.add(row);
      if (chunks.full) ready.push(chunks.take(pos)!);
    });
    rowStart += rows;
    return true;
  };
  return chunkedReader(
    'parquet',
    () => kv,
    chunks,
    ready,
    step,
    () => pos,
  );
}
