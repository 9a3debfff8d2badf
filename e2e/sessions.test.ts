import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesSource, encodeEvents, openEventFile, SimMarket } from '../engine/index.ts';
import { createFileRecorder } from '../relay/recorder.ts';
import { launchChromium } from './chromium.ts';
import { addSqlCell, openExample, runSql, sqlNumber } from './notebook-page.ts';
import { startApp, stopApp } from './start-app.ts';

const GOLDEN = new URL('../engine/events/testdata/arrow-golden/', import.meta.url).pathname;
const HANGS = `${GOLDEN}fuzz-regression/file_clusterfuzz-testcase-minimized-arrow-ipc-file-fuzz-6240547580936192`;

let app: { url: string; proc: ChildProcess };
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
let seq = 0;
/** The relay's --record folder, with one closed recording of OLDER_EVENTS events written before it starts. */
const recordDir = mkdtempSync(join(tmpdir(), 'flowbook-e2e-record-'));
const OLDER = 'flowbook-2026-11-19T14-30-00-000Z.arrows';
let olderEvents = 0;

/** A new tab of the app; `fragment` adds to the URL fragment (e.g. `&watchdog=1`). */
const openPage = async (fragment = '') => {
  const p = await context.newPage();
  p.on('pageerror', (e) => pageErrors.push(e.message));
  await p.goto(`${app.url}${fragment}`);
  await p.waitForSelector('.tape-row', { timeout: 20_000 });
  return p;
};
const openPanel = async (p: Page) => {
  if (!(await p.locator('[data-testid=sessions-panel]').isVisible()))
    await p.click('[data-testid=sessions-button]');
  await p.waitForSelector('[data-testid=storage-info]');
};
const eventsOf = async (p: Page, row = p.locator('[data-testid=session-row]').first()) =>
  Number(((await row.locator('td').nth(2).textContent()) ?? '').replace(/,/g, ''));
const openFile = async (p: Page, name: string, bytes: Buffer) => {
  await openPanel(p);
  await p.setInputFiles('[data-testid=open-file]', {
    name,
    mimeType: 'application/octet-stream',
    buffer: bytes,
  });
  await p.waitForSelector('[data-testid=replay-bar]');
};
/** A downloaded event file, read as the CLI reads it: its format and events. */
const readDownload = async (download: Download) => {
  const bytes = new Uint8Array(readFileSync((await download.path())!));
  const reader = await openEventFile(download.suggestedFilename(), bytesSource(bytes));
  let rows = 0;
  for (let c = await reader.next(); c; c = await reader.next()) rows += c.rows;
  return { format: reader.format, rows };
};
const replayPhase = (p: Page) => p.getAttribute('[data-testid=replay-bar]', 'data-phase');

describe('sessions: record, replay, open, export (Chromium)', () => {
  beforeAll(async () => {
    const older = createFileRecorder(recordDir, { source: 'older', now: Date.UTC(2026, 10, 19, 14, 30) });
    const market = new SimMarket({ seed: 9, rate: 200, startMs: Date.UTC(2026, 10, 19, 14, 30) });
    for (let t = market.startMs + 250; t <= market.startMs + 20_000; t += 250) {
      const events = market.take(t);
      if (events.length === 0) continue;
      older.record(encodeEvents(events), events.length);
      olderEvents += events.length;
    }
    older.close();
    app = await startApp(['--trade-rate', '300', '--record', recordDir]);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    if (app) stopApp(app.proc);
    rmSync(recordDir, { recursive: true, force: true });
  });

  it('records the live session to OPFS, flushed so a closed tab keeps what it had seconds before', async () => {
    page = await openPage();
    await openPanel(page);
    await expect
      .poll(
        async () =>
          Number(
            ((await page.textContent('[data-testid=recording-status]')) ?? '')
              .match(/([\d,]+) events/)?.[1]
              ?.replace(/,/g, '') ?? 0,
          ),
        { timeout: 20_000 },
      )
      .toBeGreaterThan(1000);
    const seen = Number(
      ((await page.textContent('[data-testid=recording-status]')) ?? '')
        .match(/([\d,]+) events/)![1]!
        .replace(/,/g, ''),
    );
    expect(await page.getAttribute('[data-testid=storage-info]', 'data-persisted')).toMatch(/true|false/);
    await page.waitForTimeout(3000);
    await page.close();
    page = await openPage();
    await openPanel(page);
    // The closed tab's recording is listed (the new tab records its own, listed first once flushed).
    const rows = page.locator('[data-testid=session-row]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const closed = rows.last();
    expect(await eventsOf(page, closed)).toBeGreaterThanOrEqual(seen);
    // Typing a name in one row goes on while another row's rename reads the list again (its saved
    // name is trimmed, so the renamed row shows it once that is done).
    const closedName = closed.locator('[data-testid=session-name]');
    const currentName = rows.first().locator('[data-testid=session-name]');
    await currentName.fill('second');
    await closedName.evaluate((e: HTMLInputElement) => {
      e.value = 'first tab ';
      e.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await expect.poll(() => closedName.inputValue(), { timeout: 10_000 }).toBe('first tab');
    await page.keyboard.type(' tab');
    await page.keyboard.press('Enter');
    // Renames survive a reopen of the panel.
    await page.click('[data-testid=sessions-button]');
    await openPanel(page);
    await expect.poll(() => rows.last().locator('[data-testid=session-name]').inputValue()).toBe('first tab');
    await expect
      .poll(() => rows.first().locator('[data-testid=session-name]').inputValue(), { timeout: 10_000 })
      .toBe('second tab');
  });

  it('exports the recording as Parquet that the CLI reader loads, event for event', async () => {
    const row = page.locator('[data-testid=session-row]').last();
    const events = await eventsOf(page, row);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.locator('[data-testid=session-export-parquet]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('first_tab.parquet');
    const { format, rows } = await readDownload(download);
    expect(format).toBe('parquet');
    expect(rows).toBeGreaterThanOrEqual(events);
  });

  it('replays the recording: play, speed, seek back and forth; cells follow the replay clock', async () => {
    const row = page.locator('[data-testid=session-row]').last();
    await row.locator('[data-testid=session-replay]').click();
    await expect.poll(() => replayPhase(page), { timeout: 30_000 }).toBe('paused');
    const total = Number(
      ((await page.textContent('[data-testid=replay-ingested]')) ?? '').split('/')[1]!.replace(/[^\d]/g, ''),
    );
    expect(total).toBeGreaterThan(1000);
    const sql = await addSqlCell(page);
    const count = () => sqlNumber(sql, `select count(*) as n${++seq} from _events`, `n${seq}`);
    expect(await count()).toBeLessThan(total);
    await page.selectOption('[data-testid=replay-speed]', 'Infinity');
    await page.click('[data-testid=replay-play]');
    await expect.poll(() => replayPhase(page), { timeout: 60_000 }).toBe('ended');
    expect(await count()).toBe(total);
    // The replay engine's tables live in its own OPFS database file (docs/schema.md), not in memory.
    const database = async () =>
      (
        (await runSql(
          sql,
          `select path as p${++seq}, current_setting('memory_limit') from duckdb_databases() where database_name = 'flowbook'`,
          `p${seq}`,
        )) as [[string, string]]
      )[0];
    const [path, limit] = await database();
    expect(path).toMatch(/^session-[a-z0-9]+-[a-z0-9]+\.duckdb$/);
    expect(limit).toMatch(/^9\d\d\.\d MiB$/);
    // Flows are built in flow workers of their own (engine/flow/flow-worker.ts): the live engine's
    // and the replay engine's.
    const flowWorkers = () => page.workers().filter((w) => /flow-worker/.test(w.url())).length;
    expect(flowWorkers()).toBe(2);
    // Seek back twice in a row, to three quarters and then to the middle: a fresh database replayed up
    // to there, nothing after the clock, and one reader of the file left (two starts over at once
    // each opened one).
    const parseWorkers = () => page.workers().filter((w) => /parse-worker/.test(w.url())).length;
    expect(parseWorkers()).toBe(1);
    const scrub = page.locator('[data-testid=replay-scrub]');
    const [min, max] = await scrub.evaluate((e: HTMLInputElement) => [Number(e.min), Number(e.max)]);
    const mid = Math.round((min! + max!) / 2);
    await scrub.evaluate(
      (e: HTMLInputElement, to) => {
        for (const v of to) {
          e.value = String(v);
          e.dispatchEvent(new Event('change', { bubbles: true }));
        }
      },
      [Math.round(min! + ((max! - min!) * 3) / 4), mid],
    );
    await expect.poll(() => replayPhase(page), { timeout: 60_000 }).toBe('paused');
    await expect.poll(parseWorkers, { timeout: 10_000 }).toBe(1);
    const clock = Number(await page.getAttribute('[data-testid=replay-clock]', 'data-ms'));
    expect(Math.abs(clock - mid)).toBeLessThan(1000);
    const [[n, late]] = (await runSql(
      sql,
      `select count(*) as m${++seq}, count(*) filter (ts > make_timestamp(${clock}000::bigint)) from _events`,
      `m${seq}`,
    )) as [[string, string]];
    expect(Number(n)).toBeGreaterThan(0);
    expect(Number(n)).toBeLessThan(total);
    expect(Number(late)).toBe(0);
    // Starting over kept the same file, emptied and attached again.
    expect((await database())[0]).toBe(path);
    expect(flowWorkers()).toBe(2);
    // Play at 600× for a moment: the clock and the table move forward together.
    await page.selectOption('[data-testid=replay-speed]', '600');
    await page.click('[data-testid=replay-play]');
    await expect.poll(() => count(), { timeout: 20_000 }).toBeGreaterThan(Number(n));
    await page.click('[data-testid=replay-play]');
    expect(await replayPhase(page)).toBe('paused');
    expect(pageErrors).toEqual([]);
  });

  it('exports a query result as CSV', async () => {
    const sql = await addSqlCell(page);
    await runSql(
      sql,
      `select type as t${++seq}, count(*) as n from _events group by 1 order by 1`,
      `t${seq}`,
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      sql.locator('[data-testid=sql-export-csv]').click(),
    ]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.split('\n')[0]).toBe(`t${seq},n`);
    expect(text).toMatch(/\noption_trade,\d+\n/);
  });

  it('refuses bad files with one clear error naming the file and the reason, the one that hangs apache-arrow JS included', async () => {
    const cases: [string, Buffer, RegExp][] = [
      [
        'v1_bigendian_primitive.stream',
        readFileSync(`${GOLDEN}golden/v1_bigendian_primitive.stream`),
        /^v1_bigendian_primitive\.stream: refused: it is big-endian Arrow/,
      ],
      [
        'cpp21_primitive.arrow_file',
        readFileSync(`${GOLDEN}golden/cpp21_primitive.arrow_file`),
        /^cpp21_primitive\.arrow_file: not flowbook events: missing column\(s\) type, ts \(found: /,
      ],
      ['notes.txt', Buffer.from('hello\nworld\n'), /^notes\.txt: not Arrow IPC, Parquet, NDJSON or CSV/],
      [
        'hang.arrow',
        readFileSync(HANGS),
        /^hang\.arrow: (the reader stopped answering for 15 s and was stopped|corrupt Arrow IPC)/,
      ],
    ];
    for (const [name, bytes, want] of cases) {
      await openFile(page, name, bytes);
      await expect.poll(() => replayPhase(page), { timeout: 40_000 }).toBe('error');
      expect(await page.textContent('[data-testid=replay-error]'), name).toMatch(want);
    }
    // The next valid file still opens and replays: the example tape as NDJSON.
    const ndjson = readFileSync(new URL('../docs/examples/flow-tape.ndjson', import.meta.url));
    await openFile(page, 'flow-tape.ndjson', ndjson);
    await expect.poll(() => replayPhase(page), { timeout: 30_000 }).toBe('paused');
    await page.selectOption('[data-testid=replay-speed]', 'Infinity');
    await page.click('[data-testid=replay-play]');
    await expect.poll(() => replayPhase(page), { timeout: 30_000 }).toBe('ended');
    const sql = await addSqlCell(page);
    const lines = ndjson
      .toString()
      .split('\n')
      .filter((l) => l.trim()).length;
    expect(await sqlNumber(sql, `select count(*) as e${++seq} from _events`, `e${seq}`)).toBe(lines);
    await page.click('[data-testid=replay-close]');
    await page.waitForSelector('.tape-row');
    expect(pageErrors).toEqual([]);
  });

  it('a replay closed while its engine is starting leaves no engine running', async () => {
    const p = await context.newPage();
    p.on('pageerror', (e) => pageErrors.push(e.message));
    // The replay engine's messages to the page are held until the test releases them, so the replay
    // is closed while its engine has not answered `init` yet.
    await p.addInitScript(() => {
      const w = window as unknown as { held: (() => void)[]; hold: boolean };
      w.held = [];
      w.hold = true;
      const Base = window.Worker;
      const Held = function (url: string | URL, opts?: WorkerOptions) {
        const worker = new Base(url, opts);
        if (opts?.name !== 'replay') return worker;
        const add = worker.addEventListener.bind(worker);
        worker.addEventListener = ((type: string, listener: EventListener, o?: AddEventListenerOptions) =>
          add(
            type,
            type === 'message'
              ? (e: Event) => (w.hold ? w.held.push(() => listener(e)) : listener(e))
              : listener,
            o,
          )) as typeof worker.addEventListener;
        return worker;
      } as unknown as typeof Worker;
      Held.prototype = Base.prototype;
      window.Worker = Held;
    });
    await p.goto(app.url);
    await p.waitForSelector('.tape-row', { timeout: 20_000 });
    const engineUrl = /\/worker-[\w-]+\.js$/;
    const engines = () => p.workers().filter((w) => engineUrl.test(new URL(w.url()).pathname)).length;
    expect(engines()).toBe(1);
    await openFile(
      p,
      'flow-tape.ndjson',
      readFileSync(new URL('../docs/examples/flow-tape.ndjson', import.meta.url)),
    );
    await p.waitForFunction(() => (window as unknown as { held: unknown[] }).held.length > 0);
    expect(await replayPhase(p)).toBe('starting');
    expect(engines()).toBe(2);
    await p.click('[data-testid=replay-close]');
    await p.evaluate(() => {
      const w = window as unknown as { held: (() => void)[]; hold: boolean };
      w.hold = false;
      for (const f of w.held.splice(0)) f();
    });
    await expect.poll(engines, { timeout: 20_000 }).toBe(1);
    await p.waitForSelector('.tape-row');
    await p.close();
    expect(pageErrors).toEqual([]);
  });

  it('replays the recording in progress up to now while recording goes on', async () => {
    await openPanel(page);
    const recorded = async () =>
      Number(
        ((await page.textContent('[data-testid=recording-status]')) ?? '')
          .match(/([\d,]+) events/)?.[1]
          ?.replace(/,/g, '') ?? 0,
      );
    // A threshold changed while recording is recorded where it applied.
    await openExample(page, 'sweeps');
    const input = page.locator('[data-testid=param-goldenMinPremium]');
    await input.fill('250000');
    await input.press('Enter');
    // Saved in the notebook once the engine took it.
    await page.locator('[data-param=goldenMinPremium].overridden').waitFor();
    const check = await addSqlCell(page);
    expect(await sqlNumber(check, `select flowbook_param('goldenMinPremium') as g${++seq}`, `g${seq}`)).toBe(
      250000,
    );
    // Back to the notebook the tape is in; leaving the other restores the threshold (recorded too).
    await openExample(page, 'live-flow');
    await page.waitForSelector('.tape-row');
    await openPanel(page);
    await expect.poll(recorded, { timeout: 10_000 }).toBeGreaterThan(1000);
    const before = await recorded();
    await page.click('[data-testid=session-replay-so-far]');
    await page.waitForSelector('[data-testid=replay-bar]');
    await expect.poll(() => replayPhase(page), { timeout: 30_000 }).toBe('paused');
    const total = Number(
      ((await page.textContent('[data-testid=replay-ingested]')) ?? '').split('/')[1]!.replace(/[^\d]/g, ''),
    );
    expect(total).toBeGreaterThanOrEqual(before);
    await page.selectOption('[data-testid=replay-speed]', 'Infinity');
    await page.click('[data-testid=replay-play]');
    await expect.poll(() => replayPhase(page), { timeout: 60_000 }).toBe('ended');
    const sql = await addSqlCell(page);
    expect(await sqlNumber(sql, `select count(*) as r${++seq} from _events`, `r${seq}`)).toBe(total);
    expect(
      await sqlNumber(
        sql,
        `select count(*) as p${++seq} from param_changes where params like '%"goldenMinPremium":250000%'`,
        `p${seq}`,
      ),
    ).toBeGreaterThanOrEqual(1);
    await openPanel(page);
    await expect.poll(recorded, { timeout: 10_000 }).toBeGreaterThan(total);
    await page.click('[data-testid=replay-close]');
    await page.waitForSelector('.tape-row');

    // The recording in progress exports what it holds now, and recording goes on.
    await openPanel(page);
    const live = page.locator('[data-testid=session-row]').filter({ hasText: 'recording' });
    const liveId = await live.getAttribute('data-id');
    const atExport = await recorded();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      live.locator('[data-testid=session-export-arrow]').click(),
    ]);
    const { rows } = await readDownload(download);
    expect(rows).toBeGreaterThanOrEqual(atExport);
    await expect.poll(recorded, { timeout: 10_000 }).toBeGreaterThan(rows);

    // Deleting it stops it and deletes it; recording goes on in a new session.
    page.once('dialog', (d) => void d.accept());
    await live.locator('[data-testid=session-delete]').click();
    await expect
      .poll(async () => page.locator(`[data-testid=session-row][data-id="${liveId}"]`).count(), {
        timeout: 10_000,
      })
      .toBe(0);
    await expect
      .poll(
        async () =>
          page.locator('[data-testid=session-row]').filter({ hasText: 'recording' }).getAttribute('data-id'),
        {
          timeout: 20_000,
        },
      )
      .not.toBe(liveId);
    expect(pageErrors).toEqual([]);
  });

  it('lists the relay’s recordings: replays the one being written so far, exports and deletes a closed one', async () => {
    await openPanel(page);
    const rows = page.locator('[data-testid=relay-recording-row]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    const current = page.locator('[data-testid=relay-recording-row][data-recording=true]');
    const older = page.locator(`[data-testid=relay-recording-row][data-name="${OLDER}"]`);
    expect(await current.getAttribute('data-name')).toMatch(/^flowbook-\d{4}-.*\.arrows$/);
    expect(await current.locator('[data-testid=relay-recording-delete]').isDisabled()).toBe(true);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      older.locator('[data-testid=relay-recording-export-csv]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('flowbook-2026-11-19T14-30-00-000Z.csv');
    const csv = await readDownload(download);
    expect(csv).toEqual({ format: 'csv', rows: olderEvents });

    await current.locator('[data-testid=relay-recording-replay]').click();
    await page.waitForSelector('[data-testid=replay-bar]');
    await expect.poll(() => replayPhase(page), { timeout: 30_000 }).toBe('paused');
    const total = Number(
      ((await page.textContent('[data-testid=replay-ingested]')) ?? '').split('/')[1]!.replace(/[^\d]/g, ''),
    );
    expect(total).toBeGreaterThan(100);
    await page.selectOption('[data-testid=replay-speed]', 'Infinity');
    await page.click('[data-testid=replay-play]');
    await expect.poll(() => replayPhase(page), { timeout: 60_000 }).toBe('ended');
    const sql = await addSqlCell(page);
    expect(await sqlNumber(sql, `select count(*) as r${++seq} from _events`, `r${seq}`)).toBe(total);
    await page.click('[data-testid=replay-close]');
    await page.waitForSelector('.tape-row');

    await openPanel(page);
    expect(await current.locator('[data-testid=relay-recording-name]').isDisabled()).toBe(true);
    const name = older.locator('[data-testid=relay-recording-name]');
    await name.fill('monday close');
    await name.press('Enter');
    await expect
      .poll(() => page.textContent('[data-testid=sessions-error]').catch(() => null))
      .toMatch(/not a recording name: "monday close\.arrows"/);
    await name.fill('monday-close');
    await name.press('Enter');
    const renamed = page.locator('[data-testid=relay-recording-row][data-name="monday-close.arrows"]');
    await renamed.waitFor();
    expect(existsSync(join(recordDir, 'monday-close.arrows'))).toBe(true);
    page.once('dialog', (d) => void d.accept());
    await renamed.locator('[data-testid=relay-recording-delete]').click();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    expect(existsSync(join(recordDir, 'monday-close.arrows'))).toBe(false);
    expect(existsSync(join(recordDir, OLDER))).toBe(false);
    expect(pageErrors).toEqual([]);
  });

  it('reads the engine’s database file back whole after a small memory limit (memory=) made DuckDB evict it', async () => {
    // engine/db/file-database.test.ts through the app's engine worker, its Origin Private File System
    // file and its handles, with strings that compress poorly so the tables outgrow the limit.
    const p = await openPage('&memory=128MB');
    const cell = await addSqlCell(p);
    const run = async (sql: string, column: string) =>
      (await runSql(cell, sql, column, { timeoutMs: 60_000, throwOnError: true })).map((r) =>
        r.map((x) => x.replace(/,/g, '')),
      );
    const tables = [0, 1, 2, 3, 4];
    const rounds = 12;
    const rows = 200_000;
    const file = await run(
      `select path as fdb, current_setting('memory_limit') from duckdb_databases() where database_name = 'flowbook'`,
      'fdb',
    );
    expect(file[0]).toEqual([expect.stringMatching(/^session-[\w-]+\.duckdb$/), '122.0 MiB']);
    await run(
      `${tables.map((t) => `create table pressure_${t} (i bigint, s varchar, d double);`).join(' ')} select 1 as pressure_setup`,
      'pressure_setup',
    );
    for (let r = 0; r < rounds; r++) {
      await run(
        `begin; ${tables
          .map(
            (t) =>
              `insert into pressure_${t} select i, md5(i::varchar || '-${t}'), i / 7 from (select range + ${r * rows} as i from range(${rows}));`,
          )
          .join(' ')} commit; select ${r} as pressure_round_${r}`,
        `pressure_round_${r}`,
      );
      // DuckDB answers a CHECKPOINT with an empty result of one column, Success.
      await run('checkpoint', 'Success');
    }
    const n = rounds * rows;
    const [[used]] = (await run(
      `select (used_blocks * block_size)::varchar as pressure_bytes from pragma_database_size() where database_name = 'flowbook'`,
      'pressure_bytes',
    )) as [[string]];
    expect(Number(used)).toBeGreaterThan(2 * 128 * 1024 ** 2);
    const got = await run(
      tables
        .map(
          (t) =>
            `select ${t} as pressure_t, count(*) as n, sum(i)::varchar as s, count(*) filter (s <> md5(i::varchar || '-${t}') or d <> i / 7) as bad from pressure_${t}`,
        )
        .join(' union all ') + ' order by 1',
      'pressure_t',
    );
    expect(got).toEqual(
      tables.map((t) => [String(t), String(n), String((BigInt(n) * BigInt(n - 1)) / 2n), '0']),
    );
    await p.close();
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('the watchdog terminates a parse worker that stops answering, and the page goes on', async () => {
    // A 1 ms watchdog (the fragment's `watchdog=`) fires while the worker is still reading.
    const p = await openPage('&watchdog=1');
    const workers = () => p.workers().filter((w) => /parse-worker/.test(w.url())).length;
    await openFile(
      p,
      'flow-tape.ndjson',
      readFileSync(new URL('../docs/examples/flow-tape.ndjson', import.meta.url)),
    );
    await expect.poll(() => replayPhase(p), { timeout: 20_000 }).toBe('error');
    expect(await p.textContent('[data-testid=replay-error]')).toMatch(
      /^flow-tape\.ndjson: the reader stopped answering for 0\.001 s and was stopped/,
    );
    await expect.poll(workers, { timeout: 5000 }).toBe(0);
    await p.click('[data-testid=replay-close]');
    await p.waitForSelector('.tape-row');
    await p.close();
    expect(pageErrors).toEqual([]);
  });
});
