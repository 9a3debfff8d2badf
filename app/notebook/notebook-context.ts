import { type Accessor, createContext, useContext } from 'solid-js';
import type { EngineClient } from '../engine-client.ts';
import type { Selection } from './tape-filter.ts';

/** What every cell of the open notebook shares. */
export interface NotebookEnv {
  readonly engine: EngineClient;
  /** Changes whenever data arrives (the count of prints ingested); live cells re-run on it. */
  readonly dataTick: Accessor<number>;
  /** False until the user chooses to run a notebook that came from a file or a link. */
  readonly trusted: Accessor<boolean>;
  readonly selection: Accessor<Selection | null>;
  setSelection(s: Selection | null): void;
  /** Changes when the user runs every cell (Ctrl+Shift+Enter, or the palette). */
  readonly runTick: Accessor<number>;
  /** Table name → column names, for SQL completion. */
  readonly schema: Accessor<Record<string, string[]>>;
}

export const NotebookContext = createContext<NotebookEnv>();

export function useNotebook(): NotebookEnv {
  const env = useContext(NotebookContext);
  if (!env) throw new Error('a cell was rendered outside a notebook');
  return env;
}
