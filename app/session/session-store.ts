import { isSessionMeta, SESSIONS_DIR, type SessionMeta } from './session-meta.ts';

const dir = async () =>
  (await navigator.storage.getDirectory()).getDirectoryHandle(SESSIONS_DIR, { create: true });

export interface StoredSession extends SessionMeta {
  /** Set when the side file is unreadable: the recording is listed (and kept) all the same. */
  readonly problem?: string;
}

/** Every recording in this origin's private file system, newest first. */
export async function listSessions(): Promise<StoredSession[]> {
  const d = await dir();
  const out: StoredSession[] = [];
  for await (const [name, handle] of d as unknown as AsyncIterable<[string, FileSystemHandle]>) {
    if (handle.kind !== 'file' || !name.endsWith('.arrows')) continue;
    const id = name.slice(0, -'.arrows'.length);
    let size = 0;
    try {
      size = (await (handle as FileSystemFileHandle).getFile()).size;
    } catch {
      // unreadable for now; the description's byte count stands in
    }
    const read = async (): Promise<SessionMeta> => {
      const text = await (await (await d.getFileHandle(`${id}.json`)).getFile()).text();
      const meta: unknown = JSON.parse(text);
      if (!isSessionMeta(meta)) throw new Error(`${id}.json is not a session description`);
      return meta;
    };
    try {
      // A recorder in another tab may be rewriting the description this very moment: read again.
      const meta = await read().catch(() => new Promise((r) => setTimeout(r, 100)).then(read));
      out.push({ ...meta, bytes: size || meta.bytes });
    } catch (e) {
      out.push({
        id,
        name: id,
        started: '',
        events: 0,
        bytes: size,
        source: '',
        problem: (e as Error).message,
      });
    }
  }
  return out.sort((a, b) => b.started.localeCompare(a.started));
}

export async function sessionFile(id: string): Promise<File> {
  return (await (await dir()).getFileHandle(`${id}.arrows`)).getFile();
}

export async function renameSession(id: string, name: string): Promise<void> {
  const d = await dir();
  const h = await d.getFileHandle(`${id}.json`);
  const meta: unknown = JSON.parse(await (await h.getFile()).text());
  if (!isSessionMeta(meta)) throw new Error(`${id}.json is not a session description`);
  const w = await h.createWritable();
  await w.write(JSON.stringify({ ...meta, name }));
  await w.close();
}

export async function deleteSession(id: string): Promise<void> {
  const d = await dir();
  await d.removeEntry(`${id}.arrows`);
  await d.removeEntry(`${id}.json`).catch(() => undefined);
}

export interface StorageInfo {
  readonly usage: number;
  readonly quota: number;
  readonly persisted: boolean;
}

export async function storageInfo(): Promise<StorageInfo> {
  const e = await navigator.storage.estimate();
  return { usage: e.usage ?? 0, quota: e.quota ?? 0, persisted: await navigator.storage.persisted() };
}

/** Asks the browser not to evict this origin's storage under pressure; it may say no. */
export const requestPersist = (): Promise<boolean> => navigator.storage.persist();
