import { type Remote, transfer, wrap } from 'comlink';
import { createSignal } from 'solid-js';
import { encodeEvents, type EngineParams, type EpochNs } from '../../engine/index.ts';
import type { RecorderApi } from './recorder-worker.ts';
import type { SessionMeta } from './session-meta.ts';

const ENABLED_KEY = 'flowbook.record';

/**
 * Records the live session to OPFS in a worker (recorder-worker.ts), in arrival order, only the
 * messages the engine accepted. On by default; the choice is remembered.
 */
export function createRecorder() {
  const [enabled, setEnabledSignal] = createSignal(localStorage.getItem(ENABLED_KEY) !== 'off');
  const [current, setCurrent] = createSignal<SessionMeta | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  let api: Remote<RecorderApi> | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  let started = false;
  let params: string | null = null;

  const queue = (f: () => Promise<unknown>) => {
    chain = chain.then(f).catch((e: Error) => {
      setError(`recording stopped: ${e.message}`);
      setEnabledSignal(false);
      started = false;
      setCurrent(null);
    });
    return chain;
  };
  const timer = setInterval(() => {
    if (api && started) void api.current().then((m) => setCurrent(m));
  }, 1000);

  return {
    enabled,
    current,
    error,
    /**
     * The live engine's parameters changed (all of them in force, as setParams answered). Before the
     * recording starts they go in its header; after, as a `params` event at the latest event time,
     * in order with the messages, so a replay applies them where they applied live.
     */
    paramsChanged(p: EngineParams, latestTs: bigint | null) {
      params = JSON.stringify(p);
      if (!enabled() || !started || latestTs === null) return;
      const event = encodeEvents([{ type: 'params', ts: latestTs as EpochNs, message: params }]);
      const a = api!;
      void queue(() => a.append(transfer(event, [event.buffer as ArrayBuffer]), 1));
    },
    /** Appends one accepted relay message (a copy of its bytes, transferred). */
    append(bytes: Uint8Array, rows: number, source: string) {
      if (!enabled()) return;
      if (!started) {
        started = true;
        api ??= wrap<RecorderApi>(
          new Worker(new URL('./recorder-worker.ts', import.meta.url), { type: 'module', name: 'recorder' }),
        );
        const a = api;
        const now = new Date().toISOString();
        const id = `live-${now.replace(/[:.]/g, '-')}`;
        void queue(async () => setCurrent(await a.start(id, now, source, params)));
      }
      const a = api!;
      void queue(() => a.append(transfer(bytes, [bytes.buffer as ArrayBuffer]), rows));
    },
    /**
     * The recording so far, as a whole Arrow IPC stream, after every message appended before the
     * call; a refusal (too big) leaves the recording going.
     */
    snapshot(): Promise<Uint8Array> {
      const a = api;
      if (!a || !started) return Promise.reject(new Error('nothing is being recorded'));
      const out = chain.then(() => a.snapshot());
      chain = out.catch(() => undefined);
      return out;
    },
    /** Renames the recording in progress; resolves once its description is written. */
    async rename(name: string): Promise<void> {
      const a = api;
      if (a && started) await queue(() => a.rename(name));
    },
    async stop(): Promise<void> {
      const a = api;
      if (!a || !started) return;
      started = false;
      await queue(() => a.stop());
      setCurrent(null);
    },
    setEnabled(on: boolean) {
      localStorage.setItem(ENABLED_KEY, on ? 'on' : 'off');
      setEnabledSignal(on);
      setError(null);
      if (!on) return this.stop();
      return Promise.resolve();
    },
    dispose() {
      clearInterval(timer);
    },
  };
}
export type Recorder = ReturnType<typeof createRecorder>;
