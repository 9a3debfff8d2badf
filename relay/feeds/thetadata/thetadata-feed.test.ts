import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { bitsToFlags, type FeedEvent } from '../../../engine/index.ts';
import { newThetaStats, normalizeThetaFrame } from './normalize.ts';
import { createThetaFeed } from './thetadata-feed.ts';

// The example messages of shared/reference/feeds/thetadata.md §5.
const SPY = { security_type: 'OPTION', root: 'SPY', expiration: 20251219, strike: 650000, right: 'C' };
const TRADE = {
  header: { type: 'TRADE', status: 'CONNECTED' },
  contract: SPY,
  trade: {
    ms_of_day: 37867123,
    sequence: 1187433021,
    size: 12,
    condition: 18,
    price: 8.15,
    exchange: 5,
    date: 20250613,
  },
};
const SWEEP = {
  header: { type: 'TRADE', status: 'CONNECTED' },
  contract: { security_type: 'OPTION', root: 'TSLA', expiration: 20250620, strike: 300000, right: 'P' },
  trade: {
    ms_of_day: 37867480,
    sequence: 1187440977,
    size: 250,
    condition: 95,
    price: 11.4,
    exchange: 9,
    date: 20250613,
  },
};
const QUOTE = {
  header: { type: 'QUOTE', status: 'CONNECTED' },
  contract: SPY,
  quote: {
    ms_of_day: 37867120,
    bid_size: 57,
    bid_exchange: 9,
    bid: 8.1,
    bid_condition: 50,
    ask_size: 41,
    ask_exchange: 5,
    ask: 8.2,
    ask_condition: 50,
    date: 20250613,
  },
};
const STOCK = {
  header: { type: 'TRADE', status: 'CONNECTED' },
  contract: { security_type: 'STOCK', root: 'SPY' },
  trade: {
    ms_of_day: 37867122,
    sequence: 11529167,
    size: 37,
    condition: 115,
    price: 601.23,
    exchange: 57,
    date: 20250613,
  },
};
const flags = (e: FeedEvent | undefined) => (e && 'conditions' in e ? [...bitsToFlags(e.conditions)] : []);

describe('ThetaData normalization', () => {
  it('maps the reference messages: New York time, structured contracts, venue and condition codes', () => {
    const stats = newThetaStats();
    const t = normalizeThetaFrame(JSON.stringify(TRADE), stats).event;
    expect(t).toMatchObject({
      type: 'option_trade',
      contract: 'SPY251219C00650000',
      price: 8.15,
      size: 12,
      exchange: 'XCBO',
      ts: 1749825067123000000n,
      rawConditions: '18',
    });
    expect(flags(t)).toEqual([]);
    const s = normalizeThetaFrame(JSON.stringify(SWEEP), stats).event;
    expect([s?.type, flags(s), (s as { exchange: string }).exchange]).toEqual([
      'option_trade',
      ['ISO'],
      'XPHL',
    ]);
    expect(normalizeThetaFrame(JSON.stringify(QUOTE), stats).event).toEqual({
      type: 'option_quote',
      contract: 'SPY251219C00650000',
      ts: 1749825067120000000n,
      bid: 8.1,
      ask: 8.2,
      bidSize: 57,
      askSize: 41,
    });
    const e = normalizeThetaFrame(JSON.stringify(STOCK), stats).event;
    expect(e).toMatchObject({ type: 'equity_trade', symbol: 'SPY', exchange: 'FINN', size: 37 });
    expect(flags(e)).toEqual(['ODD_LOT']);
    const multi = normalizeThetaFrame(
      JSON.stringify({ ...TRADE, trade: { ...TRADE.trade, condition: 130 } }),
      stats,
    ).event;
    expect(flags(multi)).toEqual(['MULTI_LEG']);
    const winter = normalizeThetaFrame(
      JSON.stringify({ ...TRADE, trade: { ...TRADE.trade, date: 20251215, ms_of_day: 34200000 } }),
      stats,
    ).event;
    expect(winter?.ts).toBe(BigInt(Date.parse('2025-12-15T14:30:00Z')) * 1_000_000n);
    expect(
      normalizeThetaFrame(
        '{"header":{"type":"REQ_RESPONSE","status":"CONNECTED","response":"MAX_STREAMS_REACHED","req_id":7}}',
        stats,
      ).control,
    ).toEqual({ type: 'REQ_RESPONSE', link: 'CONNECTED', response: 'MAX_STREAMS_REACHED', reqId: 7 });
    for (const junk of [
      '',
      '[]',
      '{}',
      '{"header":5}',
      JSON.stringify({ ...TRADE, contract: { ...SPY, right: 'X' } }),
      JSON.stringify({ ...TRADE, trade: { ...TRADE.trade, date: 'x' } }),
    ])
      expect(normalizeThetaFrame(junk, stats).event).toBeUndefined();
    expect(stats.malformed).toBe(6);
  });
});

describe('ThetaData feed against a local Terminal', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function terminal() {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    const sockets: { ws: WebSocket; requests: Record<string, unknown>[] }[] = [];
    let open = 0;
    let maxOpen = 0;
    wss.on('connection', (ws) => {
      const s = { ws, requests: [] as Record<string, unknown>[] };
      sockets.push(s);
      open += 1;
      maxOpen = Math.max(maxOpen, open);
      ws.on('close', () => (open -= 1));
      ws.on('message', (d) => {
        const r = JSON.parse(d.toString()) as Record<string, unknown>;
        s.requests.push(r);
        ws.send(
          JSON.stringify({
            header: {
              type: 'REQ_RESPONSE',
              status: 'CONNECTED',
              response: r.sec_type === 'INDEX' ? 'INVALID_PERMS' : 'SUBSCRIBED',
              req_id: r.id,
            },
          }),
        );
      });
    });
    cleanups.push(() => new Promise<void>((r) => wss.close(() => r())));
    return {
      url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/v1/events`,
      sockets,
      maxOpen: () => maxOpen,
      send: (m: unknown) => sockets.at(-1)!.ws.send(JSON.stringify(m)),
    };
  }

  it('requests the firehose and the underlyings, filters by underlying, and reports the Terminal’s link', async () => {
    const t = await terminal();
    const got: FeedEvent[] = [];
    const feed = createThetaFeed({
      url: t.url,
      symbols: ['SPY', 'SPX'],
      clock: { now: () => Date.now() },
      backoff: { initialMs: 10, maxMs: 40 },
    });
    feed.start((e) => got.push(...e));
    cleanups.push(() => feed.stop());
    await expect.poll(() => t.sockets[0]?.requests.length).toBe(4);
    expect(t.sockets[0]!.requests).toEqual([
      { msg_type: 'STREAM_BULK', sec_type: 'OPTION', req_type: 'TRADE', add: true, id: 0 },
      {
        msg_type: 'STREAM',
        sec_type: 'STOCK',
        req_type: 'TRADE',
        add: true,
        contract: { root: 'SPY' },
        id: 1,
      },
      {
        msg_type: 'STREAM',
        sec_type: 'STOCK',
        req_type: 'QUOTE',
        add: true,
        contract: { root: 'SPY' },
        id: 2,
      },
      {
        msg_type: 'STREAM',
        sec_type: 'INDEX',
        req_type: 'TRADE',
        add: true,
        contract: { root: 'SPX' },
        id: 3,
      },
    ]);
    t.send({ header: { type: 'STATUS', status: 'CONNECTED' } });
    t.send(TRADE);
    t.send(SWEEP);
    t.send({ header: { type: 'STATUS', status: 'DISCONNECTED' } });
    t.send({ header: { type: 'STATUS', status: 'DISCONNECTED' } });
    await expect
      .poll(() => got.filter((e) => e.type === 'status' && e.status === 'disconnected').length)
      .toBe(1);
    const statuses = got.flatMap((e) => (e.type === 'status' ? [`${e.status}: ${e.message}`] : []));
    expect(statuses).toContain("disconnected: thetadata: the Terminal's link to ThetaData is DISCONNECTED");
    expect(statuses).toContain(
      'error: thetadata: request 3: the ThetaData plan does not include this stream (the option firehose needs Pro) (INVALID_PERMS)',
    );
    expect(
      got.filter((e) => e.type === 'option_trade').map((e) => (e.type === 'option_trade' ? e.contract : '')),
    ).toEqual(['SPY251219C00650000']);
  });

  it('reconnects when the Terminal goes away, sending its requests again, never two sockets', async () => {
    const t = await terminal();
    const feed = createThetaFeed({
      url: t.url,
      symbols: ['SPY'],
      clock: { now: () => Date.now() },
      backoff: { initialMs: 10, maxMs: 40 },
      idleMs: 300,
    });
    feed.start(() => {});
    cleanups.push(() => feed.stop());
    await expect.poll(() => t.sockets.length).toBe(1);
    t.sockets[0]!.ws.terminate();
    // Silence (no STATUS) also counts as gone.
    await expect.poll(() => t.sockets.length, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    await expect.poll(() => t.sockets.at(-1)!.requests.length).toBe(3);
    expect(t.maxOpen()).toBe(1);
    expect(feed.connections()).toBe(t.sockets.length);
  });
});
