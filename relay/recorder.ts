import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type EngineParamsInput, IPC_EOS, RECORDING_KEYS, RecordingWriter } from '../engine/index.ts';

/** How often the recording is forced to disk; a crash loses at most this much. */
export const RECORD_FSYNC_MS = 1000;

export interface FileRecorder {
  readonly path: string;
  readonly rows: () => number;
  record(ipc: Uint8Array, rows: number): void;
  close(): void;
}

/**
 * Records every batch the relay sends to `DIR/flowbook-<start>.arrows`: one Arrow IPC stream in the
 * recording layout (engine/session/recording.ts), synced every second and closed with its
 * end-of-stream marker.
 */
export function createFileRecorder(
  dir: string,
  meta: { source: string; params?: EngineParamsInput | undefined; now: number },
): FileRecorder {
  mkdirSync(dir, { recursive: true });
  const started = new Date(meta.now).toISOString();
  const path = join(dir, `flowbook-${started.replace(/[:.]/g, '-')}.arrows`);
  const writer = new RecordingWriter(
    new Map([
      [RECORDING_KEYS.started, started],
      [RECORDING_KEYS.source, meta.source],
      ...(meta.params ? [[RECORDING_KEYS.params, JSON.stringify(meta.params)] as [string, string]] : []),
    ]),
  );
  const fd = openSync(path, 'wx', 0o600);
  writeSync(fd, writer.header);
  let dirty = false;
  const timer = setInterval(() => {
    if (!dirty) return;
    fsyncSync(fd);
    dirty = false;
  }, RECORD_FSYNC_MS);
  timer.unref();
  let open = true;
  return {
    path,
    rows: () => writer.rows,
    record(ipc, rows) {
      if (!open) return;
      writeSync(fd, writer.append(ipc, rows));
      dirty = true;
    },
    close() {
      if (!open) return;
      open = false;
      clearInterval(timer);
      writeSync(fd, IPC_EOS);
      fsyncSync(fd);
      closeSync(fd);
    },
  };
}
