import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { addSqlCell, openExample, runSql, setEditor, sqlNumber } from './notebook-page.ts';
import { startApp, stopApp } from './start-app.ts';

const EXAMPLES = ['live-flow', 'sweeps', 'market-tide', 'zero-dte', 'gex-dex', 'dark-pool', 'microstructure'];

let app: { url: string; proc: ChildProcess };
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
let seq = 0;
const alias = () => `a${++seq}`;

/** A page in a fresh browser profile (its own IndexedDB); console errors count as failures unless told. */
async function openPage(opts: { consoleErrors?: string[] } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1500, height: 1000 },
    acceptDownloads: true,
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && (opts.consoleErrors ?? pageErrors).push(m.text()));
  return page;
}

async function exportJson(page: Page): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid=nb-export]'),
  ]);
  return readFileSync((await download.path())!, 'utf8');
}

async function importJson(page: Page, json: string, name = 'notebook.json') {
  await page.setInputFiles('[data-testid=nb-file]', {
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(json),
  });
}

/** Waits out the resize and autosave debounces, then until nothing is waiting to be saved. */
const saved = async (page: Page) => {
  await page.waitForTimeout(800);
  await page.waitForSelector('[data-testid=save-status][data-dirty=false]');
};

describe('notebooks in Chromium', () => {
  beforeAll(async () => {
    app = await startApp(['--trade-rate', '400']);
    browser = await launchChromium();
  });
  // Each page runs its own engine on the live stream; closing them keeps the two cores for the next test.
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  });
  afterAll(async () => {
    await browser?.close();
    if (app) stopApp(app.proc);
  });

  it('renders every example notebook without an error (screenshots in artifacts/)', async () => {
    const page = await openPage();
    await page.goto(app.url);
    await page.waitForSelector('.tape-row', { timeout: 20_000 });
    // Give the session a minute of data so the analytics have rows.
    await page.waitForTimeout(4000);
    for (const id of EXAMPLES) {
      await openExample(page, id);
      await page.waitForTimeout(2500);
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('.cell-chart')].every(
            (c) => c.querySelector('svg g') || c.textContent?.includes('No rows yet'),
          ),
        undefined,
        { timeout: 20_000 },
      );
      const errors = await page.$$eval(
        '.cell-error, [data-testid=cell-crash], [data-testid=nb-error]',
        (els) =>
          els.map((e) => `${e.closest('.cell')?.getAttribute('data-cell-id') ?? ''}: ${e.textContent ?? ''}`),
      );
      expect(errors, id).toEqual([]);
      expect(await page.locator('[data-testid=untrusted]').count(), id).toBe(0);
      await page.screenshot({ path: `artifacts/notebook-${id}.png`, fullPage: true });
    }
    expect(await page.locator('.cell-flowview canvas').count()).toBe(0); // microstructure has no flow view
    expect(pageErrors).toEqual([]);
  });

  it('keeps an edit, a new cell and a new order across a reload (IndexedDB autosave)', async () => {
    const page = await openPage();
    await page.goto(app.url);
    await page.waitForSelector('[data-cell-id=by-ticker] .cm-content');
    const cell = page.locator('[data-cell-id=by-ticker]');
    await setEditor(cell, "SELECT 'kept across reload' AS marker");
    await page.fill('[data-cell-id=tape] [data-testid=cell-title]', 'My tape');
    await page.press('[data-cell-id=tape] [data-testid=cell-title]', 'Tab');
    await page.click('[data-testid=add-markdown]');
    await page.locator('.cell-markdown').last().locator('[data-testid=markdown-input]').fill('## my note');
    await page.locator('.cell-markdown').last().locator('[data-testid=cell-up]').click();
    // Resize the tape by dragging its body's corner handle.
    const body = page.locator('[data-cell-id=tape] .cell-body');
    const b = (await body.boundingBox())!;
    await page.mouse.move(b.x + b.width - 4, b.y + b.height - 4);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width - 4, b.y + b.height + 116, { steps: 6 });
    await page.mouse.up();
    await expect.poll(async () => (await body.boundingBox())!.height).toBeGreaterThan(b.height + 100);
    const resized = Math.round((await body.boundingBox())!.height);
    await saved(page);
    const order = await page.$$eval('.cell', (cs) => cs.map((c) => c.getAttribute('data-kind')));
    await page.reload();
    await page.waitForSelector('[data-cell-id=by-ticker] .cm-content');
    expect(await cell.locator('.cm-content').textContent()).toBe("SELECT 'kept across reload' AS marker");
    expect(await page.inputValue('[data-cell-id=tape] [data-testid=cell-title]')).toBe('My tape');
    expect(await page.$$eval('.cell', (cs) => cs.map((c) => c.getAttribute('data-kind')))).toEqual(order);
    expect(order.at(-2)).toBe('markdown');
    expect(await page.locator('.cell-markdown').last().textContent()).toContain('my note');
    expect(Math.abs(Math.round((await body.boundingBox())!.height) - resized)).toBeLessThanOrEqual(2);
  });

  it('exports, imports (untrusted) and shares a notebook with identical results', async () => {
    const a = await openPage();
    await a.goto(app.url);
    // The notebook last open is opened first; New is clicked once it is, and the title typed once
    // the new notebook replaced it.
    await a.waitForSelector('.cell');
    const before = await a.inputValue('[data-testid=nb-select]');
    await a.click('[data-testid=nb-new]');
    await a.waitForFunction(
      (b) =>
        ![b, ''].includes((document.querySelector('[data-testid=nb-select]') as HTMLSelectElement).value),
      before,
    );
    await a.waitForSelector('.workspace[aria-busy=false]');
    expect(await a.inputValue('[data-testid=nb-title]')).toBe('Untitled notebook');
    await a.fill('[data-testid=nb-title]', 'Round trip');
    await a.press('[data-testid=nb-title]', 'Tab');
    await setEditor(a.locator('.cell-sql').first(), "SELECT 'round trip' AS rt, 42 AS answer");
    await a.click('[data-testid=add-chart]');
    await saved(a);
    const exported = await exportJson(a);
    const nb = JSON.parse(exported) as { id: string; title: string; cells: { kind: string }[] };
    expect(nb.title).toBe('Round trip');
    expect(nb.cells.map((c) => c.kind)).toEqual(['sql', 'chart']);
    expect(exported).not.toMatch(/option_trades.*rows|"data"/);

    // Import into a browser that has never seen it: it opens untrusted, and nothing runs.
    const b = await openPage();
    await b.goto(app.url);
    await b.waitForSelector('.cell');
    await importJson(b, exported, 'round-trip.json');
    await b.waitForSelector('[data-testid=untrusted]');
    expect(await b.inputValue('[data-testid=nb-title]')).toBe('Round trip');
    await b.waitForTimeout(1500);
    expect(await b.locator('[data-testid=sql-result]').count()).toBe(0);
    expect(await b.locator('[data-testid=sql-run]').first().isDisabled()).toBe(true);
    expect(await b.locator('.cell-chart svg g').count()).toBe(0);
    expect(await exportJson(b)).toBe(exported);
    await b.click('[data-testid=trust]');
    await b.locator('[data-testid=sql-result] .rg-row').first().waitFor();
    expect(await b.locator('[data-testid=sql-result] .rg-row').first().textContent()).toBe('round trip42');
    // Trusting it is remembered.
    await b.reload();
    await b.locator('[data-testid=sql-result] .rg-row').first().waitFor();
    expect(await b.locator('[data-testid=untrusted]').count()).toBe(0);

    // Share: the link holds the layout, not the launch token; the recipient's flowbook opens it untrusted.
    await a.click('[data-testid=nb-share]');
    const link = await a.inputValue('[data-testid=share-url]');
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#nb=[\w-]+$/);
    expect(link).not.toContain('token');
    const c = await openPage();
    await c.goto(link);
    await expect.poll(() => c.textContent('#root')).toContain('The shared notebook is kept for this tab');
    expect(c.url()).not.toContain('nb=');
    await c.goto(app.url);
    await c.waitForSelector('[data-testid=untrusted]');
    expect(await c.inputValue('[data-testid=nb-title]')).toBe('Round trip');
    expect(await exportJson(c)).toBe(exported);
  });

  it('opens the notebook asked for last: New clicked while the notebook last open is still being read', async () => {
    const page = await openPage();
    // On the first load, reads of stored notebooks (IndexedDB get) are held until the test releases
    // them, so New is clicked while the startup's read of the notebook last open is still waiting.
    await page.addInitScript(() => {
      const w = window as unknown as { heldReads: (() => void)[]; holdReads: boolean };
      w.heldReads = [];
      w.holdReads = sessionStorage.getItem('test.heldOnce') === null;
      sessionStorage.setItem('test.heldOnce', '1');
      const get = IDBObjectStore.prototype.get;
      IDBObjectStore.prototype.get = function (this: IDBObjectStore, key: IDBValidKey | IDBKeyRange) {
        const req = get.call(this, key);
        if (!w.holdReads || this.transaction.db.name !== 'flowbook-notebooks') return req;
        const late = { result: undefined as unknown, error: null as unknown } as Record<string, unknown>;
        const deliver = (name: 'onsuccess' | 'onerror') => () =>
          w.heldReads.push(() => {
            late.result = req.result;
            late.error = req.error;
            (late[name] as (() => void) | undefined)?.();
          });
        req.onsuccess = deliver('onsuccess');
        req.onerror = deliver('onerror');
        return late as unknown as IDBRequest;
      };
    });
    await page.goto(app.url);
    await page.waitForFunction(() => (window as unknown as { heldReads: unknown[] }).heldReads.length > 0);
    const stored = await page.$$eval('[data-testid=nb-select] option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    expect(stored.length).toBeGreaterThan(0);
    expect(await page.locator('.cell').count()).toBe(0);
    await page.click('[data-testid=nb-new]');
    await page.waitForFunction((s) => {
      const v = (document.querySelector('[data-testid=nb-select]') as HTMLSelectElement).value;
      return v !== '' && !s.includes(v);
    }, stored);
    const created = await page.inputValue('[data-testid=nb-select]');
    await page.evaluate(() => {
      const w = window as unknown as { heldReads: (() => void)[]; holdReads: boolean };
      w.holdReads = false;
      for (const f of w.heldReads.splice(0)) f();
    });
    await page.waitForSelector('.workspace[aria-busy=false]');
    expect(await page.inputValue('[data-testid=nb-select]')).toBe(created);
    expect(await page.inputValue('[data-testid=nb-title]')).toBe('Untitled notebook');
    await page.reload();
    await page.waitForSelector('.workspace[aria-busy=false] .cell');
    expect(await page.inputValue('[data-testid=nb-select]')).toBe(created);
  });

  it('keeps the open notebook selected in the list when the list is read again', async () => {
    const page = await openPage();
    await page.goto(app.url);
    await page.waitForSelector('.workspace[aria-busy=false] .cell');
    // Dated before every example, so it sorts last in the list, which trusting it reads again.
    await importJson(
      page,
      '{"format":"flowbook.notebook","version":1,"id":"old-one","title":"Old one","created":"2020-01-01T00:00:00Z","updated":"2020-01-01T00:00:00Z","cells":[{"id":"a","kind":"sql","sql":"SELECT 1 AS one","live":false}]}',
      'old.json',
    );
    await page.waitForSelector('[data-testid=untrusted]');
    expect(await page.inputValue('[data-testid=nb-select]')).toBe('old-one');
    await page.click('[data-testid=trust]');
    await page.waitForSelector('[data-testid=nb-select] option[value=old-one]:not(:has-text("untrusted"))', {
      state: 'attached',
    });
    expect(await page.inputValue('[data-testid=nb-title]')).toBe('Old one');
    expect(await page.inputValue('[data-testid=nb-select]')).toBe('old-one');
  });

  it('names what is wrong with a broken notebook file and loses nothing', async () => {
    const page = await openPage();
    await page.goto(app.url);
    await page.waitForSelector('[data-cell-id=by-ticker]');
    const before = await exportJson(page);
    await importJson(
      page,
      '{"format":"flowbook.notebook","version":1,"id":"x","title":"t","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z","cells":[{"id":"a","kind":"python"}]}',
      'bad.json',
    );
    await expect
      .poll(() => page.textContent('[data-testid=nb-error]'))
      .toMatch(/bad\.json is not a flowbook notebook: \/cells\/0: kind must be one of/);
    await importJson(page, 'not json at all', 'worse.json');
    await expect
      .poll(() => page.textContent('[data-testid=nb-error]'))
      .toMatch(/worse\.json is not a flowbook notebook: not JSON/);
    expect(await exportJson(page)).toBe(before);
    expect(await page.locator('[data-testid=nb-select] option').count()).toBe(EXAMPLES.length);
  });

  it('runs a hostile notebook without a request leaving or a script running; each cell shows its error', async () => {
    const hits: string[] = [];
    const evil: Server = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      res.end('a,b\n1,2\n');
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    const port = (evil.address() as AddressInfo).port;
    const url = `http://127.0.0.1:${port}`;
    const consoleErrors: string[] = [];
    const page = await openPage({ consoleErrors });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const requests: string[] = [];
    page.context().on('request', (r) => requests.push(r.url()));
    await page.goto(app.url);
    await page.waitForSelector('.cell');
    const q = (id: string, sql: string) => ({ id, kind: 'sql', sql, live: false });
    const hostile = {
      format: 'flowbook.notebook',
      version: 1,
      id: 'hostile',
      title: 'Totally normal notebook',
      created: '2026-12-01T00:00:00.000Z',
      updated: '2026-12-01T00:00:00.000Z',
      cells: [
        {
          id: 'md',
          kind: 'markdown',
          text: `# Hi\n<script>window.__pwned = 'script'</script>\n<img src="x" onerror="window.__pwned = 'onerror'">\n<img src="${url}/pixel.png">\n<iframe src="${url}/frame"></iframe>\n<a href="javascript:window.__pwned='link'">click</a>\n<form action="${url}/post"><input name="a"></form>\n<div style="background:url(${url}/bg.png)">styled</div>\n![remote](${url}/md.png)`,
        },
        q('csv', `SELECT * FROM read_csv('${url}/data.csv')`),
        q('parquet', `SELECT * FROM read_parquet('${url}/data.parquet')`),
        q('attach', `ATTACH '${url}/db.duckdb' AS leak`),
        q('copy', "COPY (SELECT * FROM option_trades) TO 'leak.csv'"),
        q('set', 'SET enable_external_access = true'),
        q('install', 'INSTALL httpfs'),
        q('load', 'LOAD httpfs'),
        {
          id: 'chart',
          kind: 'chart',
          chart: 'tide',
          sql: `SELECT * FROM read_json('${url}/tide.json')`,
          live: true,
        },
      ],
    };
    await importJson(page, JSON.stringify(hostile), 'hostile.json');
    await page.waitForSelector('[data-testid=untrusted]');
    await page.click('[data-testid=trust]');
    // INSTALL is a no-op in DuckDB-WASM (it reports Success and fetches nothing); LOAD is what would fetch.
    for (const id of ['csv', 'parquet', 'attach', 'copy', 'set', 'load'])
      await expect
        .poll(
          () =>
            page
              .locator(`[data-cell-id=${id}] [data-testid=sql-error]`)
              .textContent()
              .catch(() => ''),
          { timeout: 15_000 },
        )
        .toMatch(/Error/);
    await expect
      .poll(() =>
        page
          .locator('[data-cell-id=chart] [data-testid=chart-error]')
          .textContent()
          .catch(() => ''),
      )
      .toMatch(/Error/);
    const md = page.locator('[data-cell-id=md] [data-testid=markdown]');
    expect(await md.textContent()).toContain('Hi');
    expect(
      await md.evaluate(
        (el) => el.querySelectorAll('script, iframe, form, input, [onerror], [style]').length,
      ),
    ).toBe(0);
    expect(
      await md.evaluate((el) => [...el.querySelectorAll('img')].filter((i) => i.getAttribute('src')).length),
    ).toBe(0);
    await md
      .locator('a')
      .click()
      .catch(() => undefined);
    await page.waitForTimeout(1000);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(hits).toEqual([]);
    // What the browser logged (a refused request would be here) names nothing of the attacker's.
    expect(consoleErrors.filter((m) => m.includes(String(port)))).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(
      requests.filter(
        (r) => !r.startsWith(new URL(app.url).origin) && !r.startsWith('blob:') && !r.startsWith('data:'),
      ),
    ).toEqual([]);
    // The session is unharmed: the other cells' engine still answers.
    const sql = await addSqlCell(page);
    expect(
      await sqlNumber(sql, `SELECT count(*) AS ${alias()} FROM option_trades`, `a${seq}`),
    ).toBeGreaterThan(0);
    evil.close();
  });

  it('a range brushed in the flow view filters the tape and the SQL that reads selected_trades', async () => {
    const page = await openPage();
    await page.goto(app.url);
    const view = page.locator('[data-cell-id=view]');
    await expect
      .poll(
        async () =>
          Number((await view.locator('[data-testid=flowview-count]').textContent())?.replace(/\D/g, '')),
        { timeout: 20_000 },
      )
      .toBeGreaterThan(50);
    const box = (await view.locator('canvas').boundingBox())!;
    // Hovering near a point shows that print (found by sweeping the dense band around spot). The tip
    // comes from an engine query, which a busy machine can take longer than the first sweep's wait
    // to answer, and moving on drops it: a second sweep waits longer at each place.
    let tip: string | null = null;
    for (const wait of [80, 500])
      for (let row = 0; row < 9 && !tip; row++)
        for (let col = 0; col < 40 && !tip; col++) {
          await page.mouse.move(
            box.x + ((col + 0.5) / 40) * box.width,
            box.y + (0.3 + row * 0.05) * box.height,
          );
          tip = await view
            .locator('[data-testid=flowview-tip]')
            .textContent({ timeout: wait })
            .catch(() => null);
        }
    expect(tip).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} SPY\d{6}[CP]\d{8} \w{4} · [a-z ]+ (bullish|bearish|neutral) · [\d,]+ @ [\d.]+ = \$[\d.]+[KM]? · spot [\d.]+ · IV/,
    );
    await page.keyboard.down('Shift');
    // Across the whole time axis (a late print can stretch it far to the left of the rest), and most
    // of the strike axis: the selection is then the view's SPY prints, a subset of all prints.
    await page.mouse.move(box.x + 2, box.y + box.height * 0.05);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 2, box.y + box.height * 0.95, { steps: 8 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const chip = page.locator('[data-testid=selection-chip]');
    await chip.waitFor();
    const predicate = (await chip.getAttribute('data-predicate'))!;
    expect(predicate).toMatch(
      /^epoch_ms\(ts\) BETWEEN [\d.e+]+ AND [\d.e+]+ AND strike BETWEEN [\d.]+ AND [\d.]+ AND NOT cancelled AND underlying IN \('SPY'\)$/,
    );
    const tape = page.locator('[data-cell-id=tape]');
    await tape.locator('[data-testid=selection-applied]').waitFor();
    await expect
      .poll(async () => [...new Set(await tape.locator('.tape-row .c-underlying').allTextContents())], {
        timeout: 10_000,
      })
      .toEqual(['SPY']);
    const sql = await addSqlCell(page);
    const [[, same, selected, total]] = (await runSql(
      sql,
      `SELECT 0 AS ${alias()}, (SELECT count(*) FROM selected_trades) = (SELECT count(*) FROM option_trades WHERE ${predicate}) AS same,
         (SELECT count(*) FROM selected_trades) AS selected, (SELECT count(*) FROM option_trades) AS total`,
      `a${seq}`,
    )) as [[string, string, string, string]];
    expect(same).toBe('true');
    expect(Number(selected)).toBeGreaterThan(0);
    expect(Number(selected)).toBeLessThan(Number(total));
    // The example's "Selected premium" cell follows the selection. Prints keep arriving (late ones
    // too, inside the brushed time), so its count is read first and compared with a count made after.
    const followed = async () => {
      const shown = Number(
        (await page.locator('[data-cell-id=selected] .rg-row span').first().textContent()) ?? 0,
      );
      const later = await sqlNumber(
        sql,
        `SELECT count(*) AS ${alias()} FROM option_trades WHERE ${predicate}`,
        `a${seq}`,
      );
      return shown > 0 && shown <= later;
    };
    await expect.poll(followed, { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: 'artifacts/notebook-brushed.png' });
    await chip.click();
    await chip.waitFor({ state: 'detached' });
    await expect
      .poll(async () => new Set(await tape.locator('.tape-row .c-underlying').allTextContents()).size, {
        timeout: 10_000,
      })
      .toBeGreaterThan(1);
  }, 240_000);

  it('filters the tape with the filter builder and keeps presets', async () => {
    const page = await openPage();
    await page.goto(app.url);
    const tape = page.locator('[data-cell-id=tape]');
    await tape.locator('.tape-row').first().waitFor({ timeout: 20_000 });
    await tape.locator('[data-testid=filter-toggle]').click();
    await tape.locator('[data-testid=filter-tickers]').fill('qqq, iwm');
    await tape.locator('[data-testid=filter-tickers]').press('Enter');
    await tape.locator('[data-testid=filter-sentiment-bullish]').click();
    await expect
      .poll(() => tape.locator('[data-testid=filter-summary]').textContent())
      .toBe('QQQ,IWM · bullish');
    await expect
      .poll(
        async () => {
          const rows = await tape
            .locator('.tape-row')
            .evaluateAll((rs) =>
              rs.map((r) => [
                r.querySelector('.c-underlying')?.textContent,
                r.querySelector('.c-sentiment')?.textContent,
              ]),
            );
          return rows.length > 0 && rows.every(([u, s]) => (u === 'QQQ' || u === 'IWM') && s === 'bullish');
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    await tape.locator('[data-testid=preset-name]').fill('index bulls');
    await tape.locator('[data-testid=preset-save]').click();
    await tape.locator('[data-testid=preset-apply]', { hasText: 'index bulls' }).waitFor();
    await saved(page);
    await page.reload();
    await tape.locator('[data-testid=filter-summary]', { hasText: 'QQQ,IWM · bullish' }).waitFor();
    await tape.locator('[data-testid=filter-toggle]').click();
    await tape.locator('button', { hasText: 'clear' }).click();
    await expect.poll(() => tape.locator('[data-testid=filter-summary]').textContent()).toBe('all prints');
    await tape.locator('[data-testid=preset-apply]', { hasText: 'index bulls' }).click();
    await expect
      .poll(() => tape.locator('[data-testid=filter-summary]').textContent())
      .toBe('QQQ,IWM · bullish');
  });

  it('edits a classifier threshold in a parameters cell: checked, applied to the session, saved in the notebook', async () => {
    const page = await openPage();
    await page.goto(app.url);
    await page.waitForSelector('.cell');
    await openExample(page, 'sweeps');
    const input = page.locator('[data-testid=param-goldenMinPremium]');
    await input.fill('lots');
    await input.press('Enter');
    await expect
      .poll(() => page.textContent('[data-param=goldenMinPremium] [data-testid=param-error]'))
      .toMatch(/goldenMinPremium=lots: needs a number/);
    await input.fill('-5');
    await input.press('Enter');
    await expect
      .poll(() => page.textContent('[data-param=goldenMinPremium] [data-testid=param-error]'))
      .toMatch(/goldenMinPremium/);
    // A field being typed in keeps its text while another field's edit is applied (whose answer
    // re-renders every field).
    const venues = page.locator('[data-testid=param-sweepMinVenues]');
    await venues.fill('3');
    await input.evaluate((e: HTMLInputElement) => {
      e.value = '250000';
      e.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await page
      .locator('[data-param=goldenMinPremium] [data-testid=param-error]')
      .waitFor({ state: 'detached' });
    await page.locator('[data-param=goldenMinPremium].overridden').waitFor();
    expect(await venues.inputValue()).toBe('3');
    await venues.press('Enter');
    await page.locator('[data-param=sweepMinVenues].overridden').waitFor();
    expect(await input.inputValue()).toBe('250000');
    const sql = await addSqlCell(page);
    await expect
      .poll(() =>
        sqlNumber(
          sql,
          `SELECT flowbook_param('goldenMinPremium') + flowbook_param('sweepMinVenues') AS ${alias()}`,
          `a${seq}`,
        ),
      )
      .toBe(250003);
    await saved(page);
    const nb = JSON.parse(await exportJson(page)) as { params?: { flow?: Record<string, number> } };
    expect(nb.params?.flow).toEqual({ goldenMinPremium: 250000, sweepMinVenues: 3 });
    // Another notebook does not inherit it: the session's value returns to what it was.
    await openExample(page, 'live-flow');
    const sql2 = await addSqlCell(page);
    expect(await sqlNumber(sql2, `SELECT flowbook_param('goldenMinPremium') AS ${alias()}`, `a${seq}`)).toBe(
      1_000_000,
    );
  });

  it('drives cells from the command palette and the keyboard; a bad chart query stays in its cell', async () => {
    const page = await openPage();
    await page.goto(app.url);
    await page.waitForSelector('[data-cell-id=tape] .tape-row', { timeout: 20_000 });
    await page.click('[data-cell-id=by-ticker] [data-testid=cell-title]');
    await page.keyboard.press('Control+k');
    await page.locator('[data-testid=palette-input]').fill('add chart');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=palette]').waitFor({ state: 'detached' });
    const kinds = () => page.$$eval('.cell', (cs) => cs.map((c) => c.getAttribute('data-cell-id') ?? ''));
    const ids = await kinds();
    const added = ids[ids.indexOf('by-ticker') + 1]!;
    expect(await page.getAttribute(`[data-cell-id="${added}"]`, 'data-kind')).toBe('chart');
    await page.click(`[data-cell-id="${added}"] [data-testid=cell-title]`);
    await page.keyboard.press('Control+Shift+ArrowUp');
    await expect.poll(async () => (await kinds()).indexOf(added)).toBe(ids.indexOf('by-ticker'));
    // SQL completion knows the session's tables and their columns.
    // (in a cell of its own, not live, so a half-typed query is never run).
    const scratch = await addSqlCell(page);
    const editor = scratch.locator('.cm-content');
    await setEditor(scratch, 'SELECT * FROM option_tr');
    await editor.press('Control+Space');
    await expect
      .poll(() => page.locator('.cm-tooltip-autocomplete').textContent())
      .toContain('option_trades');
    await editor.press('Escape');
    await setEditor(scratch, 'SELECT option_trades.otm');
    await editor.press('Control+Space');
    await expect.poll(() => page.locator('.cm-tooltip-autocomplete').textContent()).toContain('otm_pct');
    await editor.press('Escape');
    const chart = page.locator(`[data-cell-id="${added}"]`);
    await chart.locator('[data-testid=chart-edit]').click();
    await setEditor(chart, 'SELECT 1 AS one');
    await chart.locator('.cm-content').press('Shift+Enter');
    await expect
      .poll(() => chart.locator('[data-testid=chart-error]').textContent())
      .toMatch(/lacks columns bucket, cum_net_call_premium, cum_net_put_premium/);
    expect(await page.locator('.cell-error').count()).toBe(1);
    expect(await page.locator('[data-cell-id=tape] .tape-row').count()).toBeGreaterThan(0);
    await chart.locator('[data-testid=cell-delete]').click();
    await expect.poll(async () => (await kinds()).includes(added)).toBe(false);
    expect(pageErrors).toEqual([]);
  });
});
