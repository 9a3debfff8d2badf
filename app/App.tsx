import { createSignal, onCleanup, Show } from 'solid-js';
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

  let received = 0;
  const onBatch = (buf: ArrayBuffer) => {
    const message = ++received;
    mark('received', { message });
    // Ingest in arrival order; one failure is shown and the stream goes on.
    pending = pending
      .then(() => ingestTransfer(props.engine, buf))
      .then(
        (r) => {
          setTotal((t) => t + r.optionTrades);
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
      .then(() => props.engine.setParams(m.params))
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
        <Show when={ingestError()}>
          <span class="warn" title={ingestError() ?? ''}>
            {ingestError()}
          </span>
        </Show>
      </header>
      <main>
        <NotebookShell engine={props.engine} dataTick={total} />
      </main>
    </div>
  );
}

function isParamsMessage(m: unknown): m is { type: 'params'; params: EngineParamsInput } {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as { type?: unknown; params?: unknown };
  return o.type === 'params' && typeof o.params === 'object' && o.params !== null;
}
