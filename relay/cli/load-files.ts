import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Engine, encodeEvents, type FeedEvent, parseNdjson } from '../../engine/index.ts';
import { DbnError, DbnStream, decodeMetadata } from '../feeds/databento/dbn.ts';
import { DbnNormalizer } from '../feeds/databento/normalize.ts';

export interface LoadResult {
  readonly file: string;
  readonly rows: number;
  readonly skipped: number;
  readonly messages: readonly string[];
}

const CHUNK = 65_536;

/** State shared by the files of one load: Databento instrument names carry across .dbn files. */
export interface LoadContext {
  dbn?: DbnNormalizer;
}

const ingestEvents = (engine: Engine, events: readonly FeedEvent[]): number => {
  let rows = 0;
  for (let i = 0; i < events.length; i += CHUNK)
    rows += engine.ingest(encodeEvents(events.slice(i, i + CHUNK))).rows;
  return rows;
};

/**
 * Loads an `.arrow`/`.arrows` (IPC stream or file), `.ndjson`, or Databento `.dbn` file into the
 * engine. Load several `.dbn` files with one context, definitions and statistics first.
 */
export async function loadFile(engine: Engine, path: string, ctx: LoadContext = {}): Promise<LoadResult> {
  const name = basename(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new Error(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (/\.(ndjson|jsonl)$/i.test(path)) {
    const { events, errors } = parseNdjson(bytes.toString('utf8'), name);
    const rows = ingestEvents(engine, events);
    return { file: path, rows, skipped: errors.length, messages: errors.map((e) => e.message) };
  }
  if (/\.dbn\.zst$/i.test(path))
    throw new Error(`${path}: zstd-compressed DBN; decompress it first (zstd -d ${name})`);
  if (/\.dbn$/i.test(path)) {
    try {
      const stream = new DbnStream();
      const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const records = stream.push(view);
      if (stream.metadata === null) decodeMetadata(view); // throws what is wrong with the header
      if (stream.pending > 0)
        throw new DbnError(`truncated DBN: ${stream.pending} byte(s) of an incomplete record at the end`);
      ctx.dbn ??= new DbnNormalizer();
      if (stream.metadata) ctx.dbn.metadata(stream.metadata);
      const rows = ingestEvents(engine, ctx.dbn.events(records));
      const unmapped = ctx.dbn.stats.unmappedInstruments;
      const messages =
        unmapped > 0
          ? [`${name}: ${unmapped} record(s) of instruments without a symbol mapping skipped`]
          : [];
      return { file: path, rows, skipped: 0, messages };
    } catch (e) {
      throw new Error(`${path}: ${(e as Error).message}`);
    }
  }
  if (/\.(arrow|arrows|ipc|feather)$/i.test(path)) {
    try {
      const r = engine.ingest(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return {
        file: path,
        rows: r.rows,
        skipped: r.skipped,
        messages: r.errors.map((e) => `${name}: row ${e.row + 1}: ${e.reason}`),
      };
    } catch (e) {
      throw new Error(`${path}: ${(e as Error).message}`);
    }
  }
  throw new Error(`${path}: unsupported file type (use .arrow, .arrows, .ndjson or .dbn)`);
}
