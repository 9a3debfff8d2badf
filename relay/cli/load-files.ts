import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Engine, encodeEvents, parseNdjson } from '../../engine/index.ts';

export interface LoadResult {
  readonly file: string;
  readonly rows: number;
  readonly skipped: number;
  readonly messages: readonly string[];
}

const CHUNK = 65_536;

/** Loads an `.arrow`/`.arrows` (IPC stream or file) or `.ndjson` event file into the engine. */
export async function loadFile(engine: Engine, path: string): Promise<LoadResult> {
  const name = basename(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new Error(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (/\.(ndjson|jsonl)$/i.test(path)) {
    const { events, errors } = parseNdjson(bytes.toString('utf8'), name);
    let rows = 0;
    for (let i = 0; i < events.length; i += CHUNK) {
      rows += engine.ingest(encodeEvents(events.slice(i, i + CHUNK))).rows;
    }
    return { file: path, rows, skipped: errors.length, messages: errors.map((e) => e.message) };
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
  throw new Error(`${path}: unsupported file type (use .arrow, .arrows or .ndjson)`);
}
