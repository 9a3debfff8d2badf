import { tableFromIPC } from 'apache-arrow';
import {
  type Accessor,
  createEffect,
  createMemo,
  createRoot,
  createSignal,
  For,
  on,
  onCleanup,
  onMount,
  Show,
} from 'solid-js';
import type { EngineParamsInput } from '../../engine/index.ts';
import type { EngineClient } from '../engine-client.ts';
import { latestOnly } from '../latest-only.ts';
import { type Command, CommandPalette } from './CommandPalette.tsx';
import { CELL_KINDS, KIND_LABEL } from './CellFrame.tsx';
import { EXAMPLES, FIRST_EXAMPLE } from './examples.ts';
import { NotebookContext, type NotebookEnv } from './notebook-context.ts';
import {
  MAX_NOTEBOOK_BYTES,
  newId,
  newNotebook,
  NotebookError,
  parseNotebook,
  serializeNotebook,
} from './notebook-io.ts';
import { createNotebookModel, defaultCell, type NotebookModel } from './notebook-model.ts';
import {
  deleteNotebook,
  lastOpened,
  listNotebooks,
  loadNotebook,
  type NotebookSummary,
  saveNotebook,
  setLastOpened,
  setTrusted as storeTrusted,
} from './notebook-store.ts';
import { NotebookView } from './NotebookView.tsx';
import { decodeShare, encodeShare, SHARE_KEY } from './share-link.ts';
import type { Notebook, NotebookParams } from './spec.ts';
import { type Selection, selectionPredicate } from './tape-filter.ts';

/** A shared notebook that arrived before the launch token did (main.tsx keeps it for this tab). */
export const PENDING_SHARE = 'flowbook.pendingShare';
const AUTOSAVE_MS = 400;

const SCHEMA_SQL = `SELECT table_name AS t, list(column_name ORDER BY ordinal_position) AS cols
  FROM information_schema.columns WHERE table_name NOT LIKE '\\_%' ESCAPE '\\' GROUP BY 1`;

/**
 * A notebook's overrides as engine parameters. Names and values are only known to be numbers or
 * booleans here; the engine's resolvers check both and refuse the whole set on a bad one.
 */
const engineParams = (flow: object | undefined, analytics: object | undefined): EngineParamsInput =>
  ({ flow: flow ?? {}, analytics: analytics ?? {} }) as EngineParamsInput;

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'notebook';

/**
 * The notebook workspace: the notebooks in this browser (IndexedDB), the open one with autosave,
 * import/export/share, untrusted opening, the command palette and keyboard shortcuts.
 */
export function NotebookShell(props: { engine: EngineClient; dataTick: Accessor<number> }) {
  const [summaries, setSummaries] = createSignal<NotebookSummary[]>([]);
  const [model, setModel] = createSignal<NotebookModel | null>(null);
  /** The open notebook's id, '' before one opens; it changes only when another notebook opens. */
  const openId = createMemo(() => model()?.notebook().id ?? '');
  const [trusted, setTrusted] = createSignal(false);
  const [status, setStatus] = createSignal('');
  /** A change is waiting to be saved (or its save failed). */
  const [dirty, setDirty] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [selection, setSelectionSignal] = createSignal<Selection | null>(null);
  const [schema, setSchema] = createSignal<Record<string, string[]>>({});
  const [palette, setPalette] = createSignal(false);
  const [focused, setFocused] = createSignal<string | null>(null);
  const [shareUrl, setShareUrl] = createSignal<string | null>(null);
  const [runTick, setRunTick] = createSignal(0);
  let fileInput!: HTMLInputElement;
  let disposeModel: (() => void) | undefined;
  let opened: Notebook | null = null;
  let baseline: { flow: Record<string, unknown>; analytics: Record<string, unknown> } | null = null;

  const fail = (what: string) => (e: unknown) => setError(`${what}: ${(e as Error).message}`);
  const refreshList = () =>
    listNotebooks().then(setSummaries, fail('could not list the notebooks in this browser'));

  // Autosave: the whole notebook in one IndexedDB write, shortly after each change.
  let saveTimer = 0;
  let unsaved: Notebook | null = null;
  const saveNow = async () => {
    clearTimeout(saveTimer);
    const nb = unsaved;
    unsaved = null;
    if (!nb) return;
    try {
      await saveNotebook(nb, trusted());
      if (!unsaved) setDirty(false);
      setStatus(`saved ${new Date().toLocaleTimeString('en-US', { hour12: false })}`);
      if (summaries().find((s) => s.id === nb.id)?.title !== nb.title) void refreshList();
    } catch (e) {
      unsaved ??= nb;
      setStatus(`not saved: ${(e as Error).message}`);
    }
  };
  createEffect(() => {
    const m = model();
    if (!m) return;
    const nb = m.notebook();
    if (nb === opened) return;
    unsaved = nb;
    setDirty(true);
    clearTimeout(saveTimer);
    saveTimer = window.setTimeout(() => void saveNow(), AUTOSAVE_MS);
  });
  const onHide = () => void saveNow();
  window.addEventListener('pagehide', onHide);
  document.addEventListener('visibilitychange', onHide);
  onCleanup(() => {
    window.removeEventListener('pagehide', onHide);
    document.removeEventListener('visibilitychange', onHide);
  });

  // Parameters: a notebook's overrides apply while it is open (and trusted); closing it restores them.
  const applyParams = async (p: NotebookParams | undefined) => {
    const now = await props.engine.params();
    baseline = { flow: { ...now.flow }, analytics: { ...now.analytics } };
    if (!p || (Object.keys(p.flow ?? {}).length === 0 && Object.keys(p.analytics ?? {}).length === 0)) return;
    await props.engine.setParams(engineParams(p.flow, p.analytics));
  };
  const restoreParams = async (p: NotebookParams | undefined) => {
    if (!baseline || !p) return;
    const pick = (names: object | undefined, from: Record<string, unknown>) =>
      Object.fromEntries(Object.keys(names ?? {}).map((k) => [k, from[k]]));
    await props.engine.setParams(
      engineParams(pick(p.flow, baseline.flow), pick(p.analytics, baseline.analytics)),
    );
  };

  const setSelection = async (s: Selection | null) => {
    try {
      const where = s ? selectionPredicate(s) : 'TRUE';
      await props.engine.query(
        `CREATE OR REPLACE VIEW selected_trades AS SELECT * FROM option_trades WHERE ${where}`,
      );
      setSelectionSignal(s);
    } catch (e) {
      fail('the selection could not be applied')(e);
    }
  };

  // Openings run one at a time, and the notebook asked for last is the one that opens, whichever
  // finished loading first (New clicked while the notebook last open is still being read opens the new one).
  const openings = latestOnly();
  const [pending, setPending] = createSignal(0);
  /** Runs `run` as a new request, or as part of `req` when the caller already made one. */
  const request = async (req: number | undefined, run: (req: number) => Promise<void>) => {
    if (req !== undefined) return run(req);
    const mine = openings.ticket();
    setPending((n) => n + 1);
    try {
      await run(mine);
    } finally {
      setPending((n) => n - 1);
    }
  };
  const open = (nb: Notebook, isTrusted: boolean, req: number) =>
    openings.run(req, () => show(nb, isTrusted));

  const show = async (nb: Notebook, isTrusted: boolean) => {
    await saveNow();
    const prev = model()?.notebook();
    if (trusted()) await restoreParams(prev?.params).catch(fail('parameters not restored'));
    if (selection()) await setSelection(null);
    disposeModel?.();
    opened = nb;
    setTrusted(isTrusted);
    setModel(
      createRoot((dispose) => {
        disposeModel = dispose;
        return createNotebookModel(nb);
      }),
    );
    setFocused(null);
    setError(null);
    void setLastOpened(nb.id);
    if (isTrusted) await applyParams(nb.params).catch(fail(`the notebook's parameters were not applied`));
  };

  /** Stores a notebook that is not in this browser yet, lists it, and opens it. */
  const storeAndOpen = async (nb: Notebook, isTrusted: boolean, req: number) => {
    await saveNotebook(nb, isTrusted);
    await refreshList();
    await open(nb, isTrusted, req);
  };

  const openStored = (id: string, req?: number) =>
    request(req, async (r) => {
      try {
        const rec = await loadNotebook(id);
        if (!rec) throw new NotebookError(`notebook ${id}`, ['it is not in this browser']);
        await open(rec.notebook, rec.trusted, r);
      } catch (e) {
        fail('could not open the notebook (it is kept as it was stored)')(e);
      }
    });

  /** A notebook from a file or a link: stored untrusted, under a new id if this browser has its id. */
  const adopt = (nb: Notebook, req?: number) =>
    request(req, async (r) => {
      const exists = summaries().some((s) => s.id === nb.id);
      await storeAndOpen(exists ? { ...nb, id: newId() } : nb, false, r);
    });

  const importFile = async (file: File) => {
    try {
      if (file.size > MAX_NOTEBOOK_BYTES)
        throw new NotebookError(file.name, [
          `it is ${file.size} bytes, over the ${MAX_NOTEBOOK_BYTES} byte limit`,
        ]);
      await adopt(parseNotebook(await file.text(), file.name));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const exportJson = () => {
    const nb = model()?.notebook();
    if (!nb) return;
    const url = URL.createObjectURL(new Blob([serializeNotebook(nb)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${slug(nb.title)}.flowbook.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const share = async () => {
    const nb = model()?.notebook();
    if (!nb) return;
    // The launch token is not part of the link: the recipient opens it in their own flowbook.
    setShareUrl(`${location.origin}${location.pathname}#${SHARE_KEY}=${await encodeShare(nb)}`);
  };

  const trust = async () => {
    const m = model();
    if (!m) return;
    await saveNow();
    await storeTrusted(m.notebook().id).catch(() => saveNotebook(m.notebook(), true));
    setTrusted(true);
    await applyParams(m.notebook().params).catch(fail(`the notebook's parameters were not applied`));
    void refreshList();
  };

  const createNew = (req?: number) =>
    request(req, async (r) => {
      try {
        await storeAndOpen(newNotebook('Untitled notebook', [defaultCell('sql')]), true, r);
      } catch (e) {
        fail('could not create a notebook')(e);
      }
    });

  const openExample = (id: string) =>
    request(undefined, async (r) => {
      if (summaries().some((s) => s.id === id)) return openStored(id, r);
      const ex = EXAMPLES.find((e) => e.id === id);
      if (!ex) return;
      try {
        await storeAndOpen(ex, true, r);
      } catch (e) {
        fail('could not open the example')(e);
      }
    });

  onMount(async () => {
    props.engine.query(SCHEMA_SQL).then((bytes) => {
      const out: Record<string, string[]> = {};
      for (const r of tableFromIPC(bytes)) {
        const o = r.toJSON() as { t: string; cols: { toArray(): string[] } };
        out[o.t] = [...o.cols.toArray()];
      }
      setSchema(out);
    }, fail('could not read the table list for completion'));
    // The first notebook is one request from the start, so a notebook the user opens meanwhile wins.
    await request(undefined, async (r) => {
      await refreshList();
      try {
        // Shipped examples are seeded once; a user's edits to them are never overwritten.
        if (summaries().length === 0) {
          for (const ex of EXAMPLES) await saveNotebook(ex, true);
          await refreshList();
        }
        const shared = sessionStorage.getItem(PENDING_SHARE);
        if (shared) {
          sessionStorage.removeItem(PENDING_SHARE);
          try {
            return await adopt(await decodeShare(shared), r);
          } catch (e) {
            setError((e as Error).message);
          }
        }
        const last = await lastOpened();
        const has = (id: string | undefined) => id !== undefined && summaries().some((s) => s.id === id);
        const id = has(last)
          ? last
          : has(FIRST_EXAMPLE)
            ? FIRST_EXAMPLE
            : summaries().find((s) => !s.error)?.id;
        await (id ? openStored(id, r) : createNew(r));
      } catch (e) {
        fail('could not open the notebooks in this browser')(e);
      }
    });
  });

  const commands = (): Command[] => {
    const m = model();
    const f = focused();
    const list: Command[] = [
      ...CELL_KINDS.map((k) => ({
        id: `add-${k}`,
        label: `Add ${KIND_LABEL[k]} cell`,
        run: () => m && setFocused(m.addCell(k, f ?? undefined)),
      })),
      {
        id: 'run-all',
        label: 'Run all cells',
        keys: 'Ctrl+Shift+Enter',
        run: () => setRunTick((t) => t + 1),
      },
      { id: 'new', label: 'New notebook', run: () => void createNew() },
      { id: 'export', label: 'Export notebook as JSON', run: exportJson },
      { id: 'import', label: 'Import notebook from a file…', run: () => fileInput.click() },
      { id: 'share', label: 'Share as a link (layout and queries only)', run: () => void share() },
      { id: 'save', label: 'Save now', keys: 'Ctrl+S', run: () => void saveNow() },
      { id: 'clear-selection', label: 'Clear the brushed selection', run: () => void setSelection(null) },
      ...EXAMPLES.map((e) => ({
        id: `example-${e.id}`,
        label: `Open example: ${e.title}`,
        run: () => void openExample(e.id),
      })),
      ...summaries().map((s) => ({
        id: `open-${s.id}`,
        label: `Open notebook: ${s.title}`,
        run: () => void openStored(s.id),
      })),
    ];
    if (m && f)
      list.push(
        { id: 'up', label: 'Move cell up', keys: 'Ctrl+Shift+↑', run: () => m.moveCell(f, -1) },
        { id: 'down', label: 'Move cell down', keys: 'Ctrl+Shift+↓', run: () => m.moveCell(f, 1) },
        { id: 'delete-cell', label: 'Delete cell', run: () => m.deleteCell(f) },
      );
    if (m)
      list.push({
        id: 'delete-notebook',
        label: 'Delete this notebook from this browser…',
        run: () => {
          if (!confirm(`Delete "${m.notebook().title}" from this browser? Export it first to keep a copy.`))
            return;
          const id = m.notebook().id;
          opened = null;
          unsaved = null;
          void request(undefined, async (r) => {
            try {
              await deleteNotebook(id);
              await refreshList();
            } catch (e) {
              fail('could not delete the notebook')(e);
              return;
            }
            const next = summaries()[0];
            await (next ? openStored(next.id, r) : createNew(r));
          });
        },
      });
    return list;
  };

  const onKey = (e: KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && (e.key === 'k' || (e.shiftKey && (e.key === 'P' || e.key === 'p')))) {
      e.preventDefault();
      setPalette(true);
    } else if (mod && e.key === 's') {
      e.preventDefault();
      void saveNow();
    } else if (mod && e.shiftKey && e.key === 'Enter') {
      e.preventDefault();
      setRunTick((t) => t + 1);
    } else if (mod && e.shiftKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      const m = model();
      const f = focused();
      if (m && f) {
        e.preventDefault();
        m.moveCell(f, e.key === 'ArrowUp' ? -1 : 1);
      }
    }
  };
  document.addEventListener('keydown', onKey);
  onCleanup(() => document.removeEventListener('keydown', onKey));

  const onDrop = (e: DragEvent) => {
    const file = e.dataTransfer?.files[0];
    if (!file || !/\.json$/i.test(file.name)) return;
    e.preventDefault();
    void importFile(file);
  };

  const env: NotebookEnv = {
    engine: props.engine,
    dataTick: props.dataTick,
    trusted,
    selection,
    setSelection: (s) => void setSelection(s),
    schema,
    runTick,
  };

  createEffect(on(model, () => setShareUrl(null)));

  return (
    <NotebookContext.Provider value={env}>
      <div
        class="workspace"
        aria-busy={pending() > 0 ? 'true' : 'false'}
        onDragOver={(e) => e.preventDefault()}
        onDrop={onDrop}
      >
        <div class="nb-bar">
          <select
            value={openId()}
            onChange={(e) => void openStored(e.currentTarget.value)}
            data-testid="nb-select"
            title="notebooks in this browser"
          >
            <For each={summaries()}>
              {(s) => (
                <option
                  value={s.id}
                  // Re-read lists replace every option; without this the first one would show.
                  selected={s.id === openId()}
                  disabled={s.error !== undefined}
                  title={s.error ?? ''}
                >
                  {s.title}
                  {s.trusted ? '' : ' (untrusted)'}
                  {s.error ? ' (unreadable)' : ''}
                </option>
              )}
            </For>
          </select>
          <button type="button" onClick={() => void createNew()} data-testid="nb-new">
            New
          </button>
          <select
            value=""
            data-testid="nb-examples"
            onChange={(e) => {
              const id = e.currentTarget.value;
              e.currentTarget.value = '';
              if (id) void openExample(id);
            }}
          >
            <option value="">Examples…</option>
            <For each={EXAMPLES}>{(ex) => <option value={ex.id}>{ex.title}</option>}</For>
          </select>
          <button type="button" onClick={() => fileInput.click()} data-testid="nb-import">
            Import
          </button>
          <button type="button" onClick={exportJson} data-testid="nb-export">
            Export
          </button>
          <button type="button" onClick={() => void share()} data-testid="nb-share">
            Share link
          </button>
          <button type="button" onClick={() => setPalette(true)} title="command palette (Ctrl+K)">
            ⌘K
          </button>
          <Show when={selection()}>
            <button
              type="button"
              class="chip on"
              onClick={() => void setSelection(null)}
              data-testid="selection-chip"
              data-predicate={selectionPredicate(selection()!)}
              title={`brushed: ${selectionPredicate(selection()!)} (click to clear)`}
            >
              selection ✕
            </button>
          </Show>
          <span class="meta" data-testid="save-status" data-dirty={String(dirty())}>
            {status()}
          </span>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            style={{ display: 'none' }}
            data-testid="nb-file"
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (f) void importFile(f);
            }}
          />
        </div>
        <Show when={error()}>
          <div class="nb-error cell-error" data-testid="nb-error">
            {error()}
            <button type="button" onClick={() => setError(null)}>
              dismiss
            </button>
          </div>
        </Show>
        <Show when={shareUrl()}>
          {(u) => (
            <div class="share-box">
              Layout and queries only, no market data; the link carries no launch token.
              <input readonly value={u()} data-testid="share-url" onFocus={(e) => e.currentTarget.select()} />
              <button
                type="button"
                onClick={() => void navigator.clipboard?.writeText(u()).catch(() => undefined)}
              >
                copy
              </button>
              <button type="button" onClick={() => setShareUrl(null)}>
                close
              </button>
            </div>
          )}
        </Show>
        <Show when={model()} keyed>
          {(m) => (
            <NotebookView
              model={m}
              trusted={trusted()}
              focused={focused()}
              setFocused={setFocused}
              onTrust={() => void trust()}
            />
          )}
        </Show>
        <Show when={palette()}>
          <CommandPalette commands={commands()} onClose={() => setPalette(false)} />
        </Show>
      </div>
    </NotebookContext.Provider>
  );
}
