import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { browserSocket, spawnServe } from '../serve-harness.ts';
import { startFakeGateway } from './fake-gateway.ts';

const KEY = 'db-LiveKeyNeverShown-77777';
const SAMPLE = new Uint8Array(readFileSync(new URL('./testdata/opra-pillar.tbbo.dbn', import.meta.url)));
const procs: ChildProcess[] = [];
afterAll(() => {
  for (const p of procs) p.kill('SIGTERM');
});

describe('flowbook serve --feed databento', () => {
  it('relays the gateway’s OPRA prints to the browser socket, with no key anywhere it sends or logs', async () => {
    const gw = await startFakeGateway(KEY);
    const serve = await spawnServe(
      [
        '--feed',
        'databento',
        '--symbols',
        'AAPL',
        '--databento-gateway',
        `127.0.0.1:${gw.port}`,
        '--databento-schemas',
        'tbbo',
      ],
      { DATABENTO_API_KEY: KEY },
    );
    procs.push(serve.proc);
    await expect.poll(() => gw.sessions[0]?.started, { timeout: 10_000 }).toBe(true);
    expect(gw.sessions[0]!.lines[1]).toBe(
      'schema=tbbo|stype_in=parent|symbols=AAPL.OPT|snapshot=0|id=1|is_last=1',
    );
    const { ws, received, contracts } = await browserSocket(serve.port, serve.token);
    gw.write(SAMPLE);
    await expect.poll(() => contracts.length, { timeout: 10_000 }).toBe(4);
    expect(new Set(contracts)).toEqual(new Set(['AAPL  250221C00250000']));
    for (const text of [...received, serve.output()]) expect(text).not.toContain(KEY);
    expect(serve.output()).toContain('flowbook relay: databento(OPRA.PILLAR via 127.0.0.1:');
    ws.close();
    serve.proc.kill('SIGTERM');
    await gw.close();
  });
});
