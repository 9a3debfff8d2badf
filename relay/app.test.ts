import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type RunningRelay, startRelay } from './server.ts';
import { createSimFeed } from './sim-feed.ts';

let relay: RunningRelay;
const base = () => `127.0.0.1:${relay.port}`;

const origin = () => `http://${base()}`;

function handshake(
  path: string,
  headers: Record<string, string> = { origin: origin() },
): Promise<{ status: number; body: string } | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://${base()}${path}`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', () => {});
  });
}

describe('relay', () => {
  beforeAll(async () => {
    const clock = { now: () => Date.now() };
    relay = await startRelay({
      feed: createSimFeed({ seed: 4, rate: 400, clock, startMs: Date.UTC(2026, 10, 20, 14, 30) }),
      clock,
      port: 0,
      token: 'test-token-0123456789',
      params: { rate: 0.05, dividendYields: { SPY: 0.02 } },
    });
  });
  afterAll(() => relay.close());

  it('binds to 127.0.0.1 and prints a URL with the token in the fragment', () => {
    expect(relay.url).toBe(`http://127.0.0.1:${relay.port}/#token=test-token-0123456789`);
  });

  it.each([
    ['/ws', 401],
    ['/ws?token=', 401],
    ['/ws?token=wrong-token-0123456789', 401],
    ['/other?token=test-token-0123456789', 404],
  ])('rejects the upgrade %s with %i and a clear reason', async (path, status) => {
    const r = await handshake(path);
    expect(r).not.toBe('open');
    if (r === 'open') return;
    expect(r.status).toBe(status);
    expect(JSON.parse(r.body).error).toMatch(
      status === 401 ? 'missing or invalid token' : 'no websocket at /other',
    );
  });

  it.each([
    ['no Origin', {}, 'missing Origin'],
    ['Origin null', { origin: 'null' }, 'Origin null is not allowed'],
    ['a foreign Origin', { origin: 'http://evil.example' }, 'foreign Origin "http://evil.example"'],
    ['another port', { origin: 'http://127.0.0.1:1' }, 'foreign Origin "http://127.0.0.1:1"'],
    ['an https look-alike', { origin: 'https://127.0.0.1.evil.example' }, 'foreign Origin'],
    [
      'a rebinding Host',
      { host: 'evil.example', origin: 'http://evil.example' },
      'Host "evil.example" is not this relay',
    ],
    [
      'a rebinding Host with the port',
      { host: 'rebind.example:8787' },
      'Host "rebind.example:8787" is not this relay',
    ],
  ])('refuses an upgrade with %s (403)', async (_name, headers, reason) => {
    const h: Record<string, string> = { ...(headers as Record<string, string>) };
    if (h.host !== undefined && h.origin === undefined) h.origin = origin();
    const r = await handshake('/ws?token=test-token-0123456789', h);
    expect(r).not.toBe('open');
    if (r === 'open') return;
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error).toContain(reason);
  });

  it('accepts the page’s own origin with the token, by 127.0.0.1 or localhost', async () => {
    expect(await handshake('/ws?token=test-token-0123456789')).toBe('open');
    const port = relay.port;
    expect(
      await handshake('/ws?token=test-token-0123456789', {
        host: `localhost:${port}`,
        origin: `http://localhost:${port}`,
      }),
    ).toBe('open');
  });

  it('streams Arrow IPC event batches with contiguous sequence numbers to a client with the token', async () => {
    const ws = new WebSocket(`ws://${base()}/ws?token=test-token-0123456789`, {
      headers: { origin: origin() },
    });
    const seqs: number[] = [];
    let rows = 0;
    let snapshotRows = 0;
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (!isBinary) return;
        const t = tableFromIPC(new Uint8Array(data));
        const seq = t.schema.metadata.get('flowbook.seq');
        if (seq === undefined) snapshotRows += t.numRows;
        else seqs.push(Number(seq));
        rows += t.numRows;
        expect(t.schema.fields.map((f) => f.name)).toContain('contract');
        if (seqs.length >= 5) resolve();
      });
      ws.on('error', reject);
    });
    ws.close();
    expect(rows).toBeGreaterThan(0);
    expect(snapshotRows).toBeGreaterThan(1000);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe((seqs[i - 1] ?? 0) + 1);
  });

  it('sends the pricing parameters as a text message before any batch', async () => {
    const ws = new WebSocket(`ws://${base()}/ws?token=test-token-0123456789`, {
      headers: { origin: origin() },
    });
    const first = await new Promise<{ data: Buffer; isBinary: boolean }>((resolve, reject) => {
      ws.once('message', (data: Buffer, isBinary: boolean) => resolve({ data, isBinary }));
      ws.on('error', reject);
    });
    ws.close();
    expect(first.isBinary).toBe(false);
    expect(JSON.parse(first.data.toString())).toEqual({
      type: 'params',
      params: { rate: 0.05, dividendYields: { SPY: 0.02 } },
    });
  });

  it('sends security headers and guards the API with the token', async () => {
    const h = await fetch(`http://${base()}/api/health`);
    expect(h.status).toBe(401);
    expect(h.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(h.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(h.headers.get('content-security-policy')).not.toContain("'unsafe-eval'");
    // Only the WebGL render worker may evaluate code (regl), and it may fetch nothing.
    const w = await fetch(`http://${base()}/assets/point-render-worker-Ab12_x.js`);
    expect(w.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self' 'unsafe-eval'; connect-src 'none'; base-uri 'none'",
    );
    const other = await fetch(`http://${base()}/assets/index-point-render-worker-Ab12.js`);
    expect(other.headers.get('content-security-policy')).not.toContain("'unsafe-eval'");
    const ok = await fetch(`http://${base()}/api/health`, {
      headers: { authorization: 'Bearer test-token-0123456789' },
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).feed).toMatch(/^sim\(seed=4/);
  });
});
