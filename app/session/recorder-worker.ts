import { expose, transfer } from 'comlink';
import { IPC_EOS, RECORDING_KEYS, RecordingWriter } from '../../engine/index.ts';
import { SESSIONS_DIR, type SessionMeta } from './session-meta.ts';

/** How often the recording is flushed to disk: a closed tab loses at most this much. */
export const RECORD_FLUSH_MS = 2000;
/** The largest recording replayed or exported while it records: both read a copy held in memory. */
export const SNAPSHOT_MAX_BYTES = 512 * 1024 ** 2;

// A sync access handle (workers only) writes in place: flush() makes the bytes durable, whereas a
// writable stream from createWritable() commits only on close().
type SyncHandle = {
  read(b: Uint8Array, o: { at: number }): number;
  write(b: Uint8Array, o: { at: number }): number;
  flush(): void;
  close(): void;
  truncate(n: number): void;
  getSize(): number;
};
type FileHandle = FileSystemFileHandle & { createSyncAccessHandle(): Promise<SyncHandle> };

let data: SyncHandle | null = null;
let metaFile: SyncHandle | null = null;
let meta: SessionMeta | null = null;
let writer: RecordingWriter | null = null;
let dirty = false;
let timer = 0;

const writeMeta = () => {
  if (!metaFile || !meta) return;
  const b = new TextEncoder().encode(JSON.stringify(meta));
  // Written over the old text, then cut to length, so a reader never finds the file empty.
  metaFile.write(b, { at: 0 });
  metaFile.truncate(b.length);
  metaFile.flush();
};

const flush = () => {
  if (!data || !dirty) return;
  data.flush();
  writeMeta();
  dirty = false;
};

const recorderApi = {
  async start(id: string, started: string, source: string, params: string | null): Promise<SessionMeta> {
    if (data) throw new Error('already recording');
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle(SESSIONS_DIR, { create: true });
    const file = (await dir.getFileHandle(`${id}.arrows`, { create: true })) as FileHandle;
    const mf = (await dir.getFileHandle(`${id}.json`, { create: true })) as FileHandle;
    data = await file.createSyncAccessHandle();
    metaFile = await mf.createSyncAccessHandle();
    const md = new Map<string, string>([
      [RECORDING_KEYS.started, started],
      [RECORDING_KEYS.source, source],
    ]);
    if (params) md.set(RECORDING_KEYS.params, params);
    writer = new RecordingWriter(md);
    data.truncate(0);
    data.write(writer.header, { at: 0 });
    meta = {
      id,
      name: `Live ${started.slice(0, 16).replace('T', ' ')}`,
      started,
      events: 0,
      bytes: writer.header.length,
      source,
    };
    writeMeta();
    timer = self.setInterval(flush, RECORD_FLUSH_MS);
    return { ...meta };
  },
  append(message: Uint8Array, rows: number): void {
    if (!data || !writer || !meta) return;
    const b = writer.append(message, rows);
    data.write(b, { at: meta.bytes });
    meta.bytes += b.length;
    meta.events += rows;
    dirty = true;
  },
  rename(name: string): void {
    if (!meta) return;
    meta.name = name;
    writeMeta();
  },
  current: (): SessionMeta | null => (meta ? { ...meta } : null),
  /**
   * The recording so far as a whole Arrow IPC stream (its bytes, then an end-of-stream marker), to
   * replay or export while recording goes on. Refused above SNAPSHOT_MAX_BYTES.
   */
  snapshot(): Uint8Array {
    if (!data || !meta) throw new Error('nothing is being recorded');
    const n = meta.bytes;
    if (n > SNAPSHOT_MAX_BYTES)
      throw new Error(
        `the recording is ${(n / 1024 ** 2).toFixed(0)} MB, over the ${SNAPSHOT_MAX_BYTES / 1024 ** 2} MB that can be replayed or exported while it records: stop recording first`,
      );
    flush();
    const out = new Uint8Array(n + IPC_EOS.length);
    const read = data.read(out.subarray(0, n), { at: 0 });
    if (read !== n) throw new Error(`read ${read} of the recording's ${n} bytes`);
    out.set(IPC_EOS, n);
    return transfer(out, [out.buffer]);
  },
  stop(): SessionMeta | null {
    if (!data || !meta) return null;
    clearInterval(timer);
    data.write(IPC_EOS, { at: meta.bytes });
    meta.bytes += IPC_EOS.length;
    dirty = true;
    flush();
    data.close();
    metaFile?.close();
    const done = { ...meta };
    data = null;
    metaFile = null;
    meta = null;
    writer = null;
    return done;
  },
};
export type RecorderApi = typeof recorderApi;

expose(recorderApi);
