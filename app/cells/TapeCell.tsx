import { createMemo, createSignal, Show } from 'solid-js';
import { FlowList } from '../components/FlowList.tsx';
import { FlowTape } from '../components/FlowTape.tsx';
import { useNotebook } from '../notebook/notebook-context.ts';
import type { TapeCell as TapeCellSpec } from '../notebook/spec.ts';
import { describeFilter, flowPredicate, printPredicate } from '../notebook/tape-filter.ts';
import { FilterBuilder } from './FilterBuilder.tsx';

/** The live tape of prints or of parent orders, with the filter builder and the brushed selection. */
export function TapeCell(props: { cell: TapeCellSpec; update: (patch: Partial<TapeCellSpec>) => void }) {
  const env = useNotebook();
  const [editing, setEditing] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const selection = () => (props.cell.followSelection !== false ? env.selection() : null);
  const printWhere = createMemo(() => printPredicate(props.cell.filter, selection()));
  const flowWhere = createMemo(() => flowPredicate(props.cell.filter, selection()));
  return (
    <div class="tape-cell">
      <div class="cell-tools">
        <button
          type="button"
          class={props.cell.mode === 'prints' ? 'on' : ''}
          onClick={() => props.update({ mode: 'prints' })}
          data-testid="mode-prints"
        >
          Prints
        </button>
        <button
          type="button"
          class={props.cell.mode === 'flows' ? 'on' : ''}
          onClick={() => props.update({ mode: 'flows' })}
          data-testid="mode-flows"
        >
          Flows
        </button>
        <button
          type="button"
          class={editing() ? 'on' : ''}
          onClick={() => setEditing(!editing())}
          data-testid="filter-toggle"
        >
          Filter
        </button>
        <span class="meta" data-testid="filter-summary">
          {describeFilter(props.cell.filter)}
        </span>
        <label title="apply the range brushed in a flow view">
          <input
            type="checkbox"
            checked={props.cell.followSelection !== false}
            onChange={(e) => props.update({ followSelection: e.currentTarget.checked })}
          />{' '}
          follow selection
        </label>
        <Show when={selection()}>
          <span class="chip on" data-testid="selection-applied">
            selection
          </span>
        </Show>
        <Show when={error()}>
          <span class="warn">{error()}</span>
        </Show>
      </div>
      <Show when={editing()}>
        <FilterBuilder value={props.cell.filter} onChange={(filter) => props.update({ filter })} />
      </Show>
      <Show
        when={env.trusted()}
        fallback={<p class="muted untrusted-note">Not run: this notebook is untrusted.</p>}
      >
        <Show
          when={props.cell.mode === 'flows'}
          fallback={
            <FlowTape engine={env.engine} total={env.dataTick} where={printWhere} onError={setError} />
          }
        >
          <FlowList engine={env.engine} total={env.dataTick} where={flowWhere} />
        </Show>
      </Show>
    </div>
  );
}
