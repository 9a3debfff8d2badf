import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { bytesSource, type Engine, encodeEvents, type FeedEvent, openEventFile } from '../../engine/index.ts';
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
 * Loads a Databento `.dbn` file, or an event file in any format the browser opens (Arrow IPC stream
 * or file, Parquet, NDJSON, CSV; told apart by their bytes), into the engine. Load several `.dbn` files with one context, definitions and statistics first.
 */
export async function loadFile(engine: Engine, path: string, ctx: LoadContext = {}): Promise<LoadResult> {
  const name = basename(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new Error(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
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
  return loadEventFile(engine, path, bytes);
}

/** Arrow IPC (stream or file), Parquet, NDJSON or CSV, read as the browser reads them (engine/session/event-file.ts). */
async function loadEventFile(engine: Engine, path: string, bytes: Buffer): Promise<LoadResult> {
  const reader = await openEventFile(
    path,
    bytesSource(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
  );
  let rows = 0;
  let skipped = 0;
  const messages: string[] = [];
  for (let chunk = await reader.next(); chunk; chunk = await reader.next()) {
    const r = engine.ingest(chunk.ipc);
    rows += r.rows - r.skipped;
    skipped += r.skipped;
    for (const e of r.errors)
      if (messages.length < 20) messages.push(`${path}: event ${rows + e.row + 1}: ${e.reason}`);
  }
  return {
    file: path,
    rows: rows + skipped,
    skipped: skipped + reader.skipped,
    messages: [...reader.problems, ...messages],
  };
}
