import { createStore, del, entries, get, set, update, type UseStore } from 'idb-keyval';
import { checkNotebook, NotebookError } from './notebook-io.ts';
import type { Notebook, TapeFilter } from './spec.ts';

/** What IndexedDB holds per notebook: the whole notebook in one record, written in one transaction. */
export interface StoredNotebook {
  readonly notebook: Notebook;
  /** False for a notebook that came from a file or a link until the user chose to run it. */
  readonly trusted: boolean;
  readonly savedAt: string;
}

export interface NotebookSummary {
  readonly id: string;
  readonly title: string;
  readonly updated: string;
  readonly trusted: boolean;
  /** Set when the stored record no longer reads as a notebook; the record is kept, not overwritten. */
  readonly error?: string;
}

export interface FilterPreset {
  readonly name: string;
  readonly filter: TapeFilter;
}

// idb-keyval keeps one object store per database, so each kind of record has its own database.
let notebooksDb: UseStore | undefined;
let settingsDb: UseStore | undefined;
const notebooks = () => (notebooksDb ??= createStore('flowbook-notebooks', 'notebooks'));
const settings = () => (settingsDb ??= createStore('flowbook-settings', 'settings'));

export async function listNotebooks(): Promise<NotebookSummary[]> {
  const all = await entries<string, StoredNotebook>(notebooks());
  return all
    .map(([id, rec]): NotebookSummary => {
      try {
        const nb = checkNotebook(rec.notebook, `stored notebook ${id}`);
        return { id, title: nb.title, updated: nb.updated, trusted: rec.trusted };
      } catch (e) {
        return {
          id,
          title: String(rec.notebook?.title ?? id),
          updated: '',
          trusted: false,
          error: (e as Error).message,
        };
      }
    })
    .sort((a, b) => b.updated.localeCompare(a.updated));
}

export async function loadNotebook(id: string): Promise<StoredNotebook | null> {
  const rec = await get<StoredNotebook>(id, notebooks());
  if (!rec) return null;
  return { ...rec, notebook: checkNotebook(rec.notebook, `stored notebook ${id}`) };
}

/**
 * Saves the whole notebook in one IndexedDB transaction, so a crash leaves the previous or the new
 * version, never half of one. An invalid notebook is refused before anything is written.
 */
export async function saveNotebook(nb: Notebook, trusted: boolean): Promise<void> {
  checkNotebook(nb, `notebook ${nb.id}`);
  const rec: StoredNotebook = { notebook: nb, trusted, savedAt: new Date().toISOString() };
  await set(nb.id, rec, notebooks());
}

export async function setTrusted(id: string): Promise<void> {
  await update<StoredNotebook>(
    id,
    (rec) => {
      if (!rec) throw new NotebookError(`notebook ${id}`, ['it is not in this browser']);
      return { ...rec, trusted: true };
    },
    notebooks(),
  );
}

export const deleteNotebook = (id: string): Promise<void> => del(id, notebooks());

export const lastOpened = (): Promise<string | undefined> => get<string>('lastOpened', settings());
export const setLastOpened = (id: string): Promise<void> => set('lastOpened', id, settings());

export async function filterPresets(): Promise<FilterPreset[]> {
  return (await get<FilterPreset[]>('filterPresets', settings())) ?? [];
}

/** Saves (or replaces, by name) a tape filter preset shared by every notebook in this browser. */
export async function saveFilterPreset(p: FilterPreset): Promise<FilterPreset[]> {
  let out: FilterPreset[] = [];
  await update<FilterPreset[]>(
    'filterPresets',
    (old) =>
      (out = [...(old ?? []).filter((x) => x.name !== p.name), p].sort((a, b) =>
        a.name.localeCompare(b.name),
      )),
    settings(),
  );
  return out;
}

export async function deleteFilterPreset(name: string): Promise<FilterPreset[]> {
  let out: FilterPreset[] = [];
  await update<FilterPreset[]>(
    'filterPresets',
    (old) => (out = (old ?? []).filter((x) => x.name !== name)),
    settings(),
  );
  return out;
}
