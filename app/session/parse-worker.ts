import { expose, transfer } from 'comlink';
import {
  blobSource,
  csvParts,
  type EventChunk,
  type EventFileReader,
  type ExportFormat,
  IPC_EOS,
  openEventFile,
  RecordingWriter,
  toParquet,
} from '../../engine/index.ts';
import { installErrorTransfer } from '../../engine/rpc-errors.ts';

// Untrusted files are parsed here, never in the page or the engine: a file crafted to make a reader
// spin stalls only this worker, which the page's watchdog terminates (file-reader.ts).
let reader: EventFileReader | null = null;

const parseApi = {
  async open(file: Blob, name: string) {
    reader = await openEventFile(name, blobSource(file));
    return { format: reader.format, metadata: Object.fromEntries(reader.metadata) };
  },
  async next(): Promise<(EventChunk & { skipped: number; problems: string[] }) | null> {
    if (!reader) throw new Error('no file open');
    const c = await reader.next();
    if (!c) return null;
    return transfer({ ...c, skipped: reader.skipped, problems: [...reader.problems] }, [
      c.ipc.buffer as ArrayBuffer,
    ]);
  },
  status: () => ({ skipped: reader?.skipped ?? 0, problems: [...(reader?.problems ?? [])] }),
  /** The whole file's events converted to CSV, Parquet or an Arrow IPC stream; progress as bytes read. */
  async exportEvents(file: Blob, name: string, format: ExportFormat, progress: (fraction: number) => void) {
    const r = await openEventFile(name, blobSource(file));
    const chunks: Uint8Array[] = [];
    for (let c = await r.next(); c; c = await r.next()) {
      chunks.push(c.ipc);
      progress(c.bytesRead / file.size);
    }
    if (format === 'csv') return new Blob([...csvParts(chunks)], { type: 'text/csv' });
    if (format === 'parquet')
      return new Blob([toParquet(chunks) as BlobPart], { type: 'application/vnd.apache.parquet' });
    const writer = new RecordingWriter(r.metadata);
    const parts = [writer.header, ...chunks.map((c) => writer.append(c, 0)), IPC_EOS];
    return new Blob(parts as BlobPart[], { type: 'application/vnd.apache.arrow.stream' });
  },
};
export type ParseApi = typeof parseApi;

installErrorTransfer();
expose(parseApi);
