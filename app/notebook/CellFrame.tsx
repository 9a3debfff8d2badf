import { createSignal, For, type JSX, onCleanup, onMount, Show } from 'solid-js';
import type { CellKind } from './spec.ts';

export const KIND_LABEL: Record<CellKind, string> = {
  sql: 'SQL',
  tape: 'Tape',
  flowview: 'Flow view',
  chart: 'Chart',
  markdown: 'Markdown',
  params: 'Parameters',
};
export const CELL_KINDS = Object.keys(KIND_LABEL) as CellKind[];

/**
 * A cell's chrome: title, move, delete, add below, and a resizable body whose height is saved. An
 * error thrown while rendering the cell stays inside it.
 */
export function CellFrame(props: {
  id: string;
  kind: CellKind;
  title: string | undefined;
  height: number | undefined;
  focused: boolean;
  onTitle: (t: string) => void;
  onMove: (delta: number) => void;
  onDelete: () => void;
  onAdd: (kind: CellKind) => void;
  onResize: (h: number) => void;
  onFocus: () => void;
  children: JSX.Element;
}) {
  let body!: HTMLDivElement;
  const [adding, setAdding] = createSignal(false);
  onMount(() => {
    // The user drags the body's resize handle; the new height is saved once the drag settles.
    let timer = 0;
    let last = body.offsetHeight;
    const ro = new ResizeObserver(() => {
      const h = Math.round(body.offsetHeight);
      if (h === last || h < 60) return;
      last = h;
      clearTimeout(timer);
      timer = window.setTimeout(() => props.onResize(Math.min(4000, h)), 300);
    });
    ro.observe(body);
    onCleanup(() => {
      ro.disconnect();
      clearTimeout(timer);
    });
  });
  return (
    <section
      class={`cell cell-${props.kind} ${props.focused ? 'focused' : ''}`}
      data-cell-id={props.id}
      data-kind={props.kind}
      onFocusIn={() => props.onFocus()}
      onPointerDown={() => props.onFocus()}
    >
      <header class="cell-head">
        <span class="cell-kind">{KIND_LABEL[props.kind]}</span>
        <input
          class="cell-title"
          value={props.title ?? ''}
          placeholder="untitled"
          onChange={(e) => props.onTitle(e.currentTarget.value)}
          data-testid="cell-title"
        />
        <button type="button" title="move up (Alt+↑)" onClick={() => props.onMove(-1)} data-testid="cell-up">
          ↑
        </button>
        <button
          type="button"
          title="move down (Alt+↓)"
          onClick={() => props.onMove(1)}
          data-testid="cell-down"
        >
          ↓
        </button>
        <button
          type="button"
          title="add a cell below"
          onClick={() => setAdding(!adding())}
          data-testid="cell-add"
        >
          +
        </button>
        <button
          type="button"
          title="delete this cell"
          onClick={() => props.onDelete()}
          data-testid="cell-delete"
        >
          ✕
        </button>
      </header>
      <Show when={adding()}>
        <div class="add-menu">
          <For each={CELL_KINDS}>
            {(k) => (
              <button
                type="button"
                onClick={() => {
                  setAdding(false);
                  props.onAdd(k);
                }}
              >
                {KIND_LABEL[k]}
              </button>
            )}
          </For>
        </div>
      </Show>
      <div class="cell-body" ref={body} style={props.height ? { height: `${props.height}px` } : {}}>
        {props.children}
      </div>
    </section>
  );
}
