import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { EXPORT_EXTENSIONS } from '../../engine/index.ts';
import { DraftInput } from '../components/DraftInput.tsx';
import { fmtMb } from '../format.ts';
import { download, EXPORT_FORMATS, exportEventFile } from './file-reader.ts';
import { keyedStorage } from './keyed-storage.ts';
import type { Recorder } from './recorder.ts';
import { RelayRecordings } from './RelayRecordings.tsx';
import {
  deleteSession,
  listSessions,
  renameSession,
  requestPersist,
  sessionFile,
  type StoredSession,
  storageInfo,
} from './session-store.ts';

export const OPEN_ACCEPT = '.arrow,.arrows,.ipc,.feather,.parquet,.ndjson,.jsonl,.csv';

/**
 * Recorded sessions in OPFS: record on/off, rename, replay, export, delete; storage use and
 * whether the browser keeps it (navigator.storage.persist()); and opening a file.
 */
export function SessionsPanel(props: {
  recorder: Recorder;
  /** The launch token, for the relay's recordings (/api/recordings). */
  token: string;
  onReplay: (file: Blob, name: string) => void;
  onClose: () => void;
}) {
  const rec = props.recorder;
  // Listed again when a recording starts or stops, so the one in progress is always in the list.
  const liveId = createMemo(() => rec.current()?.id ?? 'none');
  const [sessions, { refetch }] = createResource(liveId, () => listSessions(), {
    storage: keyedStorage<StoredSession[]>('id'),
  });
  const [storage, { refetch: refetchStorage }] = createResource(storageInfo);
  const [error, setError] = createSignal<string | null>(null);
  const [exporting, setExporting] = createSignal<{ id: string; progress: number } | null>(null);
  /** Runs an action, shows its error, and reads the list again; false when it failed. */
  const act = async (f: () => Promise<unknown>): Promise<boolean> => {
    setError(null);
    let ok = true;
    try {
      await f();
    } catch (e) {
      setError((e as Error).message);
      ok = false;
    }
    void refetchStorage();
    await refetch();
    return ok;
  };
  const active = (id: string) => rec.current()?.id === id;
  /** A recording's bytes: the file, or for the one in progress a copy of what it holds now. */
  const bytesOf = async (id: string): Promise<Blob> =>
    active(id) ? new Blob([(await rec.snapshot()) as Uint8Array<ArrayBuffer>]) : sessionFile(id);
  return (
    <div class="sessions-panel" data-testid="sessions-panel">
      <div class="sessions-head">
        <strong>Sessions</strong>
        <label>
          <input
            type="checkbox"
            data-testid="record-toggle"
            checked={rec.enabled()}
            onChange={(e) => void act(() => rec.setEnabled(e.currentTarget.checked))}
          />{' '}
          record the live session
        </label>
        <Show when={rec.current()}>
          {(c) => (
            <span class="stat" data-testid="recording-status">
              ● {c().name}: {c().events.toLocaleString()} events, {fmtMb(c().bytes)}
            </span>
          )}
        </Show>
        <label class="open-file">
          Open file…{' '}
          <input
            type="file"
            data-testid="open-file"
            accept={OPEN_ACCEPT}
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              if (f) props.onReplay(f, f.name);
              e.currentTarget.value = '';
            }}
          />
        </label>
        <button type="button" onClick={() => props.onClose()}>
          Close
        </button>
      </div>
      <Show when={storage()}>
        {(s) => (
          <div class="storage" data-testid="storage-info" data-persisted={String(s().persisted)}>
            Storage: {fmtMb(s().usage)} used of {fmtMb(s().quota)}.{' '}
            {s().persisted
              ? 'Persistent: the browser will not evict it.'
              : 'Not persistent: the browser may evict it under storage pressure.'}{' '}
            <Show when={!s().persisted}>
              <button
                type="button"
                onClick={() =>
                  void act(async () => {
                    if (!(await requestPersist()))
                      throw new Error('the browser declined to make storage persistent');
                  })
                }
              >
                Keep my data
              </button>
            </Show>
          </div>
        )}
      </Show>
      <Show when={rec.error() ?? error()}>
        <div class="warn" data-testid="sessions-error">
          {rec.error() ?? error()}
        </div>
      </Show>
      <table class="sessions">
        <thead>
          <tr>
            <th>name</th>
            <th>started</th>
            <th>events</th>
            <th>size</th>
            <th />
          </tr>
        </thead>
        <tbody>
          <For
            each={sessions() ?? []}
            fallback={
              <tr>
                <td colSpan={5}>No recorded sessions yet.</td>
              </tr>
            }
          >
            {(s) => (
              <tr data-testid="session-row" data-id={s.id}>
                <td>
                  <DraftInput
                    value={s.name}
                    data-testid="session-name"
                    title={s.problem ?? ''}
                    commit={async (text) => {
                      const name = text.trim() || s.name;
                      return act(() => (active(s.id) ? rec.rename(name) : renameSession(s.id, name)));
                    }}
                  />
                </td>
                <td>{s.started.replace('T', ' ').slice(0, 19)}</td>
                <td>
                  {active(s.id) ? (rec.current()?.events ?? 0).toLocaleString() : s.events.toLocaleString()}
                </td>
                <td>{fmtMb(s.bytes)}</td>
                <td>
                  <Show when={active(s.id)}>
                    <span class="stat">recording</span>{' '}
                  </Show>
                  <Show
                    when={!active(s.id)}
                    fallback={
                      <button
                        type="button"
                        data-testid="session-replay-so-far"
                        title="Replays what was recorded up to now; recording goes on"
                        onClick={() =>
                          void act(async () => props.onReplay(await bytesOf(s.id), `${s.name} (so far)`))
                        }
                      >
                        Replay so far
                      </button>
                    }
                  >
                    <button
                      type="button"
                      data-testid="session-replay"
                      onClick={() => void act(async () => props.onReplay(await bytesOf(s.id), s.name))}
                    >
                      Replay
                    </button>
                  </Show>
                  <For each={EXPORT_FORMATS}>
                    {(f) => (
                      <button
                        type="button"
                        data-testid={`session-export-${f}`}
                        disabled={exporting() !== null}
                        title={active(s.id) ? 'Exports what was recorded up to now; recording goes on' : ''}
                        onClick={() =>
                          void act(async () => {
                            setExporting({ id: s.id, progress: 0 });
                            try {
                              const blob = await exportEventFile(await bytesOf(s.id), s.name, f, (p) =>
                                setExporting({ id: s.id, progress: p }),
                              );
                              download(blob, `${s.name.replace(/[^\w.-]+/g, '_')}${EXPORT_EXTENSIONS[f]}`);
                            } finally {
                              setExporting(null);
                            }
                          })
                        }
                      >
                        {f}
                      </button>
                    )}
                  </For>
                  <Show when={exporting()?.id === s.id}>
                    <progress data-testid="export-progress" max="1" value={exporting()!.progress} />
                  </Show>
                  <button
                    type="button"
                    data-testid="session-delete"
                    onClick={() => {
                      const live = active(s.id);
                      const question = live
                        ? `Stop recording "${s.name}" and delete it?${rec.enabled() ? ' Recording goes on in a new session.' : ''}`
                        : `Delete the recording "${s.name}"?`;
                      if (!confirm(question)) return;
                      void act(async () => {
                        if (live) await rec.stop();
                        await deleteSession(s.id);
                      });
                    }}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <RelayRecordings token={props.token} onReplay={props.onReplay} act={act} />
    </div>
  );
}
