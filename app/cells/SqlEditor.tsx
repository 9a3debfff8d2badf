import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { sql } from '@codemirror/lang-sql';
import { bracketMatching, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  keymap,
  lineNumbers,
  placeholder,
} from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import { createEffect, on, onCleanup, onMount } from 'solid-js';
import { DuckDbDialect } from './sql-dialect.ts';

const highlight = HighlightStyle.define([
  { tag: t.keyword, color: '#c792ea' },
  { tag: [t.string, t.special(t.string)], color: '#c3e88d' },
  { tag: [t.number, t.bool, t.null], color: '#f78c6c' },
  { tag: t.comment, color: '#6b7b8f', fontStyle: 'italic' },
  { tag: [t.function(t.variableName), t.standard(t.name)], color: '#82aaff' },
  { tag: t.typeName, color: '#ffcb6b' },
  { tag: t.operator, color: '#89ddff' },
]);

const theme = EditorView.theme(
  {
    '&': { backgroundColor: '#0b0f15', color: '#c9d4e0', fontSize: '12px' },
    '.cm-content': { fontFamily: 'inherit', caretColor: '#4c9aff' },
    '.cm-gutters': { backgroundColor: '#0b0f15', color: '#3d4b5c', border: 'none' },
    '.cm-activeLine': { backgroundColor: '#121a24' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': { backgroundColor: '#26405f' },
    '.cm-tooltip': { backgroundColor: '#131a23', border: '1px solid #1f2a37' },
    '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: '#26405f' },
  },
  { dark: true },
);

/**
 * CodeMirror 6 with DuckDB's SQL, completion of the session's tables and columns, Shift+Enter (or
 * Ctrl/Cmd+Enter) to run.
 */
export function SqlEditor(props: {
  value: string;
  onChange: (text: string) => void;
  onRun: () => void;
  schema: Record<string, string[]>;
  readOnly?: boolean;
  testId?: string;
}) {
  let host!: HTMLDivElement;
  let view: EditorView | undefined;
  const language = new Compartment();
  const editable = new Compartment();
  const lang = () => sql({ dialect: DuckDbDialect, schema: props.schema, upperCaseKeywords: false });
  onMount(() => {
    const run = () => {
      props.onRun();
      return true;
    };
    view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          lineNumbers(),
          history(),
          drawSelection(),
          highlightActiveLine(),
          bracketMatching(),
          closeBrackets(),
          highlightSelectionMatches(),
          autocompletion(),
          placeholder('SELECT … FROM option_trades'),
          keymap.of([
            { key: 'Shift-Enter', run },
            { key: 'Mod-Enter', run },
            ...closeBracketsKeymap,
            ...completionKeymap,
            ...searchKeymap,
            ...historyKeymap,
            ...defaultKeymap,
            indentWithTab,
          ]),
          language.of(lang()),
          editable.of(EditorState.readOnly.of(props.readOnly ?? false)),
          syntaxHighlighting(highlight),
          theme,
          EditorView.lineWrapping,
          EditorView.updateListener.of((u) => {
            if (u.docChanged) props.onChange(u.state.doc.toString());
          }),
        ],
      }),
    });
    if (props.testId) view.contentDOM.setAttribute('data-testid', props.testId);
  });
  createEffect(
    on(
      () => props.schema,
      () => view?.dispatch({ effects: language.reconfigure(lang()) }),
      { defer: true },
    ),
  );
  createEffect(
    on(
      () => props.readOnly,
      (ro) => view?.dispatch({ effects: editable.reconfigure(EditorState.readOnly.of(ro ?? false)) }),
      { defer: true },
    ),
  );
  // A change from outside (an import, the command palette) replaces the text; typing does not loop back.
  createEffect(
    on(
      () => props.value,
      (v) => {
        if (view && v !== view.state.doc.toString())
          view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: v } });
      },
      { defer: true },
    ),
  );
  onCleanup(() => view?.destroy());
  return <div class="sql-editor" ref={host} />;
}
