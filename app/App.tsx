import { createSignal, onCleanup, Show } from 'solid-js';
import { createRecorder } from './session/recorder.ts';
import { createReplay, type ReplayController } from './session/replay-controller.ts';
import { ReplayBar } from './session/ReplayBar.tsx';
import { SessionsPanel } from './session/SessionsPanel.tsx';
import { ConnectionBadge } from './components/ConnectionBadge.tsx';
import { QualityBadge } from './components/QualityBadge.tsx';
import type { EngineParamsInput } from '../engine/index.ts';
import { type EngineClient, ingestTransfer } from './engine-client.ts';
import { createFeedSocket } from './feed-socket.ts';
import { NotebookShell } from './notebook/NotebookShell.tsx';
import { mark } from './timing.ts';

export function App(props: { engine: EngineClient; token: string }) {
  const [total, setTotal] = createSignal(0);
  const [rate, setRate] = createSignal(0);
  const [ingestError, setIngestError] = createSignal<string | null>(null);
  let pending = Promise.resolve();
  let lastTotal = 0;
  let lastAt = performance.now();

  const recorder = createRecorder();
  const [replay, setReplay] = createSignal<ReplayController | null>(null);
  const [panel, setPanel] = createSignal(false);
  const openReplay = (file: Blob, name: string) => {
    replay()?.close();
    setReplay(createReplay(file, name));
    setPanel(false);
  };
  const closeReplay = () => {
    replay()?.close();
    setReplay(null);
  };
  // A dropped event file opens as a replay (a dropped notebook .json is the notebook's to import).
  const onDragOver = (e: DragEvent) => e.preventDefault();
  const onDrop = (e: DragEvent) => {
    const file = e.dataTransfer?.files[0];
    if (!file || /\.json$/i.test(file.name)) return;
    e.preventDefault();
    openReplay(file, file.name);
  };
  document.addEventListener('dragover', onDragOver);
  document.addEventListener('drop', onDrop);

  /** The live engine, whose parameter changes the recorder records where they apply. */
  let latestTs: bigint | null = null;
  const live: EngineClient = new Proxy(props.engine, {
    get(target, key, receiver) {
      if (key !== 'setParams') return Reflect.get(target, key, receiver) as unknown;
      return async (p: EngineParamsInput) => {
        const now = await target.setParams(p);
        // No await between the answer and the record: messages and changes keep the engine's order.
        recorder.paramsChanged(now, latestTs);
        return now;
      };
    },
  });

  let received = 0;
  const onBatch = (buf: ArrayBuffer) => {
    const message = ++received;
    mark('received', { message });
    // The recorder gets a copy (the original is transferred to the engine), once the engine took it.
    const copy = recorder.enabled() ? new Uint8Array(buf.slice(0)) : null;
    // Ingest in arrival order; one failure is shown and the stream goes on.
    pending = pending
      .then(() => ingestTransfer(props.engine, buf))
      .then(
        (r) => {
          setTotal((t) => t + r.optionTrades);
          latestTs = r.latestTs;
          if (copy && !r.duplicate) recorder.append(copy, r.rows, 'relay');
          mark('ingested', { message, total: total() });
          if (r.gap)
            setIngestError(
              `missed relay messages ${r.gap.from}–${r.gap.to}: the connection dropped or this tab fell behind`,
            );
          if (r.skipped > 0)
            setIngestError(`skipped ${r.skipped} malformed event(s): ${r.errors[0]?.reason ?? ''}`);
        },
        (e: Error) => {
          setIngestError(`batch rejected: ${e.message}`);
        },
      );
  };
  const onControl = (m: unknown) => {
    if (!isParamsMessage(m)) return;
    // Queued with the batches, so every print after it is enriched with the relay's parameters.
    pending = pending
      .then(() => live.setParams(m.params))
      .then(
        () => undefined,
        (e: Error) => {
          setIngestError(`pricing parameters rejected: ${e.message}`);
        },
      );
  };
  const socket = createFeedSocket(props.token, onBatch, onControl);
  const rateTimer = setInterval(() => {
    const now = performance.now();
    setRate(((total() - lastTotal) * 1000) / (now - lastAt));
    lastTotal = total();
    lastAt = now;
  }, 1000);
  onCleanup(() => {
    clearInterval(rateTimer);
    socket.close();
    recorder.dispose();
    replay()?.close();
    document.removeEventListener('dragover', onDragOver);
    document.removeEventListener('drop', onDrop);
  });

  return (
    <div class="shell">
      <header>
        <h1>flowbook</h1>
        <ConnectionBadge state={socket.state} error={socket.error} />
        <QualityBadge engine={props.engine} />
        <span class="stat" data-testid="trade-count">
          {total().toLocaleString()} prints
        </span>
        <span class="stat">{rate().toFixed(0)}/s</span>
        <button type="button" data-testid="sessions-button" onClick={() => setPanel((p) => !p)}>
          Sessions
        </button>
        <Show when={recorder.current()}>
          <span class="stat rec" title="recording the live session to this browser's storage">
            ● rec
          </span>
        </Show>
        <Show when={ingestError()}>
          <span class="warn" title={ingestError() ?? ''}>
            {ingestError()}
          </span>
        </Show>
      </header>
      <Show when={panel()}>
        <SessionsPanel
          recorder={recorder}
          token={props.token}
          onReplay={openReplay}
          onClose={() => setPanel(false)}
        />
      </Show>
      <Show when={replay()} keyed>
        {(r) => <ReplayBar replay={r} onClose={closeReplay} />}
      </Show>
      <main>
        <Show when={replay()} keyed fallback={<NotebookShell engine={live} dataTick={total} />}>
          {(r) => (
            <Show when={r.engine()} keyed>
              {(engine) => <NotebookShell engine={engine} dataTick={r.tick} />}
            </Show>
          )}
        </Show>
      </main>
    </div>
  );
}

function isParamsMessage(m: unknown): m is { type: 'params'; params: EngineParamsInput } {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as { type?: unknown; params?: unknown };
  return o.type === 'params' && typeof o.params === 'object' && o.params !== null;
}
