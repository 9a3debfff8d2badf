import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bsmGreeks, bsmImpliedVol, emptyGreeks } from '../engine/index.ts';
import { launchChromium } from './chromium.ts';
import { addSqlCell, runSql, setEditor, sqlNumber } from './notebook-page.ts';
import { startApp, stopApp } from './start-app.ts';

let app: { url: string; proc: ChildProcess };
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

let sql: Locator;
let seq = 0;
/** A query's rows; each call gets its own first-column alias, so stale rows are never read. */
const rows = (query: (alias: string) => string) => {
  const alias = `q${++seq}`;
  return runSql(sql, query(alias), alias);
};
const countTrades = () => sqlNumber(sql, `select count(*) as n${++seq} from option_trades`, `n${seq}`);

describe('live tape in Chromium', () => {
  beforeAll(async () => {
    app = await startApp(['--trade-rate', '300', '--rate', '0.05', '--dividend', 'SPY=0.02']);
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
    await page.waitForSelector('.tape-row', { timeout: 15_000 });
    sql = await addSqlCell(page);
    await expect.poll(() => page.textContent('[data-testid=connection]')).toContain('connected');
    const first = await countTrades();
    expect(first).toBeGreaterThan(0);
    await expect.poll(() => countTrades(), { timeout: 15_000, interval: 500 }).toBeGreaterThan(first);
    const cells = await page.$$eval('.tape-row:first-child span', (s) => s.map((x) => x.textContent ?? ''));
    expect(cells[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    expect(['SPX', 'SPY', 'QQQ', 'IWM', 'AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA', 'META', 'TSLA']).toContain(
      cells[1],
    );
    mkdirSync('artifacts', { recursive: true });
    await page.screenshot({ path: 'artifacts/live-tape.png' });
    expect(pageErrors).toEqual([]);
  });

  it('shows a SQL error in the cell and keeps working', async () => {
    await runSql(sql, 'select 1 as before_error', 'before_error');
    await setEditor(sql, 'select * from no_such_table');
    await sql.locator('[data-testid=sql-run]').click();
    await expect.poll(() => sql.locator('[data-testid=sql-error]').textContent()).toContain('no_such_table');
    expect(await sql.locator('[data-testid=sql-error]').textContent()).toMatch(/^SqlError: Catalog Error/);
    // The last good result stays, and every other cell goes on.
    expect(await sql.locator('[data-testid=sql-result] .rg-head span').first().textContent()).toBe(
      'before_error',
    );
    expect(await page.locator('.tape-row').count()).toBeGreaterThan(0);
    expect(await countTrades()).toBeGreaterThan(0);
  });

  it('prices prints with the relay’s --rate and --dividend, to the same numbers as the engine in Node', async () => {
    const cols = ['put_call', 'strike', 'price', 'spot', 'years', 'iv', 'delta', 'gamma', 'theta', 'vega'];
    const got = (
      await rows(
        (a) => `select 0 as ${a}, ${cols.map((c) => `${c}::VARCHAR AS ${c}`).join(', ')} from option_trades
       where underlying = 'SPY' and greeks_from = 'trade' order by rid limit 25`,
      )
    ).map((r) => r.slice(1));
    expect(got.length).toBeGreaterThan(0);
    let differsFromDefaults = 0;
    for (const r of got) {
      const [pc, strike, price, spot, years, iv, delta, gamma, theta, vega] = [
        r[0],
        ...r.slice(1).map(Number),
      ] as [string, ...number[]];
      const call = pc === 'C';
      const want = bsmImpliedVol(price!, call, spot!, strike!, years!, 0.05, 0.02);
      expect(typeof want, JSON.stringify([r, want])).toBe('number');
      expect(Math.abs(iv! - (want as number))).toBeLessThan(1e-12);
      const g = bsmGreeks(call, spot!, strike!, years!, 0.05, 0.02, want as number, emptyGreeks());
      for (const [x, y] of [
        [delta, g.delta],
        [gamma, g.gamma],
        [theta, g.theta],
        [vega, g.vega],
      ] as const)
        expect(Math.abs(x! - y)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(y)));
      const atDefaults = bsmImpliedVol(price!, call, spot!, strike!, years!, 0.04, 0.012);
      if (typeof atDefaults !== 'number' || Math.abs(atDefaults - iv!) > 1e-7) differsFromDefaults += 1;
    }
    expect(differsFromDefaults).toBeGreaterThan(0);
  });

  it('shows parent orders and drills from a sweep to its prints and evidence', async () => {
    const tape = page.locator('.cell-tape').first();
    await tape.locator('[data-testid=mode-flows]').click();
    // A closed sweep: an open one can still gain prints between the drill-down and the query below.
    const closed = 'tr.flow-row[data-kind=sweep][data-open=false]';
    await tape.locator(closed).first().waitFor({ timeout: 20_000 });
    // The list holds still under the pointer, so the row can be read and clicked.
    await tape.locator('.flows-list thead').hover();
    await tape.locator('[data-testid=flows-paused]').waitFor();
    const sweep = tape.locator(closed).first();
    const id = await sweep.getAttribute('data-id');
    const readDetail = async () => {
      await tape.locator(`tr.flow-row[data-id="${id}"]`).first().click();
      await tape.locator('[data-testid=flow-prints] tbody tr').first().waitFor();
      return tape
        .locator('[data-testid=flow-prints] tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
        );
    };
    let detail = await readDetail();
    expect(await tape.locator('[data-testid=flow-evidence]').textContent()).toMatch(
      /sweep — prints in one contract/,
    );
    // The drill-down lists exactly the prints flow_prints links to this flow. A closed sweep can
    // still change (a cancel splits it) between the drill-down and the query: read both again then.
    let n = '';
    let venues = '';
    await expect
      .poll(
        async () => {
          [[, n, venues]] = (await rows(
            (a) => `select 0 as ${a}, count(*)::VARCHAR as n, count(distinct t.exchange)::VARCHAR as venues
             from flow_prints p join option_trades t using (rid) where p.flow_id = ${id}`,
          )) as [[string, string, string]];
          if (detail.length !== Number(n)) detail = await readDetail();
          return detail.length === Number(n);
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    expect(Number(venues)).toBeGreaterThanOrEqual(2);
    expect(new Set(detail.map((r) => r[2])).size).toBe(1);
    await page.screenshot({ path: 'artifacts/flows.png' });
    await tape.locator('[data-testid=mode-prints]').click();
    await tape.locator('.tape-row').first().waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('computes exposures, tide and indicators in the browser and shows data quality', async () => {
    await expect
      .poll(() => page.getAttribute('[data-testid=quality]', 'data-state'), { timeout: 15_000 })
      .toMatch(/^(ok|partial)$/);
    expect(await page.textContent('[data-testid=quality]')).toMatch(/data ok · \d+ streams|\d+\/\d+ partial/);
    expect(await page.textContent('[data-testid=feed-status]')).toBe('feed connected');
    const levels = await rows(
      (
        a,
      ) => `select underlying as ${a}, spot::VARCHAR, call_wall::VARCHAR, put_wall::VARCHAR, max_pain::VARCHAR,
         len(zero_gamma_oi_all)::VARCHAR from gamma_levels where bucket = 'all' and spot > 0 order by 1`,
    );
    expect(levels.length).toBeGreaterThan(0);
    for (const [, spot, callWall, putWall, pain] of levels) {
      expect(Number(spot)).toBeGreaterThan(0);
      for (const k of [callWall, putWall, pain]) expect(Number(k)).toBeGreaterThan(0);
    }
    const tide = await rows(
      (a) =>
        `select scope as ${a}, count(*)::VARCHAR from market_tide where scope_kind = 'market' group by 1`,
    );
    expect(tide).toEqual([['market', expect.stringMatching(/^[1-9]\d*$/)]]);
    const bars = await rows((a) => `select count(*)::VARCHAR as ${a} from bar_indicators`);
    expect(Number(bars[0]![0])).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });

  it('refuses a page without the launch token', async () => {
    const p = await browser.newPage();
    await p.goto(app.url.replace(/#token=.*/, ''));
    await expect.poll(() => p.textContent('#root')).toContain('No launch token');
    await p.close();
  });
});
