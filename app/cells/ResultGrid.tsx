import type { Table } from 'apache-arrow';
import { createMemo, createSignal, For, onCleanup, onMount } from 'solid-js';
import { fmtCell } from '../format.ts';

const ROW_H = 20;
const OVERSCAN = 10;

/** A query result of any size: only the rows in view are in the DOM, read from the Arrow table. */
export function ResultGrid(props: { table: Table; testId?: string }) {
  let viewport!: HTMLDivElement;
  const [top, setTop] = createSignal(0);
  const [height, setHeight] = createSignal(300);
  const columns = createMemo(() => props.table.schema.fields.map((f) => f.name));
  const vectors = createMemo(() => columns().map((c) => props.table.getChild(c)));
  const visible = createMemo(() => {
    const n = props.table.numRows;
    const first = Math.max(0, Math.floor(top() / ROW_H) - OVERSCAN);
    const last = Math.min(n, Math.ceil((top() + height()) / ROW_H) + OVERSCAN);
    const out: number[] = [];
    for (let i = first; i < last; i++) out.push(i);
    return out;
  });
  onMount(() => {
    const ro = new ResizeObserver(() => setHeight(viewport.clientHeight));
    ro.observe(viewport);
    onCleanup(() => ro.disconnect());
  });
  // Column widths from the header and the first rows, so every row lines up without measuring the DOM.
  const template = createMemo(() =>
    vectors()
      .map((v, c) => {
        let w = columns()[c]!.length;
        for (let i = 0; i < Math.min(200, props.table.numRows); i++)
          w = Math.max(w, fmtCell(v?.get(i)).length);
        return `calc(${Math.min(48, Math.max(4, w)) + 1}ch + 16px)`;
      })
      .join(' '),
  );
  return (
    <div
      class="result-grid"
      ref={viewport}
      onScroll={() => setTop(viewport.scrollTop)}
      data-testid={props.testId}
    >
      <div class="rg-head" style={{ 'grid-template-columns': template() }}>
        <For each={columns()}>{(c) => <span title={c}>{c}</span>}</For>
      </div>
      <div class="rg-body" style={{ height: `${props.table.numRows * ROW_H}px` }}>
        <For each={visible()}>
          {(i) => (
            <div
              class="rg-row"
              style={{ transform: `translateY(${i * ROW_H}px)`, 'grid-template-columns': template() }}
              data-row={i}
            >
              <For each={vectors()}>{(v) => <span>{fmtCell(v?.get(i))}</span>}</For>
            </div>
          )}
        </For>
      </div>
    </div>
  );
}
