import { type Accessor, createMemo, createSignal } from 'solid-js';
import { CHART_KINDS } from '../charts/chart-kinds.ts';
import { newId } from './notebook-io.ts';
import type { Cell, CellKind, Notebook } from './spec.ts';

export function defaultCell(kind: CellKind): Cell {
  const id = newId('c');
  switch (kind) {
    case 'sql':
      return { id, kind, sql: 'SELECT * FROM option_trades ORDER BY rid DESC LIMIT 100', live: false };
    case 'tape':
      return { id, kind, mode: 'prints', filter: {}, followSelection: true };
    case 'flowview':
      return { id, kind, x: 'ts', y: 'strike', filter: {} };
    case 'chart':
      return { id, kind, chart: 'tide', sql: CHART_KINDS.tide.defaultSql, live: true };
    case 'markdown':
      return { id, kind, text: '' };
    case 'params':
      return { id, kind, groups: ['flow', 'analytics'] };
  }
}

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** The open notebook: immutable snapshots, edited through these operations (each stamps `updated`). */
export function createNotebookModel(initial: Notebook) {
  const [notebook, setNotebook] = createSignal(initial);
  // Cells are rendered by id, so editing one cell never rebuilds the others (or its own editor).
  const ids: Accessor<string[]> = createMemo(() => notebook().cells.map((c) => c.id), [], {
    equals: sameIds,
  });
  const change = (f: (nb: Notebook) => Notebook) =>
    setNotebook((nb) => ({ ...f(nb), updated: new Date().toISOString() }));
  const cellIndex = (nb: Notebook, id: string) => nb.cells.findIndex((c) => c.id === id);
  return {
    notebook,
    ids,
    cell: (id: string): Cell | undefined => notebook().cells.find((c) => c.id === id),
    replace: (nb: Notebook) => setNotebook(nb),
    setTitle: (title: string) => change((nb) => ({ ...nb, title: title.slice(0, 200) })),
    updateCell: (id: string, patch: Partial<Cell>) =>
      change((nb) => ({
        ...nb,
        cells: nb.cells.map((c) => (c.id === id ? ({ ...c, ...patch } as Cell) : c)),
      })),
    addCell(kind: CellKind, afterId?: string): string {
      const cell = defaultCell(kind);
      change((nb) => {
        const i = afterId === undefined ? nb.cells.length : cellIndex(nb, afterId) + 1;
        const cells = [...nb.cells];
        cells.splice(i <= 0 ? cells.length : i, 0, cell);
        return { ...nb, cells };
      });
      return cell.id;
    },
    moveCell: (id: string, delta: number) =>
      change((nb) => {
        const i = cellIndex(nb, id);
        const j = i + delta;
        if (i < 0 || j < 0 || j >= nb.cells.length) return nb;
        const cells = [...nb.cells];
        const [c] = cells.splice(i, 1);
        cells.splice(j, 0, c!);
        return { ...nb, cells };
      }),
    deleteCell: (id: string) => change((nb) => ({ ...nb, cells: nb.cells.filter((c) => c.id !== id) })),
    setParam: (group: 'flow' | 'analytics', name: string, value: number | boolean | undefined) =>
      change((nb) => {
        const g = { ...(nb.params?.[group] ?? {}) };
        if (value === undefined) delete g[name];
        else g[name] = value;
        return { ...nb, params: { ...nb.params, [group]: g } };
      }),
  };
}

export type NotebookModel = ReturnType<typeof createNotebookModel>;
