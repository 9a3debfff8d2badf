import { ErrorBoundary, For, Match, Show, Switch } from 'solid-js';
import { ChartCell } from '../cells/ChartCell.tsx';
import { FlowViewCell } from '../cells/FlowViewCell.tsx';
import { MarkdownCell } from '../cells/MarkdownCell.tsx';
import { ParamsCell } from '../cells/ParamsCell.tsx';
import { SqlCell } from '../cells/SqlCell.tsx';
import { TapeCell } from '../cells/TapeCell.tsx';
import { CELL_KINDS, CellFrame, KIND_LABEL } from './CellFrame.tsx';
import type { NotebookModel } from './notebook-model.ts';
import type {
  Cell,
  ChartCell as ChartSpec,
  FlowViewCell as FlowViewSpec,
  MarkdownCell as MdSpec,
  ParamsCell as ParamsSpec,
  SqlCell as SqlSpec,
  TapeCell as TapeSpec,
} from './spec.ts';

/** The open notebook's cells, in order; each cell renders (and fails) on its own. */
export function NotebookView(props: {
  model: NotebookModel;
  trusted: boolean;
  focused: string | null;
  setFocused: (id: string | null) => void;
  onTrust: () => void;
}) {
  const m = props.model;
  return (
    <div class="notebook" data-testid="notebook">
      <div class="nb-title-row">
        <input
          class="nb-title"
          value={m.notebook().title}
          onChange={(e) => m.setTitle(e.currentTarget.value)}
          data-testid="nb-title"
        />
        <Show when={m.notebook().description}>
          <span class="muted">{m.notebook().description}</span>
        </Show>
      </div>
      <Show when={!props.trusted}>
        <div class="trust-banner" data-testid="untrusted">
          <b>This notebook came from a file or a link.</b> Nothing in it has run: no query, no parameter
          change. Read its cells, then choose.
          <button type="button" onClick={() => props.onTrust()} data-testid="trust">
            Run this notebook
          </button>
        </div>
      </Show>
      <For each={m.ids()}>
        {(id) => (
          <Show when={m.cell(id)}>
            {(cell) => (
              <CellFrame
                id={id}
                kind={cell().kind}
                title={cell().title}
                height={cell().height}
                focused={props.focused === id}
                onFocus={() => props.setFocused(id)}
                onTitle={(title) => m.updateCell(id, { title })}
                onMove={(d) => m.moveCell(id, d)}
                onDelete={() => m.deleteCell(id)}
                onAdd={(k) => props.setFocused(m.addCell(k, id))}
                onResize={(height) => m.updateCell(id, { height })}
              >
                <ErrorBoundary
                  fallback={(err: Error, reset) => (
                    <div class="cell-error" data-testid="cell-crash">
                      This cell failed to render: {err.message}{' '}
                      <button type="button" onClick={reset}>
                        retry
                      </button>
                    </div>
                  )}
                >
                  <CellBody cell={cell()} model={m} />
                </ErrorBoundary>
              </CellFrame>
            )}
          </Show>
        )}
      </For>
      <div class="add-bar">
        add
        <For each={CELL_KINDS}>
          {(k) => (
            <button type="button" onClick={() => props.setFocused(m.addCell(k))} data-testid={`add-${k}`}>
              {KIND_LABEL[k]}
            </button>
          )}
        </For>
      </div>
    </div>
  );
}

function CellBody(props: { cell: Cell; model: NotebookModel }) {
  const m = props.model;
  const update = (patch: Partial<Cell>) => m.updateCell(props.cell.id, patch);
  return (
    <Switch>
      <Match when={props.cell.kind === 'sql'}>
        <SqlCell cell={props.cell as SqlSpec} update={update} />
      </Match>
      <Match when={props.cell.kind === 'tape'}>
        <TapeCell cell={props.cell as TapeSpec} update={update} />
      </Match>
      <Match when={props.cell.kind === 'flowview'}>
        <FlowViewCell cell={props.cell as FlowViewSpec} update={update} />
      </Match>
      <Match when={props.cell.kind === 'chart'}>
        <ChartCell cell={props.cell as ChartSpec} update={update} />
      </Match>
      <Match when={props.cell.kind === 'markdown'}>
        <MarkdownCell cell={props.cell as MdSpec} update={update} />
      </Match>
      <Match when={props.cell.kind === 'params'}>
        <ParamsCell cell={props.cell as ParamsSpec} params={m.notebook().params} setParam={m.setParam} />
      </Match>
    </Switch>
  );
}
