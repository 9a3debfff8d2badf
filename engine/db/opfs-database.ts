import { type DuckDBBindings, DuckDBDataProtocol } from '@duckdb/duckdb-wasm/browser-blocking';
import type { EngineStorage } from '../engine.ts';
import { emptyDatabaseFile } from './empty-database.ts';
import { FILE_DATABASE_MEMORY_LIMIT } from './memory-limit.ts';

/** The Origin Private File System directory of the engines' database files (one per engine worker). */
export const ENGINE_DIR = 'flowbook-engine';
/**
 * The engine's database file in the Origin Private File System, with its write-ahead log, opened
 * with synchronous access handles (worker only) and registered with DuckDB-WASM under one name. The
 * file holds only this session's derived tables: it is emptied when the engine starts over and
 * deleted by the next worker that finds it unlocked (a closed tab's), never read back.
 */
export class OpfsDatabase {
  private constructor(
    readonly storage: EngineStorage,
    private readonly files: readonly { readonly name: string; readonly handle: FileSystemSyncAccessHandle }[],
  ) {}

  /** Opens a fresh database file, or says why it could not (no OPFS sync access in this browser). */
  static async open(
    db: DuckDBBindings,
    memoryLimit = FILE_DATABASE_MEMORY_LIMIT,
  ): Promise<OpfsDatabase | string> {
    const files: { name: string; handle: FileSystemSyncAccessHandle }[] = [];
    try {
      const root = await navigator.storage.getDirectory();
      const dir = await root.getDirectoryHandle(ENGINE_DIR, { create: true });
      await removeUnlocked(dir);
      const name = `session-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}.duckdb`;
      for (const n of [name, `${name}.wal`]) {
        const file = await dir.getFileHandle(n, { create: true });
        files.push({ name: n, handle: await file.createSyncAccessHandle() });
      }
      const opened = new OpfsDatabase({ path: name, memoryLimit }, files);
      opened.renew(db);
      return opened;
    } catch (cause) {
      for (const f of files) f.handle.close();
      return `no Origin Private File System database (${(cause as Error).message ?? String(cause)})`;
    }
  }

  /** Empties the files (an empty database, no log) and registers them with DuckDB again. */
  renew(db: DuckDBBindings): void {
    const empty = emptyDatabaseFile();
    for (const [i, f] of this.files.entries()) {
      f.handle.truncate(0);
      if (i === 0) f.handle.write(empty, { at: 0 });
      f.handle.flush();
      db.registerFileHandle(f.name, unsynced(f.handle), DuckDBDataProtocol.BROWSER_FSACCESS, true);
    }
  }

  /** Bytes the database and its log take on disk now. */
  bytes(): number {
    return this.files.reduce((n, f) => n + f.handle.getSize(), 0);
  }
}

/**
 * The handle as DuckDB-WASM uses it (read, write, truncate, getSize, flush), without flush: DuckDB
 * syncs the log on every commit, and each OPFS flush waits for the disk, while this file is never
 * read back after the worker ends, so nothing needs to be durable.
 */
function unsynced(h: FileSystemSyncAccessHandle) {
  return {
    read: (b: Uint8Array, o: { at: number }) => h.read(b, o),
    write: (b: Uint8Array, o: { at: number }) => h.write(b, o),
    truncate: (n: number) => h.truncate(n),
    getSize: () => h.getSize(),
    flush: () => undefined,
    close: () => h.close(),
  };
}

/** Deletes files other workers left behind: a file another open tab uses is locked and stays. */
async function removeUnlocked(dir: FileSystemDirectoryHandle): Promise<void> {
  const names: string[] = [];
  for await (const key of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(key);
  for (const n of names) await dir.removeEntry(n).catch(() => undefined);
}
