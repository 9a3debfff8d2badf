import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { bitsToFlags, type FeedEvent } from '../../../engine/index.ts';
import { createIntrinioFeed } from './intrinio-feed.ts';
import { newIntrinioStats, normalizeIntrinioFrame, qualifierFlags } from './normalize.ts';

// The example frame of shared/reference/feeds/intrinio.md §5: a trade and a quote.
const FRAME = Uint8Array.from(
  `02 11 53 50 59 5f 32 35 31 32 31 39 43 36 35 30 2e 30 30 00 00 00 00 00 04 04 5c 3e 01 00 0c 00
   00 00 15 bb f7 a8 a0 a0 48 18 4e 0c 00 00 00 00 00 00 50 40 01 00 68 3c 01 00 8c bd 5b 00 08 00
   00 00 43 00 00 00 00 00 00 11 53 50 59 5f 32 35 31 32 31 39 43 36 35 30 2e 30 30 00 00 00 00 01
   04 50 40 01 00 29 00 00 00 68 3c 01 00 39 00 00 00 00 02 c3 a8 a0 a0 48 18 00 00 00 00`
    .trim()
    .split(/\s+/)
    .map((h) => parseInt(h, 16)),
);
const KEY = 'intrinio-key-HIDDEN-123';
const flags = (e: FeedEvent | undefined) => (e && 'conditions' in e ? [...bitsToFlags(e.conditions)] : []);

describe('Intrinio binary frames', () => {
  it('decode the reference frame: the trade with its NBBO and underlying at execution, then the quote', () => {
    const stats = newIntrinioStats();
    const ev = normalizeIntrinioFrame(FRAME, '2025-06-13' as never, 0n as never, stats);
    expect(ev.map((e) => e.type)).toEqual(['equity_quote', 'option_quote', 'option_trade', 'option_quote']);
    expect(ev[0]).toEqual({
      type: 'equity_quote',
      ts: 1749825067123456789n,
      symbol: 'SPY',
      bid: 601.23,
      ask: 601.23,
      bidSize: 0,
      askSize: 0,
    });
    expect(ev[1]).toMatchObject({ contract: 'SPY251219C00650000', bid: 8.1, ask: 8.2 });
    expect(ev[2]).toMatchObject({
      type: 'option_trade',
      contract: 'SPY251219C00650000',
      price: 8.15,
      size: 12,
      exchange: 'XCBO',
      ts: 1749825067123456789n,
      rawConditions: '8',
    });
    expect(flags(ev[2])).toEqual([]);
    expect(ev[3]).toMatchObject({ type: 'option_quote', bid: 8.1, bidSize: 57, ask: 8.2, askSize: 41 });
    expect(stats.malformed).toBe(0);
  });

  it('read qualifier sets as OPRA trade types and survive truncated or corrupt frames', () => {
    expect(qualifierFlags([107, 23, 0, 0])).toEqual(['AUCTION', 'ISO']);
    expect(qualifierFlags([136, 11, 87, 0])).toEqual(['FLOOR', 'MULTI_LEG']);
    expect(qualifierFlags([222, 30, 0, 0])).toEqual(['COMPRESSION']);
    expect(qualifierFlags([2, 0, 0, 0])).toEqual(['CANCEL']);
    const stats = newIntrinioStats();
    expect(qualifierFlags([250, 23, 0, 0], stats)).toEqual(['ISO']);
    expect(stats.unknownConditions.get(250)).toBe(1);
    for (const cut of [0, 1, 20, 50, 72, 100, FRAME.length - 1])
      expect(() =>
        normalizeIntrinioFrame(FRAME.subarray(0, cut), '2025-06-13' as never, 0n as never, stats),
      ).not.toThrow();
    const bad = FRAME.slice();
    bad[23] = 9; // unknown message type
    expect(normalizeIntrinioFrame(bad, '2025-06-13' as never, 0n as never, stats)).toEqual([]);
  });
});

describe('Intrinio feed against a local token endpoint and socket', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function provider() {
    let n = 0;
    const tokens = new Set<string>();
    const http = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      if (u.pathname !== '/auth') return void res.writeHead(404).end();
      if (u.searchParams.get('api_key') !== KEY) return void res.writeHead(401).end('bad key');
      const t = `tok${++n}`;
      tokens.add(t);
      res.writeHead(200).end(t);
    });
    const wss = new WebSocketServer({ noServer: true });
    const sockets: { ws: WebSocket; joins: number[][]; headers: Record<string, unknown> }[] = [];
    http.on('upgrade', (req, socket, head) => {
      const u = new URL(req.url ?? '/', 'http://x');
      if (u.pathname !== '/socket/websocket' || !tokens.has(u.searchParams.get('token') ?? ''))
        return socket.destroy();
      tokens.delete(u.searchParams.get('token')!);
      wss.handleUpgrade(req, socket, head, (ws) => {
        const s = { ws, joins: [] as number[][], headers: req.headers as Record<string, unknown> };
        sockets.push(s);
        ws.on('message', (d) => s.joins.push([...(d as Buffer)]));
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => (wss.close(), http.close(() => r()))));
    return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, sockets, issued: () => n };
  }

  it('fetches a token, joins each underlying for trades and open interest, and decodes what arrives', async () => {
    const p = await provider();
    const got: FeedEvent[] = [];
    const logs: string[] = [];
    const feed = createIntrinioFeed({
      key: KEY,
      baseUrl: p.url,
      symbols: ['SPY', 'QQQ'],
      clock: { now: () => Date.now() },
      log: (l) => logs.push(l),
      backoff: { initialMs: 10, maxMs: 40 },
    });
    feed.start((e) => got.push(...e));
    cleanups.push(() => feed.stop());
    await expect.poll(() => p.sockets[0]?.joins.length).toBe(2);
    expect(p.sockets[0]!.joins).toEqual([
      [0x4a, 5, ...Buffer.from('SPY')],
      [0x4a, 5, ...Buffer.from('QQQ')],
    ]);
    expect(p.sockets[0]!.headers.usenewoptionsformat).toBe('v2');
    p.sockets[0]!.ws.send(FRAME);
    p.sockets[0]!.ws.send('{"error":"subscription limit"}');
    await expect.poll(() => got.filter((e) => e.type === 'option_trade').length).toBe(1);
    await expect
      .poll(() =>
        got.some(
          (e) =>
            e.type === 'status' && e.message.includes('provider message: {"error":"subscription limit"}'),
        ),
      )
      .toBe(true);
    for (let k = 1; k <= 2; k++) {
      p.sockets.at(-1)!.ws.terminate();
      await expect.poll(() => p.sockets.length, { timeout: 5000 }).toBe(k + 1);
      await expect.poll(() => p.sockets.at(-1)!.joins.length).toBe(2);
    }
    expect(p.issued()).toBe(3);
    expect(got.filter((e) => e.type === 'status' && e.status === 'gap')).toHaveLength(2);
    expect(logs.join('\n')).not.toContain(KEY);
  });

  it('stops with a clear message when the key is refused', async () => {
    const p = await provider();
    const got: FeedEvent[] = [];
    const feed = createIntrinioFeed({
      key: 'nope',
      baseUrl: p.url,
      symbols: [],
      clock: { now: () => Date.now() },
      backoff: { initialMs: 10, maxMs: 40 },
    });
    feed.start((e) => got.push(...e));
    cleanups.push(() => feed.stop());
    await expect.poll(() => got.filter((e) => e.type === 'status' && e.status === 'error').length).toBe(1);
    expect(got.find((e) => e.type === 'status')).toMatchObject({
      message:
        'intrinio: authentication failed (HTTP 401): check INTRINIO_API_KEY and the options entitlement',
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(p.sockets).toHaveLength(0);
  });
});
