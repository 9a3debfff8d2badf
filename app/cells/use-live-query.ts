import { type Table, tableFromIPC } from 'apache-arrow';
import { type Accessor, createEffect, createSignal, on, onCleanup } from 'solid-js';
import { makeFrameScheduler } from '../frame-scheduler.ts';
import { useNotebook } from '../notebook/notebook-context.ts';

/** SQL naming the view the brushed selection replaces re-runs when the selection changes. */
const READS_SELECTION = /\bselected_trades\b/i;

export interface LiveQuery {
  readonly table: Accessor<Table | null>;
  readonly error: Accessor<string | null>;
  readonly ms: Accessor<number>;
  run(): void;
}

/**
 * Runs a cell's SQL: on demand, when the user runs every cell, as data arrives (when `live`), and
 * when the brushed selection changes (SQL that reads selected_trades). One query in flight per cell,
 * at most one run per animation frame; nothing runs while the notebook is untrusted. A failing query
 * leaves its error in the cell and the last good result.
 */
export function useLiveQuery(opts: { sql: Accessor<string>; live: Accessor<boolean> }): LiveQuery {
  const env = useNotebook();
  const [table, setTable] = createSignal<Table | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [ms, setMs] = createSignal(0);
  const task = async () => {
    if (!env.trusted()) return;
    const text = opts.sql().trim();
    if (text === '') return;
    const t0 = performance.now();
    try {
      const bytes = await env.engine.query(text);
      setTable(tableFromIPC(bytes));
      setError(null);
    } catch (e) {
      const err = e as Error;
      setError(`${err.name}: ${err.message}`);
    } finally {
      setMs(performance.now() - t0);
    }
  };
  const scheduler = makeFrameScheduler(task);
  createEffect(on(env.trusted, (t) => t && scheduler.request()));
  createEffect(on(env.runTick, () => scheduler.request(), { defer: true }));
  createEffect(on(env.dataTick, () => opts.live() && scheduler.request(), { defer: true }));
  createEffect(
    on(env.selection, () => READS_SELECTION.test(opts.sql()) && scheduler.request(), { defer: true }),
  );
  onCleanup(() => scheduler.cancel());
  return { table, error, ms, run: () => scheduler.request() };
}
