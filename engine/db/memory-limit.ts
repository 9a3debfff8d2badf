/** DuckDB's memory limit for a database kept in a file: checkpointed blocks beyond it stay on disk. */
export const FILE_DATABASE_MEMORY_LIMIT = '1GB';

/**
 * A memory limit as `memory=` in the app's URL fragment gives it (docs/schema.md): a number and
 * a unit DuckDB takes, from 16 MB; null when absent or not of that form.
 */
export function parseMemoryLimit(text: string | null): string | null {
  const m = /^(\d+(?:\.\d+)?)(KB|MB|GB|KiB|MiB|GiB)$/i.exec(text?.trim() ?? '');
  if (!m) return null;
  const unit = m[2]!.toUpperCase();
  const bytes = Number(m[1]) * (unit[0] === 'K' ? 1024 : unit[0] === 'M' ? 1024 ** 2 : 1024 ** 3);
  return bytes >= 16 * 1024 ** 2 ? `${m[1]}${m[2]}` : null;
}
