import { createMemo, createSignal, Show } from 'solid-js';
import { renderMarkdown } from '../notebook/markdown.ts';
import type { MarkdownCell as MarkdownCellSpec } from '../notebook/spec.ts';

/** Markdown, sanitized; double-click (or Edit) to edit, Shift+Enter or Escape to finish. */
export function MarkdownCell(props: {
  cell: MarkdownCellSpec;
  update: (patch: Partial<MarkdownCellSpec>) => void;
}) {
  const [editing, setEditing] = createSignal(props.cell.text.trim() === '');
  const html = createMemo(() => renderMarkdown(props.cell.text));
  return (
    <div class="markdown-cell">
      <Show
        when={editing()}
        fallback={
          // Sanitized by DOMPurify in renderMarkdown.
          <div
            class="markdown"
            innerHTML={html()}
            onDblClick={() => setEditing(true)}
            data-testid="markdown"
          />
        }
      >
        <textarea
          class="markdown-source"
          value={props.cell.text}
          spellcheck={false}
          data-testid="markdown-input"
          onInput={(e) => props.update({ text: e.currentTarget.value })}
          onKeyDown={(e) => {
            if ((e.key === 'Enter' && (e.shiftKey || e.ctrlKey || e.metaKey)) || e.key === 'Escape') {
              e.preventDefault();
              setEditing(false);
            }
          }}
        />
      </Show>
      <div class="cell-tools bottom">
        <button type="button" onClick={() => setEditing(!editing())} data-testid="markdown-edit">
          {editing() ? 'Done' : 'Edit'}
        </button>
      </div>
    </div>
  );
}
