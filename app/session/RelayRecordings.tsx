import { createResource, createSignal, For, Show } from 'solid-js';
import { EXPORT_EXTENSIONS, type ExportFormat, type RelayRecording } from '../../engine/index.ts';
import { DraftInput } from '../components/DraftInput.tsx';
import { fmtMb } from '../format.ts';
import { download, EXPORT_FORMATS, exportEventFile, refuseOversize } from './file-reader.ts';
import { keyedStorage } from './keyed-storage.ts';
import {
  deleteRelayRecording,
  fetchRelayRecording,
  listRelayRecordings,
  renameRelayRecording,
} from './relay-recordings.ts';

/**
 * The recordings `flowbook serve --record DIR` wrote: replay (the one being written, up to now),
 * export and delete. They stay in the relay's folder; a replay downloads one into the browser's memory
 * (a large one goes to disk) and never copies it into the origin's storage.
 */
export function RelayRecordings(props: {
  token: string;
  onReplay: (file: Blob, name: string) => void;
  /** Runs an action, shows its error in the panel; false when it failed. */
  act: (f: () => Promise<unknown>) => Promise<boolean>;
}) {
  const [listing, { refetch }] = createResource(() => listRelayRecordings(props.token), {
    storage: keyedStorage('name'),
  });
  const [busy, setBusy] = createSignal<{ name: string; what: string; progress: number } | null>(null);
  const act = async (f: () => Promise<unknown>) => {
    const ok = await props.act(f);
    await refetch();
    return ok;
  };
  /** Downloads, then converts, with one progress bar: the download is the first half when converting. */
  const run = async (r: RelayRecording, what: string, format: ExportFormat | null) => {
    refuseOversize(r.name, r.bytes);
    setBusy({ name: r.name, what, progress: 0 });
    try {
      const share = format ? 0.5 : 1;
      const blob = await fetchRelayRecording(props.token, r.name, (p) =>
        setBusy({ name: r.name, what, progress: p * share }),
      );
      if (format === null) return props.onReplay(blob, r.recording ? `${r.name} (so far)` : r.name);
      const out = await exportEventFile(blob, r.name, format, (p) =>
        setBusy({ name: r.name, what, progress: 0.5 + p / 2 }),
      );
      download(out, `${r.name.replace(/\.arrows$/, '')}${EXPORT_EXTENSIONS[format]}`);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Show
      when={listing.error === undefined}
      fallback={
        <div class="warn" data-testid="relay-recordings-error">
          The relay's recordings could not be listed: {(listing.error as Error | undefined)?.message}
        </div>
      }
    >
      <Show when={listing()?.dir}>
        {(dir) => (
          <div data-testid="relay-recordings">
            <div class="relay-recordings-head">
              <strong>Recorded by the relay</strong> <span class="stat">in {dir()}</span>{' '}
              <button type="button" onClick={() => void refetch()}>
                Refresh
              </button>
            </div>
            <table class="sessions">
              <thead>
                <tr>
                  <th>name</th>
                  <th>last written</th>
                  <th>size</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                <For
                  each={listing()?.recordings ?? []}
                  fallback={
                    <tr>
                      <td colSpan={4}>No recordings in this folder yet.</td>
                    </tr>
                  }
                >
                  {(r) => (
                    <tr
                      data-testid="relay-recording-row"
                      data-name={r.name}
                      data-recording={String(r.recording)}
                    >
                      <td>
                        <DraftInput
                          value={r.name.replace(/\.arrows$/, '')}
                          data-testid="relay-recording-name"
                          disabled={r.recording}
                          title={
                            r.recording ? 'The relay is writing it: stop the relay to rename it' : r.name
                          }
                          commit={async (text) => {
                            const to = text.trim();
                            if (!to || `${to}.arrows` === r.name) return true;
                            return act(() => renameRelayRecording(props.token, r.name, to));
                          }}
                        />
                      </td>
                      <td>{r.modified.replace('T', ' ').slice(0, 19)}</td>
                      <td>{fmtMb(r.bytes)}</td>
                      <td>
                        <Show when={r.recording}>
                          <span class="stat">recording</span>{' '}
                        </Show>
                        <button
                          type="button"
                          data-testid="relay-recording-replay"
                          disabled={busy() !== null}
                          title={
                            r.recording ? 'Replays what the relay recorded up to now; recording goes on' : ''
                          }
                          onClick={() => void act(() => run(r, 'replay', null))}
                        >
                          {r.recording ? 'Replay so far' : 'Replay'}
                        </button>
                        <For each={EXPORT_FORMATS}>
                          {(f) => (
                            <button
                              type="button"
                              data-testid={`relay-recording-export-${f}`}
                              disabled={busy() !== null}
                              onClick={() => void act(() => run(r, f, f))}
                            >
                              {f}
                            </button>
                          )}
                        </For>
                        <button
                          type="button"
                          data-testid="relay-recording-delete"
                          disabled={r.recording || busy() !== null}
                          title={r.recording ? 'The relay is writing it: stop the relay first' : ''}
                          onClick={() => {
                            if (confirm(`Delete ${r.name} from the relay's folder?`))
                              void act(() => deleteRelayRecording(props.token, r.name));
                          }}
                        >
                          Delete
                        </button>
                        <Show when={busy()?.name === r.name}>
                          <progress
                            data-testid="relay-recording-progress"
                            title={busy()!.what}
                            max="1"
                            value={busy()!.progress}
                          />
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </Show>
    </Show>
  );
}
