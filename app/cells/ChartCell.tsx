import { createEffect, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { chartData } from '../charts/chart-data.ts';
import { CHART_KIND_NAMES, CHART_KINDS, missingColumns } from '../charts/chart-kinds.ts';
import { renderChart } from '../charts/render-chart.ts';
import { useNotebook } from '../notebook/notebook-context.ts';
import type { ChartCell as ChartCellSpec, ChartKind } from '../notebook/spec.ts';
import { SqlEditor } from './SqlEditor.tsx';
import { useLiveQuery } from './use-live-query.ts';

/** A d3 chart bound to a SQL query the user can open and edit. */
export function ChartCell(props: { cell: ChartCellSpec; update: (patch: Partial<ChartCellSpec>) => void }) {
  const env = useNotebook();
  let svg!: SVGSVGElement;
  let box!: HTMLDivElement;
  const [editing, setEditing] = createSignal(false);
  const [size, setSize] = createSignal({ w: 600, h: 280 });
  const [drawError, setDrawError] = createSignal<string | null>(null);
  const [empty, setEmpty] = createSignal(false);
  const q = useLiveQuery({
    sql: () => props.cell.sql,
    live: () => props.cell.live,
  });
  onMount(() => {
    const ro = new ResizeObserver(() => setSize({ w: box.clientWidth, h: box.clientHeight }));
    ro.observe(box);
    onCleanup(() => ro.disconnect());
  });
  createEffect(() => {
    const t = q.table();
    const { w, h } = size();
    if (!t) return;
    const missing = missingColumns(
      props.cell.chart,
      t.schema.fields.map((f) => f.name),
    );
    if (missing.length > 0) {
      setDrawError(
        `the query lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} that a ${CHART_KINDS[props.cell.chart].label} chart needs (${CHART_KINDS[props.cell.chart].required.join(', ')})`,
      );
      return;
    }
    setEmpty(t.numRows === 0);
    if (t.numRows === 0) {
      setDrawError(null);
      return;
    }
    try {
      renderChart(props.cell.chart, svg, chartData(t), w, h);
      setDrawError(null);
    } catch (e) {
      setDrawError(`the chart could not be drawn: ${(e as Error).message}`);
    }
  });
  return (
    <div class="chart-cell">
      <div class="cell-tools">
        <select
          value={props.cell.chart}
          data-testid="chart-kind"
          onChange={(e) => {
            const chart = e.currentTarget.value as ChartKind;
            props.update({ chart, sql: CHART_KINDS[chart].defaultSql });
          }}
        >
          <For each={CHART_KIND_NAMES}>{(k) => <option value={k}>{CHART_KINDS[k].label}</option>}</For>
        </select>
        <button
          type="button"
          class={editing() ? 'on' : ''}
          onClick={() => setEditing(!editing())}
          data-testid="chart-edit"
        >
          Query
        </button>
        <label>
          <input
            type="checkbox"
            checked={props.cell.live}
            onChange={(e) => props.update({ live: e.currentTarget.checked })}
          />{' '}
          live
        </label>
        <Show when={q.table()}>
          {(t) => (
            <span class="meta">
              {t().numRows.toLocaleString()} rows · {q.ms().toFixed(0)} ms
            </span>
          )}
        </Show>
      </div>
      <Show when={editing()}>
        <SqlEditor
          value={props.cell.sql}
          onChange={(sql) => props.update({ sql })}
          onRun={() => q.run()}
          schema={env.schema()}
          testId="chart-sql"
        />
      </Show>
      <Show when={q.error() ?? drawError()}>
        <pre class="cell-error" data-testid="chart-error">
          {q.error() ?? drawError()}
        </pre>
      </Show>
      <Show when={empty() && !q.error()}>
        <p class="muted">No rows yet: the chart draws when the query returns some.</p>
      </Show>
      <div class="chart-box" ref={box}>
        <svg ref={svg} data-testid="chart-svg" />
        <Show when={!env.trusted()}>
          <p class="muted untrusted-note overlay">Not run: this notebook is untrusted.</p>
        </Show>
      </div>
    </div>
  );
}
