import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/flowbook.mjs', import.meta.url));
const S = (f: string) => fileURLToPath(new URL(`./testdata/opra-pillar.${f}`, import.meta.url));

describe('flowbook query on Databento .dbn files', () => {
  it('loads definitions, open interest, consolidated quotes and trades of the real OPRA samples', async () => {
    const sql = `SELECT epoch_ns(ts)::VARCHAR AS ts, contract, price, size, exchange, side, bid, ask, oi FROM option_trades ORDER BY rid`;
    const files = ['definition.dbn', 'statistics.dbn', 'cbbo-1s.dbn', 'trades.dbn'].map(S);
    const { stdout } = await run('node', [BIN, 'query', ...files, '--sql', sql, '--format', 'json']);
    const rows = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toEqual([
      {
        ts: '1740061800817657088',
        contract: 'AAPL250221C00250000',
        price: 0.24,
        size: 1,
        exchange: 'EMLD',
        side: 'no_quote',
        bid: null,
        ask: null,
        oi: 57924,
      },
      {
        ts: '1740061801631777024',
        contract: 'AAPL250221C00250000',
        price: 0.2,
        size: 2,
        exchange: 'XISX',
        side: 'to_ask',
        bid: 0.1,
        ask: 0.25,
        oi: 57924,
      },
      {
        ts: '1740061801644682240',
        contract: 'AAPL250221C00250000',
        price: 0.19,
        size: 1,
        exchange: 'XISX',
        side: 'to_ask',
        bid: 0.1,
        ask: 0.25,
        oi: 57924,
      },
      {
        ts: '1740061801745517312',
        contract: 'AAPL250221C00250000',
        price: 0.19,
        size: 4,
        exchange: 'MXOP',
        side: 'to_ask',
        bid: 0.1,
        ask: 0.25,
        oi: 57924,
      },
    ]);
    const oi = await run('node', [
      BIN,
      'query',
      S('statistics.dbn'),
      '--sql',
      'SELECT date::VARCHAR AS d, key, oi FROM open_interest',
      '--format',
      'json',
    ]);
    expect(
      oi.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([{ d: '2025-02-20', key: 'AAPL250221C00250000', oi: 57924 }]);
  });

  it('names a compressed or truncated file', async () => {
    const fail = async (...a: string[]) => {
      try {
        await run('node', [BIN, 'query', ...a, '--sql', 'SELECT 1']);
      } catch (e) {
        return (e as { stderr: string }).stderr;
      }
      throw new Error('succeeded');
    };
    expect(await fail(S('trades.dbn.zst'))).toContain('zstd-compressed DBN; decompress it first');
    const dir = mkdtempSync(join(tmpdir(), 'flowbook-dbn-'));
    const cut = join(dir, 'cut.dbn');
    const whole = readFileSync(S('trades.dbn'));
    writeFileSync(cut, whole.subarray(0, whole.length - 10));
    expect(await fail(cut)).toContain(
      'cut.dbn: truncated DBN: 38 byte(s) of an incomplete record at the end',
    );
    writeFileSync(cut, whole.subarray(0, 200));
    expect(await fail(cut)).toContain('cut.dbn: truncated DBN: metadata of 352 bytes');
  });
});
