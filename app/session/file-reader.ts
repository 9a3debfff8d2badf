import { proxy, type Remote, wrap } from 'comlink';
import type { EventChunk, ExportFormat } from '../../engine/index.ts';
import type { ParseApi } from './parse-worker.ts';
import { fragmentParam } from '../url-fragment.ts';

/** Largest file opened; a bigger one is refused before any byte is read. */
export const MAX_OPEN_BYTES = 4 * 1024 ** 3;
/** How long the parse worker may take over one step before the watchdog stops it. */
export const PARSE_WATCHDOG_MS = 15_000;
/** The watchdog in force: `watchdog=MS` in the URL fragment overrides it (docs/sessions.md). */
export const parseWatchdogMs = (): number => {
  const v = Number(fragmentParam('watchdog'));
  return Number.isFinite(v) && v > 0 ? v : PARSE_WATCHDOG_MS;
};

/** Throws the file-size refusal for a file over MAX_OPEN_BYTES, before any byte is read or fetched. */
export function refuseOversize(name: string, bytes: number): void {
  if (bytes > MAX_OPEN_BYTES)
    throw new FileOpenError(
      `${name}: ${(bytes / 1024 ** 3).toFixed(1)} GiB is over the ${MAX_OPEN_BYTES / 1024 ** 3} GiB limit`,
    );
}

export class FileOpenError extends Error {
  override readonly name = 'FileOpenError';
}

export type FileChunk = EventChunk & { readonly skipped: number; readonly problems: readonly string[] };

/**
 * Reads an untrusted event file in a parse worker; every call races a watchdog that terminates the
 * worker when it stops answering. Errors name the file and the reason.
 */
export class FileReaderClient {
  private worker: Worker | null;
  private readonly api: Remote<ParseApi>;
  format = '';
  metadata: Record<string, string> = {};

  private constructor(
    readonly file: Blob,
    readonly name: string,
  ) {
    this.worker = new Worker(new URL('./parse-worker.ts', import.meta.url), {
      type: 'module',
      name: 'parse',
    });
    this.api = wrap<ParseApi>(this.worker);
  }

  static async open(file: Blob, name: string): Promise<FileReaderClient> {
    refuseOversize(name, file.size);
    const r = new FileReaderClient(file, name);
    const head = await r.guard(r.api.open(file, name));
    r.format = head.format;
    r.metadata = head.metadata;
    return r;
  }

  next(): Promise<FileChunk | null> {
    return this.guard(this.api.next());
  }

  close(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  private guard<T>(p: Promise<T>): Promise<T> {
    let timer = 0;
    const ms = parseWatchdogMs();
    const watchdog = new Promise<never>((_, reject) => {
      timer = self.setTimeout(() => {
        this.close();
        reject(
          new FileOpenError(
            `${this.name}: the reader stopped answering for ${ms / 1000} s and was stopped (a malformed file can make a reader spin)`,
          ),
        );
      }, ms);
    });
    return Promise.race([
      p.catch((e: Error) => {
        this.close();
        throw e.name === 'EventFileError'
          ? new FileOpenError(e.message)
          : new FileOpenError(`${this.name}: ${e.message}`);
      }),
      watchdog,
    ]).finally(() => clearTimeout(timer));
  }
}

/** The formats a session or a result exports to. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['arrow', 'csv', 'parquet'];

/** Converts a whole event file in a parse worker (with the same size cap) and reports progress. */
export async function exportEventFile(
  file: Blob,
  name: string,
  format: ExportFormat,
  progress: (fraction: number) => void,
): Promise<Blob> {
  refuseOversize(name, file.size);
  const worker = new Worker(new URL('./parse-worker.ts', import.meta.url), {
    type: 'module',
    name: 'export',
  });
  try {
    return await wrap<ParseApi>(worker).exportEvents(file, name, format, proxy(progress));
  } finally {
    worker.terminate();
  }
}

/** Saves bytes as a download. */
export function download(data: Blob | Uint8Array, name: string): void {
  const blob = data instanceof Blob ? data : new Blob([data as BlobPart]);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
