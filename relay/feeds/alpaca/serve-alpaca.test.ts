import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { browserSocket, spawnServe } from '../serve-harness.ts';
import { startFakeAlpaca } from './fake-alpaca.ts';
import { MsgpackTimestamp } from './msgpack.ts';

const KEY = 'AKSERVEKEYHIDDEN';
const SECRET = 'serve-secret-HIDDEN';
const procs: ChildProcess[] = [];
afterAll(() => {
  for (const p of procs) p.kill('SIGTERM');
});

describe('flowbook serve --feed alpaca', () => {
  it('relays Alpaca’s option prints to the browser, with neither key nor secret anywhere it sends or logs', async () => {
    const fake = await startFakeAlpaca(KEY, SECRET);
    const serve = await spawnServe(['--feed', 'alpaca', '--symbols', 'SPY', '--alpaca-url', fake.url], {
      APCA_API_KEY_ID: KEY,
      APCA_API_SECRET_KEY: SECRET,
    });
    procs.push(serve.proc);
    await expect.poll(() => fake.connections.filter((c) => c.authed).length, { timeout: 10_000 }).toBe(2);
    const { ws, received, contracts } = await browserSocket(serve.port, serve.token);
    fake.push('/v1beta1/opra', [
      {
        T: 't',
        S: 'SPY251219C00650000',
        t: new MsgpackTimestamp(BigInt(Date.now()) * 1_000_000n),
        p: 8.15,
        s: 12,
        x: 'C',
        c: 'I',
      },
    ]);
    await expect.poll(() => contracts, { timeout: 10_000 }).toEqual(['SPY251219C00650000']);
    for (const text of [...received, serve.output()]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(SECRET);
    }
    ws.close();
    serve.proc.kill('SIGTERM');
    await fake.close();
  });
});
