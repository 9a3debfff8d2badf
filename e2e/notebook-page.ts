import type { Locator, Page } from 'playwright-core';

/** The last SQL cell of the open notebook (a test adds one so it does not disturb the example's). */
export const lastSqlCell = (page: Page): Locator => page.locator('.cell-sql').last();

/** Adds an empty SQL cell at the end of the notebook. */
export async function addSqlCell(page: Page): Promise<Locator> {
  const before = await page.locator('.cell-sql').count();
  await page.click('[data-testid=add-sql]');
  await page.waitForFunction((n) => document.querySelectorAll('.cell-sql').length > n, before);
  return lastSqlCell(page);
}

/** Replaces the text of a cell's CodeMirror editor. */
export async function setEditor(cell: Locator, text: string): Promise<void> {
  const editor = cell.locator('.cm-content').first();
  await editor.click();
  await editor.press('Control+a');
  await editor.press('Delete');
  await editor.fill(text);
}

/**
 * Runs `sql` in a SQL cell and returns its rows as text. The first column's name must be unique to
 * this query, so the rows read are this query's and not the previous one's. With `throwOnError`, a
 * query error is thrown with its text instead of waiting out the timeout; only for a cell that shows
 * no error before the run (a cell keeps its last error until a run succeeds).
 */
export async function runSql(
  cell: Locator,
  sql: string,
  firstColumn: string,
  opts: { readonly timeoutMs?: number; readonly throwOnError?: boolean } = {},
): Promise<string[][]> {
  await setEditor(cell, sql);
  await cell.locator('[data-testid=sql-run]').click();
  const head = cell
    .locator('[data-testid=sql-result] .rg-head span')
    .first()
    .filter({ hasText: new RegExp(`^${firstColumn}$`) });
  const error = cell.locator('[data-testid=sql-error]');
  await (opts.throwOnError ? head.or(error).first() : head).waitFor({ timeout: opts.timeoutMs ?? 20_000 });
  if (opts.throwOnError && (await error.isVisible()))
    throw new Error(`${firstColumn}: ${await error.textContent()}`);
  return cell
    .locator('[data-testid=sql-result] .rg-row')
    .evaluateAll((rows) =>
      rows
        .sort((a, b) => Number(a.getAttribute('data-row')) - Number(b.getAttribute('data-row')))
        .map((r) => [...r.querySelectorAll('span')].map((s) => s.textContent ?? '')),
    );
}

/** Runs a one-value query and returns the value as a number. */
export async function sqlNumber(cell: Locator, sql: string, alias: string): Promise<number> {
  const rows = await runSql(cell, sql, alias);
  return Number(rows[0]?.[0]);
}

/** Opens one of the example notebooks the app ships with. */
export async function openExample(page: Page, id: string): Promise<void> {
  await page.selectOption('[data-testid=nb-examples]', id);
  await page.waitForFunction(
    (want) => (document.querySelector('[data-testid=nb-select]') as HTMLSelectElement | null)?.value === want,
    id,
  );
}
