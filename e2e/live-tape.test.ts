import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { startApp, stopApp } from './start-app.ts';

let app: { url: string; proc: ChildProcess };
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function countTrades(p: Page): Promise<number> {
  await p.fill('[data-testid=sql-input]', 'select count(*) as n from option_trades');
  await p.click('[data-testid=sql-run]');
  await p.waitForFunction(() =>
    document.querySelector('[data-testid=sql-result] td')?.textContent?.match(/^\d+$/),
  );
  return Number(await p.textContent('[data-testid=sql-result] td'));
}

describe('live tape in Chromium', () => {
  beforeAll(async () => {
    app = await startApp(['--trade-rate', '300']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  });
  afterAll(async () => {
    await browser?.close();
    if (app) stopApp(app.proc);
  });

  it('fills the tape within 10 s and the SQL count grows', async () => {
    await page.goto(app.url);
    await page.waitForSelector('.tape-row', { timeout: 10_000 });
    await expect.poll(() => page.textContent('[data-testid=connection]')).toContain('connected');
    const first = await countTrades(page);
    expect(first).toBeGreaterThan(0);
    await expect.poll(() => countTrades(page), { timeout: 15_000, interval: 500 }).toBeGreaterThan(first);
    const cells = await page.$$eval('.tape-row:first-child span', (s) => s.map((x) => x.textContent ?? ''));
    expect(cells[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    expect(['SPX', 'SPY', 'QQQ', 'IWM', 'AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA', 'META', 'TSLA']).toContain(
      cells[1],
    );
    mkdirSync('artifacts', { recursive: true });
    await page.screenshot({ path: 'artifacts/live-tape.png' });
    expect(pageErrors).toEqual([]);
  });

  it('shows a SQL error in the box and keeps working', async () => {
    await page.fill('[data-testid=sql-input]', 'select * from no_such_table');
    await page.click('[data-testid=sql-run]');
    await expect.poll(() => page.textContent('[data-testid=sql-error]')).toContain('no_such_table');
    expect(await page.textContent('[data-testid=sql-error]')).toMatch(/^SqlError: Catalog Error/);
    expect(await countTrades(page)).toBeGreaterThan(0);
  });

  it('refuses a page without the launch token', async () => {
    const p = await browser.newPage();
    await p.goto(app.url.replace(/#token=.*/, ''));
    await expect.poll(() => p.textContent('#root')).toContain('No launch token');
    await p.close();
  });
});
