import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { bsmGreeks, bsmPrice, emptyGreeks, nyTimeToEpochMs } from '../../engine/index.ts';

const run = promisify(execFile);
const BIN = new URL('../bin/flowbook.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'flowbook-cli-'));
const flowbook = (...args: string[]) => run('node', [BIN, ...args], { maxBuffer: 64 << 20 });
const SQL = `SELECT count(*) AS trades, sum(premium)::BIGINT AS premium, count(DISTINCT contract) AS contracts,
  count(*) FILTER (sentiment = 'bullish') AS bullish FROM option_trades`;

async function fails(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await flowbook(...args);
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, stderr: err.stderr };
  }
  throw new Error(`flowbook ${args.join(' ')} succeeded`);
}

describe('flowbook CLI', () => {
  it('sim + query round-trip the same session through .arrow and .ndjson', async () => {
    const common = [
      '--seed',
      '21',
      '--duration',
      '20s',
      '--trade-rate',
      '300',
      '--start',
      '2026-11-20T14:30:00Z',
    ];
    const arrow = join(dir, 's.arrow');
    const nd = join(dir, 's.ndjson');
    await flowbook('sim', '--out', arrow, ...common);
    await flowbook('sim', '--out', nd, ...common);
    const a = JSON.parse((await flowbook('query', arrow, '--sql', SQL, '--format', 'json')).stdout);
    const b = JSON.parse((await flowbook('query', nd, '--sql', SQL, '--format', 'json')).stdout);
    expect(a.trades).toBeGreaterThan(3000);
    expect(b).toEqual(a);
    const csv = (
      await flowbook(
        'query',
        arrow,
        '--sql',
        'SELECT underlying, count(*) n FROM option_trades GROUP BY 1 ORDER BY 1',
        '--format',
        'csv',
      )
    ).stdout;
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('underlying,n');
    expect(lines).toHaveLength(12);
  });

  it('reports a malformed NDJSON line with file and line, and loads the rest', async () => {
    const f = join(dir, 'bad.ndjson');
    writeFileSync(
      f,
      [
        '{"type":"option_trade","ts":"2026-11-20T14:30:00Z","contract":"SPY261120C00680000","price":1.2,"size":3,"exchange":"XCBO"}',
        '{"type":"option_trade","ts":"2026-11-20T14:30:01Z",',
        '{"type":"option_trade","ts":"2026-11-20T14:30:02Z","contract":"SPY261120C00680000","price":1.3,"size":2,"exchange":"XCBO"}',
      ].join('\n'),
    );
    const r = await flowbook(
      'query',
      f,
      '--sql',
      'SELECT count(*) AS n FROM option_trades',
      '--format',
      'json',
    );
    expect(JSON.parse(r.stdout).n).toBe(2);
    expect(r.stderr).toMatch(/bad\.ndjson:2: invalid JSON/);
    expect(r.stderr).toMatch(/skipped 1 malformed record/);
  });

  it('prices a session with --rate and --dividend (the acceptance query)', async () => {
    // A 30-day SPY call traded at the BSM price of 30% vol under r = 5% and q = 1.2% (SPY's default).
    const ts = '2026-11-20T15:00:00Z';
    const years = (nyTimeToEpochMs(20805, 16) - Date.parse(ts)) / (365 * 86_400_000);
    const price = bsmPrice(true, 680, 700, years, 0.05, 0.012, 0.3);
    const f = join(dir, 'session.ndjson');
    writeFileSync(
      f,
      [
        { type: 'equity_quote', ts, symbol: 'SPY', bid: 679.99, ask: 680.01, bid_size: 5, ask_size: 5 },
        {
          type: 'option_quote',
          ts,
          contract: 'SPY261218C00700000',
          bid: price - 0.1,
          ask: price,
          bid_size: 9,
          ask_size: 9,
        },
        { type: 'option_trade', ts, contract: 'SPY261218C00700000', price, size: 20, exchange: 'XCBO' },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    const sql = 'select contract, side, sentiment, premium, iv, delta, gamma, theta, vega from option_trades';
    const got = JSON.parse(
      (await flowbook('query', f, '--rate', '0.05', '--sql', sql, '--format', 'json')).stdout,
    );
    const g = bsmGreeks(true, 680, 700, years, 0.05, 0.012, 0.3, emptyGreeks());
    expect(got).toMatchObject({ contract: 'SPY261218C00700000', side: 'at_ask', sentiment: 'bullish' });
    expect(got.premium).toBeCloseTo(price * 20 * 100, 9);
    expect(Math.abs(got.iv - 0.3)).toBeLessThan(1e-9);
    for (const k of ['delta', 'gamma', 'theta', 'vega'] as const) expect(got[k]).toBeCloseTo(g[k], 10);
    const noDividend = JSON.parse(
      (await flowbook('query', f, '--rate', '0.05', '--dividend', 'SPY=0', '--sql', sql, '--format', 'json'))
        .stdout,
    );
    expect(noDividend.iv).toBeLessThan(0.3 - 1e-4);
    const off = await flowbook('query', f, '--param', 'greeks=false', '--sql', sql, '--format', 'json');
    expect(JSON.parse(off.stdout)).toMatchObject({ side: 'at_ask', iv: null, delta: null });
    expect((await fails('query', f, '--param', 'nope=1', '--sql', sql)).stderr).toMatch(
      /unknown parameter nope \(known: rate, defaultDividendYield, staleQuoteMs, minExpirySeconds, greeks, and the flow and analytics parameters `flowbook params` lists\)/,
    );
    expect((await fails('query', f, '--rate', 'abc', '--sql', sql)).stderr).toMatch(
      /--rate must be a number/,
    );
    expect((await fails('query', f, '--dividend', 'SPY', '--sql', sql)).stderr).toMatch(
      /--dividend SPY: use SYMBOL=YIELD/,
    );
    expect((await fails('query', f, '--rate', '5', '--sql', sql)).stderr).toMatch(/rate must be between/);
  });

  it('prints the flows docs/classifiers.md documents for its hand-built tape, and obeys --param', async () => {
    const doc = readFileSync(new URL('../../docs/classifiers.md', import.meta.url), 'utf8');
    const command = /```\n(flowbook query docs\/examples\/flow-tape\.ndjson [^\n]+)\n```/.exec(doc)![1]!;
    const sql = /--sql "([^"]+)"/.exec(command)![1]!;
    const expected = /<!-- flow-example-output -->\n```\n([\s\S]*?)```/.exec(doc)![1]!;
    const tape = new URL('../../docs/examples/flow-tape.ndjson', import.meta.url).pathname;
    const trim = (s: string) =>
      s
        .split('\n')
        .map((l) => l.trimEnd())
        .join('\n')
        .trim();
    expect(trim((await flowbook('query', tape, '--sql', sql)).stdout)).toBe(trim(expected));
    const tags = 'select list(distinct t) as tags from flows, unnest(tags) as u(t)';
    const strict = JSON.parse(
      (
        await flowbook(
          'query',
          tape,
          '--param',
          'goldenMinPremium=2000000',
          '--param',
          'ladderGapMs=200',
          '--sql',
          tags,
          '--format',
          'json',
        )
      ).stdout,
    ) as { tags: string[] };
    expect(strict.tags).not.toContain('golden-sweep');
    expect(strict.tags).not.toContain('ladder');
    expect((await fails('query', tape, '--param', 'sweepGapMs=-5', '--sql', tags)).stderr).toMatch(
      /invalid flow parameter: sweepGapMs must be a number between 0 and 10000, got -5/,
    );
    expect((await fails('query', tape, '--param', 'inferLegs=maybe', '--sql', tags)).stderr).toMatch(
      /--param inferLegs=maybe: inferLegs=maybe: use true or false/,
    );
    const listed = (await flowbook('params')).stdout;
    expect(listed).toMatch(/^sweepGapMs\s+50\s+0\.\.10000\s+most time between consecutive fragments/m);
  });

  it('selects every analytics table and view, with analytics parameters from --param', async () => {
    const arrow = join(dir, 's.arrow');
    const objects = [
      'option_chain',
      'gamma_profile',
      'exposure_by_contract',
      'exposure_by_strike',
      'exposure_by_expiry',
      'zero_dte_gex',
      'max_pain',
      'gamma_flips',
      'gamma_levels',
      'net_premium_ticks',
      'zero_dte_pulse',
      'net_flow',
      'market_tide',
      'interval_flow',
      'bars',
      'quote_bars',
      'vpin',
      'bar_indicators',
      'data_quality',
      'underlying_prices',
      'dte_buckets',
      'bar_intervals',
      'ticker_groups',
      'group_benchmarks',
    ];
    const sql = `SELECT ${objects.map((o) => `(SELECT count(*) FROM ${o}) AS ${o}`).join(', ')}`;
    const counts = JSON.parse((await flowbook('query', arrow, '--sql', sql, '--format', 'json')).stdout);
    for (const o of objects) expect(Number(counts[o]), o).toBeGreaterThan(0);
    const grid = `SELECT count(DISTINCT point) AS n FROM gamma_profile`;
    expect(JSON.parse((await flowbook('query', arrow, '--sql', grid, '--format', 'json')).stdout).n).toBe(
      241,
    );
    const small = await flowbook(
      'query',
      arrow,
      '--param',
      'gammaGridPoints=11',
      '--sql',
      grid,
      '--format',
      'json',
    );
    expect(JSON.parse(small.stdout).n).toBe(11);
    expect((await fails('query', arrow, '--param', 'gexPutSign=3', '--sql', grid)).stderr).toMatch(
      /invalid analytics parameter: gexPutSign must be a number between -1 and 1, got 3/,
    );
    const listed = (await flowbook('params')).stdout;
    expect(listed).toMatch(/^# analytics \(docs\/analytics\.md\)$/m);
    expect(listed).toMatch(/^gexCallSign\s+1\s+-1\.\.1\s+dealer position sign of call open interest/m);
  });

  it('reads a cut-off Arrow file up to the cut and says what was cut', async () => {
    const source = join(dir, 'whole.arrow');
    await flowbook('sim', '--out', source, '--duration', '2m', '--trade-rate', '100');
    const whole = readFileSync(source);
    const cut = join(dir, 'cut.arrow');
    // The first message holds the open-interest snapshot; cut well past it.
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.85)));
    const count = ['--sql', 'SELECT count(*) AS n FROM _events', '--format', 'json'];
    const r = await flowbook('query', cut, ...count);
    expect(r.stderr).toMatch(
      /cut\.arrow: truncated Arrow IPC: \d+ byte\(s\) of an incomplete message at the end were not read/,
    );
    const all = await flowbook('query', source, ...count);
    expect(JSON.parse(r.stdout).n).toBeGreaterThan(0);
    expect(JSON.parse(r.stdout).n).toBeLessThan(JSON.parse(all.stdout).n);
  });

  it('names a bad option', async () => {
    expect((await fails('sim', '--out', join(dir, 'x.arrow'), '--speed', '3')).stderr).toMatch(
      'unknown option --speed',
    );
    expect((await fails('sim', '--out', join(dir, 'x.csv'))).stderr).toMatch(
      'use a .arrow or .ndjson file name',
    );
  });

  it('serve --record writes a recording that query reads, and exports it to CSV and Parquet event files it reads back', async () => {
    const rec = join(dir, 'rec');
    const child = spawn('node', [BIN, 'serve', '--port', '0', '--trade-rate', '2000', '--record', rec], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const t = setInterval(() => {
        if (/recording to /.test(out)) {
          clearInterval(t);
          resolve();
        }
      }, 100);
      child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    // The relay batches and records while no browser is connected; let it run a few seconds.
    await new Promise((r) => setTimeout(r, 3000));
    const stopped = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await stopped;
    const files = readdirSync(rec).filter((f) => f.endsWith('.arrows'));
    expect(files).toHaveLength(1);
    const file = join(rec, files[0]!);
    const count = `SELECT count(*) AS events, count(*) FILTER (type = 'option_trade') AS trades FROM _events`;
    const want = (await flowbook('query', file, '--sql', count, '--format', 'json')).stdout.trim();
    expect(JSON.parse(want).trades).toBeGreaterThan(100);
    const trades = (await flowbook('query', file, '--sql', SQL, '--format', 'json')).stdout.trim();
    for (const ext of ['csv', 'parquet']) {
      const events = join(dir, `events.${ext}`);
      await flowbook('query', file, '--sql', 'SELECT * FROM _events', '--out', events);
      expect((await flowbook('query', events, '--sql', count, '--format', 'json')).stdout.trim()).toBe(want);
      expect((await flowbook('query', events, '--sql', SQL, '--format', 'json')).stdout.trim()).toBe(trades);
    }
    const arrow = join(dir, 'result.arrows');
    await flowbook('query', file, '--sql', 'SELECT * FROM _events', '--out', arrow);
    expect((await flowbook('query', arrow, '--sql', SQL, '--format', 'json')).stdout.trim()).toBe(trades);
  }, 120_000);
});
