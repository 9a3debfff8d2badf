import { toBase64Url } from './base64url.ts';
import schemaJson from '../../public/notebook.schema.json';
import { type JsonSchema, validate } from './json-schema.ts';
import { type Cell, type Notebook, NOTEBOOK_FORMAT, NOTEBOOK_VERSION } from './spec.ts';

export const NOTEBOOK_SCHEMA = schemaJson as JsonSchema;

/** A notebook file larger than this is refused before it is parsed. */
export const MAX_NOTEBOOK_BYTES = 2 * 1024 * 1024;

/** A notebook that could not be read: where it came from and every reason, each naming its path. */
export class NotebookError extends Error {
  override readonly name = 'NotebookError';
  constructor(
    readonly source: string,
    readonly reasons: readonly string[],
  ) {
    super(`${source} is not a flowbook notebook: ${reasons.join('; ')}`);
  }
}

/** Checks a parsed value against the notebook schema (and cell ids being unique). */
export function checkNotebook(value: unknown, source: string): Notebook {
  const reasons = validate(NOTEBOOK_SCHEMA, value);
  if (typeof value === 'object' && value !== null) {
    const o = value as { format?: unknown; version?: unknown };
    if (o.format === NOTEBOOK_FORMAT && typeof o.version === 'number' && o.version > NOTEBOOK_VERSION)
      throw new NotebookError(source, [
        `it is format version ${o.version}; this flowbook reads version ${NOTEBOOK_VERSION}, update flowbook`,
      ]);
  }
  if (reasons.length > 0) throw new NotebookError(source, reasons);
  const nb = value as Notebook;
  const seen = new Set<string>();
  for (const c of nb.cells) {
    if (seen.has(c.id)) throw new NotebookError(source, [`/cells: two cells have the id ${c.id}`]);
    seen.add(c.id);
  }
  return nb;
}

/** Parses notebook JSON text (a file, a share link), with one clear error for anything wrong. */
export function parseNotebook(text: string, source: string): Notebook {
  if (text.length > MAX_NOTEBOOK_BYTES)
    throw new NotebookError(source, [
      `it is ${text.length} bytes, over the ${MAX_NOTEBOOK_BYTES} byte limit`,
    ]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new NotebookError(source, [`not JSON (${(e as Error).message})`]);
  }
  return checkNotebook(value, source);
}

/** The notebook as a file: stable key order, two-space indent. */
export const serializeNotebook = (nb: Notebook): string => `${JSON.stringify(nb, null, 2)}\n`;

export function newId(prefix = ''): string {
  // 9 bytes are 12 base64url characters, no padding.
  return prefix + toBase64Url(crypto.getRandomValues(new Uint8Array(9)));
}

export function newNotebook(title: string, cells: Cell[] = []): Notebook {
  const now = new Date().toISOString();
  return {
    format: NOTEBOOK_FORMAT,
    version: NOTEBOOK_VERSION,
    id: newId(),
    title,
    created: now,
    updated: now,
    cells,
  };
}
