import { tableFromIPC } from 'apache-arrow';
import { createSignal, For, onCleanup, Show } from 'solid-js';
import type { EngineClient } from '../engine-client.ts';
import { fmtCell } from '../format.ts';

const MAX_ROWS_SHOWN = 500;

interface Result {
  columns: string[];
  rows: string[][];
  total: number;
  ms: number;
}

/** A SQL box over the live tables: Shift+Enter or Ctrl+Enter runs; errors stay in the box. */
export function SqlBox(props: { engine: EngineClient; initial: string }) {
  const [sql, setSql] = createSignal(props.initial);
  const [result, setResult] = createSignal<Result | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [live, setLive] = createSignal(false);
  let running = false;

  const run = async () => {
    if (running) return;
    running = true;
    const t0 = performance.now();
    try {
      const t = tableFromIPC(await props.engine.query(sql()));
      const columns = t.schema.fields.map((f) => f.name);
      const rows: string[][] = [];
      for (let i = 0; i < Math.min(t.numRows, MAX_ROWS_SHOWN); i++) {
        rows.push(columns.map((c) => fmtCell(t.getChild(c)?.get(i))));
      }
      setResult({ columns, rows, total: t.numRows, ms: performance.now() - t0 });
      setError(null);
    } catch (e) {
      const err = e as Error;
      setError(`${err.name}: ${err.message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => live() && void run(), 1000);
  onCleanup(() => clearInterval(timer));

  return (
    <section class="sql">
      <div class="sql-bar">
        <span class="label">SQL</span>
        <button type="button" onClick={() => void run()} data-testid="sql-run">
          Run ⇧⏎
        </button>
        <label>
          <input type="checkbox" checked={live()} onChange={(e) => setLive(e.currentTarget.checked)} /> live
        </label>
        <Show when={result()}>
          {(r) => (
            <span class="meta" data-testid="sql-meta">
              {r().total.toLocaleString()} rows · {r().ms.toFixed(0)} ms
            </span>
          )}
        </Show>
      </div>
      <textarea
        value={sql()}
        spellcheck={false}
        data-testid="sql-input"
        onInput={(e) => setSql(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.shiftKey || e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void run();
          }
        }}
      />
      <Show when={error()}>
        <pre class="sql-error" data-testid="sql-error">
          {error()}
        </pre>
      </Show>
      <Show when={result()}>
        {(r) => (
          <div class="grid" data-testid="sql-result">
            <table>
              <thead>
                <tr>
                  <For each={r().columns}>{(c) => <th>{c}</th>}</For>
                </tr>
              </thead>
              <tbody>
                <For each={r().rows}>
                  {(row) => (
                    <tr>
                      <For each={row}>{(v) => <td>{v}</td>}</For>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </Show>
    </section>
  );
}
