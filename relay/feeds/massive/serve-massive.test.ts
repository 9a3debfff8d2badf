import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
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
    const proc = spawn(
      'node',
      [BIN, 'serve', '--feed', 'massive', '--symbols', 'SPY', '--massive-url', fake.url, '--port', '0'],
      { env: { ...process.env, MASSIVE_API_KEY: KEY }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    procs.push(proc);
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    await expect
      .poll(() => /open (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out), { timeout: 30_000 })
      .toBeTruthy();
    const [, url] = /open (http:\/\/127\.0\.0\.1:(\d+)\/#token=([\w-]+))/.exec(out)!;
    const { port, hash } = new URL(url!);
    const token = hash.replace('#token=', '');
    await expect.poll(() => fake.connections.filter((c) => c.authed).length, { timeout: 10_000 }).toBe(2);

    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`, {
      headers: { origin: `http://127.0.0.1:${port}` },
    });
    const received: string[] = [];
    const contracts: string[] = [];
    ws.on('message', (data, binary) => {
      if (!binary) return void received.push(data.toString());
      const t = tableFromIPC(data as Buffer);
      received.push(
        JSON.stringify(
          t.toArray().map((r) => r.toJSON()),
          (_k, v) => (typeof v === 'bigint' ? String(v) : v),
        ),
      );
      for (let i = 0; i < t.numRows; i++)
        if (t.getChild('type')?.get(i) === 'option_trade') contracts.push(t.getChild('contract')?.get(i));
    });
    await new Promise((r) => ws.once('open', r));
    fake.push('options', [
      { ev: 'T', sym: 'O:SPY251219C00650000', x: 302, p: 8.15, s: 12, c: [209], t: Date.now(), q: 7 },
    ]);
    await expect.poll(() => contracts, { timeout: 10_000 }).toEqual(['O:SPY251219C00650000']);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await health.text();
    expect(body).toContain('massive(');
    for (const text of [...received, out, body]) expect(text).not.toContain(KEY);
    ws.close();
    proc.kill('SIGTERM');
    await fake.close();
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
      '--feed bloomberg: use sim, massive or polygon',
    );
  });
});
