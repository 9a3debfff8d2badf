import { type ChildProcess, execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { browserSocket, spawnServe } from '../serve-harness.ts';
import { startFakeMassive } from './fake-massive.ts';

const BIN = new URL('../../bin/flowbook.mjs', import.meta.url).pathname;
const KEY = 'live-key-SHOULD-NOT-APPEAR-42';
const run = promisify(execFile);
const procs: ChildProcess[] = [];
afterAll(() => {
  for (const p of procs) p.kill('SIGTERM');
});

async function failsWith(env: Record<string, string>, ...args: string[]): Promise<string> {
  try {
    await run('node', [BIN, ...args], {
      env: { ...process.env, MASSIVE_API_KEY: '', POLYGON_API_KEY: '', ...env },
    });
  } catch (e) {
    return (e as { stderr: string }).stderr;
  }
  throw new Error('succeeded');
}

describe('flowbook serve --feed massive', () => {
  it('relays the provider’s prints to the browser socket as Arrow, with no key anywhere it sends or logs', async () => {
    const fake = await startFakeMassive(KEY);
    // The key from a --keys file (mode 600) rather than the environment.
    const keys = join(mkdtempSync(join(tmpdir(), 'flowbook-keys-')), 'keys.json');
    writeFileSync(keys, JSON.stringify({ MASSIVE_API_KEY: KEY }), { mode: 0o600 });
    const serve = await spawnServe(
      ['--feed', 'massive', '--symbols', 'SPY', '--massive-url', fake.url, '--keys', keys],
      {
        MASSIVE_API_KEY: '',
        POLYGON_API_KEY: '',
      },
    );
    procs.push(serve.proc);
    const { port, token } = serve;
    await expect.poll(() => fake.connections.filter((c) => c.authed).length, { timeout: 10_000 }).toBe(2);
    const { ws, received, contracts } = await browserSocket(port, token);
    fake.push('options', [
      { ev: 'T', sym: 'O:SPY251219C00650000', x: 302, p: 8.15, s: 12, c: [209], t: Date.now(), q: 7 },
    ]);
    await expect.poll(() => contracts, { timeout: 10_000 }).toEqual(['O:SPY251219C00650000']);
    const out = serve.output();
    const health = await fetch(`http://127.0.0.1:${port}/api/health`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await health.text();
    expect(body).toContain('massive(');
    for (const text of [...received, out, body]) expect(text).not.toContain(KEY);
    ws.close();
    serve.proc.kill('SIGTERM');
    await fake.close();
  });

  it('refuses a keys file others can read, or that is not a JSON object of strings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowbook-keys-'));
    const open = join(dir, 'open.json');
    writeFileSync(open, '{"MASSIVE_API_KEY":"x"}', { mode: 0o644 });
    chmodSync(open, 0o644);
    expect(await failsWith({}, 'serve', '--feed', 'massive', '--keys', open, '--port', '0')).toMatch(
      `--keys ${open}: readable by other users (mode 644); chmod 600 it`,
    );
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"MASSIVE_API_KEY": 5}', { mode: 0o600 });
    expect(await failsWith({}, 'serve', '--feed', 'massive', '--keys', bad, '--port', '0')).toMatch(
      'expected an object of key names to strings',
    );
    expect(await failsWith({}, 'serve', '--feed', 'intrinio', '--port', '0')).toMatch(
      '--feed intrinio needs INTRINIO_API_KEY, in the environment or in the --keys file',
    );
  });

  it('says what is missing or wrong before connecting', async () => {
    expect(await failsWith({}, 'serve', '--feed', 'massive', '--port', '0')).toMatch(
      'flowbook serve: --feed massive needs an API key in MASSIVE_API_KEY (or POLYGON_API_KEY)',
    );
    expect(
      await failsWith(
        { POLYGON_API_KEY: 'x' },
        'serve',
        '--feed',
        'polygon',
        '--massive-url',
        'ws://example.com',
        '--port',
        '0',
      ),
    ).toMatch('ws:// is allowed only on this machine');
    expect(
      await failsWith(
        { MASSIVE_API_KEY: 'x' },
        'serve',
        '--feed',
        'massive',
        '--symbols',
        'SPY,$$',
        '--port',
        '0',
      ),
    ).toMatch('--symbols: $$ is not a ticker');
    expect(await failsWith({}, 'serve', '--feed', 'bloomberg', '--port', '0')).toMatch(
      '--feed bloomberg: use sim, massive, polygon, alpaca, databento, thetadata, intrinio (massive is the former Polygon.io)',
    );
  });
});
