import { createSignal, For, Show } from 'solid-js';
import { EXPORT_EXTENSIONS, type ExportFormat } from '../../engine/index.ts';
import { download } from '../session/file-reader.ts';
import { useNotebook } from '../notebook/notebook-context.ts';
import type { SqlCell as SqlCellSpec } from '../notebook/spec.ts';
import { ResultGrid } from './ResultGrid.tsx';
import { SqlEditor } from './SqlEditor.tsx';
import { useLiveQuery } from './use-live-query.ts';

/** A SQL cell: CodeMirror editor, a virtualized result grid, errors kept inside the cell. */
export function SqlCell(props: { cell: SqlCellSpec; update: (patch: Partial<SqlCellSpec>) => void }) {
  const env = useNotebook();
  const q = useLiveQuery({
    sql: () => props.cell.sql,
    live: () => props.cell.live,
  });
  const [exporting, setExporting] = createSignal<ExportFormat | null>(null);
  const [exportError, setExportError] = createSignal<string | null>(null);
  // The query runs again in the engine, which writes the file; the page gets only its bytes.
  const exportAs = async (format: ExportFormat) => {
    setExporting(format);
    setExportError(null);
    try {
      const bytes = await env.engine.exportQuery(props.cell.sql, format);
      download(
        bytes,
        `${(props.cell.title ?? 'query').replace(/[^\w.-]+/g, '_') || 'query'}${EXPORT_EXTENSIONS[format]}`,
      );
    } catch (e) {
      setExportError(`export failed: ${(e as Error).message}`);
    } finally {
      setExporting(null);
    }
  };
  return (
    <div class="sql-cell">
      <div class="cell-tools">
        <button type="button" onClick={() => q.run()} data-testid="sql-run" disabled={!env.trusted()}>
          Run ⇧⏎
        </button>
        <label title="re-run as data arrives">
          <input
            type="checkbox"
            checked={props.cell.live}
            onChange={(e) => props.update({ live: e.currentTarget.checked })}
            data-testid="sql-live"
          />{' '}
          live
        </label>
        <Show when={q.table()}>
          {(t) => (
            <span class="meta" data-testid="sql-meta">
              {t().numRows.toLocaleString()} rows · {q.ms().toFixed(0)} ms
            </span>
          )}
        </Show>
        <Show when={q.table() && env.trusted()}>
          <span class="export" title="export the result">
            <For each={['csv', 'parquet', 'arrow'] as const}>
              {(f) => (
                <button
                  type="button"
                  data-testid={`sql-export-${f}`}
                  disabled={exporting() !== null}
                  onClick={() => void exportAs(f)}
                >
                  {f}
                </button>
              )}
            </For>
            <Show when={exporting()}>
              <progress data-testid="sql-export-progress" />
            </Show>
          </span>
        </Show>
      </div>
      <SqlEditor
        value={props.cell.sql}
        onChange={(sql) => props.update({ sql })}
        onRun={() => q.run()}
        schema={env.schema()}
        testId="sql-input"
      />
      <Show when={exportError()}>
        <pre class="cell-error" data-testid="sql-export-error">
          {exportError()}
        </pre>
      </Show>
      <Show when={q.error()}>
        <pre class="cell-error" data-testid="sql-error">
          {q.error()}
        </pre>
      </Show>
      <Show when={q.table()}>{(t) => <ResultGrid table={t()} testId="sql-result" />}</Show>
    </div>
  );
}
