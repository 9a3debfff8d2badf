import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

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
    const common = ['--seed', '21', '--duration', '20s', '--rate', '300', '--start', '2026-11-20T14:30:00Z'];
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

  it('gives a clear error for a truncated Arrow file', async () => {
    const whole = readFileSync(join(dir, 's.arrow'));
    const cut = join(dir, 'cut.arrow');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const r = await fails('query', cut, '--sql', 'SELECT 1');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cut\.arrow: truncated or corrupt Arrow IPC stream after \d+ rows/);
  });

  it('names a bad option', async () => {
    expect((await fails('sim', '--out', join(dir, 'x.arrow'), '--speed', '3')).stderr).toMatch(
      'unknown option --speed',
    );
    expect((await fails('sim', '--out', join(dir, 'x.csv'))).stderr).toMatch(
      'use a .arrow or .ndjson file name',
    );
  });
});
