import { checkNotebook } from './notebook-io.ts';
import type { Notebook } from './spec.ts';

const files = import.meta.glob<unknown>('../../notebooks/*.json', { eager: true, import: 'default' });

/** The example notebooks shipped in notebooks/, checked like any other notebook. */
export const EXAMPLES: readonly Notebook[] = Object.entries(files)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([path, value]) => checkNotebook(value, path.replace(/^.*\//, 'notebooks/')));

export const FIRST_EXAMPLE = 'live-flow';
