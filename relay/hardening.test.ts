import { tableFromIPC } from 'apache-arrow';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { FeedEvent, FeedSource } from '../engine/index.ts';
import { Prng } from '../engine/sim/prng.ts';
import { ns } from '../engine/testing/events.ts';
import { CLOSE_SLOW_CONSUMER } from './client-stream.ts';
import { type RunningRelay, startRelay } from './server.ts';

const TOKEN = 'hardening-token-0123456789';
const clock = { now: () => Date.now() };
const relays: RunningRelay[] = [];
afterEach(async () => {
  for (const r of relays.splice(0)) await r.close();
});

/**
 * A feed that bursts `total` trades at `perSecond`, with a quote on one of ten contracts per trade,
 * once `begin` resolves (after the test's clients are connected).
 */
function burstFeed(
  total: number,
  perSecond: number,
  begin: Promise<unknown> = Promise.resolve(),
): FeedSource {
  let timer: ReturnType<typeof setInterval> | null = null;
  let stopped = false;
  return {
    name: 'burst',
    start(sink) {
      let n = 0;
      const per = Math.round((perSecond * 20) / 1000);
      void begin.then(() => {
        if (stopped) return;
        timer = setInterval(() => {
          const events: FeedEvent[] = [];
          for (let i = 0; i < per && n < total; i++, n++) {
            const contract = `SPY261218C00${650 + (n % 10)}000`;
            const t = ns('2026-11-20T15:00:00Z') + BigInt(n) * 1000n;
            events.push({
              type: 'option_quote',
              ts: t as never,
              contract,
              bid: 1,
              ask: 1.1 + (n % 7) / 100,
              bidSize: 1,
              askSize: 1,
            });
            events.push({
              type: 'option_trade',
              ts: t as never,
              contract,
              price: 1.1,
              size: 1,
              exchange: 'XCBO',
              conditions: 0,
              id: `t${n}`,
            });
          }
          if (events.length > 0) sink(events);
          if (n >= total && timer) clearInterval(timer);
        }, 20);
      });
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
    },
  };
}

function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((res) => (open = res));
  return { promise, open };
}

const idle: FeedSource = { name: 'idle', start() {}, stop() {} };

async function relayWith(feed: FeedSource, extra: Partial<Parameters<typeof startRelay>[0]> = {}) {
  const r = await startRelay({ feed, clock, port: 0, token: TOKEN, ...extra });
  relays.push(r);
  return r;
}

/**
 * Opens a client. `onMessage` listens from the start: the relay's first frames can arrive with the
 * upgrade response and be emitted before code awaiting the open runs.
 */
function connect(
  r: RunningRelay,
  onMessage?: (data: WebSocket.RawData, binary: boolean) => void,
): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${r.port}/ws?token=${TOKEN}`, {
    headers: { origin: `http://127.0.0.1:${r.port}` },
  });
  if (onMessage) ws.on('message', onMessage);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

const replies = (ws: WebSocket) => {
  const out: Record<string, unknown>[] = [];
  ws.on('message', (d, binary) => !binary && out.push(JSON.parse(d.toString())));
  return out;
};

describe('relay control messages', () => {
  it('answers ping and status, and refuses everything else with a structured error', async () => {
    const r = await relayWith(idle);
    const ws = await connect(r);
    const got = replies(ws);
    for (const m of [
      '{"type":"ping","id":7}',
      '{"type":"status"}',
      'not json',
      '[1,2]',
      '{"type":"subscribe","symbols":["SPY"]}',
      '{"type":"ping","id":"x"}',
      '{"type":"ping","id":1,"extra":true}',
    ])
      ws.send(m);
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await expect.poll(() => got.length).toBe(8);
    expect(got).toEqual([
      { type: 'pong', id: 7, seq: 0 },
      { type: 'status', feed: 'idle', seq: 0, clients: 1 },
      { type: 'error', code: 'bad_json', message: 'not JSON' },
      { type: 'error', code: 'bad_message', message: 'a control message is a JSON object with a "type"' },
      {
        type: 'error',
        code: 'bad_message',
        message: 'unknown message type "subscribe" (known: ping, status)',
      },
      { type: 'error', code: 'bad_message', message: 'ping takes exactly {"type":"ping","id":<integer>}' },
      { type: 'error', code: 'bad_message', message: 'ping takes exactly {"type":"ping","id":<integer>}' },
      {
        type: 'error',
        code: 'binary_not_accepted',
        message: 'the relay accepts only JSON text control messages',
      },
    ]);
    ws.close();
  });

  it('rate-limits a client, closes one that keeps misbehaving, and closes on an oversized message', async () => {
    const r = await relayWith(idle, { control: { perSecond: 5, burst: 10, maxRejected: 30 } });
    const ws = await connect(r);
    const got = replies(ws);
    const closed = new Promise<number>((res) => ws.once('close', (code) => res(code)));
    for (let i = 0; i < 45; i++) ws.send(`{"type":"ping","id":${i}}`);
    expect(await closed).toBe(1008);
    expect(got.filter((m) => m.type === 'pong').length).toBeGreaterThanOrEqual(10);
    expect(got.some((m) => m.code === 'rate_limited')).toBe(true);
    const big = await connect(r);
    const bigClosed = new Promise<number>((res) => big.once('close', (code) => res(code)));
    big.send('x'.repeat(5000));
    expect(await bigClosed).toBe(1009);
  });

  it('survives thousands of fuzzed frames with a reply to each, and keeps serving', async () => {
    const r = await relayWith(burstFeed(2000, 20_000), {
      control: { perSecond: 1e6, burst: 1e6, maxRejected: 1e9 },
    });
    const ws = await connect(r);
    const got = replies(ws);
    const rng = new Prng(42);
    const pick = <T>(xs: readonly T[]): T => xs[rng.uint32() % xs.length]!;
    const value = (depth: number): unknown => {
      const k = rng.uint32() % (depth > 2 ? 5 : 8);
      if (k === 0) return null;
      if (k === 1) return rng.uint32() / 7 - 3e8;
      if (k === 2) return pick(['ping', 'status', '', '\u0000', 'ü', '💥', 'type']);
      if (k === 3) return rng.uint32() % 2 === 0;
      if (k === 4) return Number.MAX_SAFE_INTEGER + (rng.uint32() % 3);
      if (k === 5) return Array.from({ length: rng.uint32() % 4 }, () => value(depth + 1));
      return Object.fromEntries(
        Array.from({ length: rng.uint32() % 4 }, () => [
          pick(['type', 'id', 'x', '__proto__', 'constructor']),
          value(depth + 1),
        ]),
      );
    };
    let sent = 0;
    for (let i = 0; i < 3000; i++) {
      const kind = rng.uint32() % 5;
      if (kind === 0)
        ws.send(Buffer.from(Array.from({ length: rng.uint32() % 64 }, () => rng.uint32() & 255)), {
          binary: true,
        });
      else if (kind === 1)
        ws.send(
          String.fromCharCode(...Array.from({ length: rng.uint32() % 64 }, () => rng.uint32() % 0xd7ff)),
        );
      else if (kind === 2) ws.send(JSON.stringify(value(0)) ?? 'undefined');
      else if (kind === 3)
        ws.send(
          `{"type":"ping","id":${pick(['1', '-0', '1e400', '"1"', 'null', '[]', '9007199254740993'])}}`,
        );
      else ws.send(JSON.stringify({ type: pick(['ping', 'status']), id: value(0) }));
      sent += 1;
    }
    await expect.poll(() => got.length, { timeout: 20_000 }).toBe(sent);
    expect(got.every((m) => ['pong', 'status', 'error'].includes(String(m.type)))).toBe(true);
    expect(
      got
        .filter((m) => m.type === 'error')
        .every((m) => typeof m.code === 'string' && typeof m.message === 'string'),
    ).toBe(true);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    // Another client still gets the stream: the snapshot, sent as it connects, at least.
    let first!: (b: Buffer) => void;
    const firstBatch = new Promise<Buffer>((res) => (first = res));
    const other = await connect(r, (d, binary) => binary && first(d as Buffer));
    const batch = await firstBatch;
    expect(tableFromIPC(batch).numRows).toBeGreaterThan(0);
    ws.close();
    other.close();
  });
});

describe('a slow browser', () => {
  it('under a 50k/s burst gets every trade, accounted for by contiguous sequence numbers, with quotes conflated', async () => {
    const total = 60_000;
    const go = gate();
    const r = await relayWith(burstFeed(total, 50_000, go.promise), {
      slowClient: { softBufferBytes: 64 << 10, maxPendingEvents: 1e7, drainMs: 10 },
    });
    const ws = await connect(r);
    const socket = (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    go.open();
    const ids = new Set<string>();
    let dupes = 0;
    let quotes = 0;
    let last = 0;
    const gaps: string[] = [];
    let conflated = 0;
    ws.on('message', (d, binary) => {
      if (!binary) return;
      const t = tableFromIPC(d as Buffer);
      const to = t.schema.metadata.get('flowbook.seq');
      if (to === undefined) return;
      const from = Number(t.schema.metadata.get('flowbook.seq_from') ?? to);
      if (from !== last + 1) gaps.push(`${last}→${from}`);
      if (from !== Number(to)) conflated += 1;
      last = Number(to);
      const type = t.getChild('type')!;
      const id = t.getChild('id')!;
      for (let i = 0; i < t.numRows; i++) {
        if (type.get(i) === 'option_quote') quotes += 1;
        else if (type.get(i) === 'option_trade') {
          const x = id.get(i) as string;
          if (ids.has(x)) dupes += 1;
          ids.add(x);
        }
      }
    });
    await new Promise((res) => setTimeout(res, 1500));
    socket.resume();
    await expect.poll(() => ids.size, { timeout: 30_000 }).toBe(total);
    expect(dupes).toBe(0);
    expect(gaps).toEqual([]);
    expect(conflated).toBeGreaterThan(0);
    expect(quotes).toBeLessThan(total);
    ws.close();
  });

  it('is disconnected with close code 4008 once its backlog passes the bound, and the relay goes on', async () => {
    const go = gate();
    const r = await relayWith(burstFeed(60_000, 50_000, go.promise), {
      slowClient: { softBufferBytes: 64 << 10, maxPendingEvents: 5000, drainMs: 10 },
    });
    const ws = await connect(r);
    const socket = (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    const closed = new Promise<[number, string]>((res) =>
      ws.once('close', (code, reason) => res([code, reason.toString()])),
    );
    const healthy = await connect(r);
    let lastId = '';
    healthy.on('message', (d, binary) => {
      if (!binary) return;
      const id = tableFromIPC(d as Buffer).getChild('id')!;
      lastId = (id.get(id.length - 1) as string | null) ?? lastId;
    });
    go.open();
    // The close frame waits behind what the paused socket has not read.
    await new Promise((res) => setTimeout(res, 1500));
    socket.resume();
    const [code, reason] = await closed;
    expect(code).toBe(CLOSE_SLOW_CONSUMER);
    expect(reason).toBe('slow consumer: more than 5000 events behind');
    await expect.poll(() => lastId, { timeout: 20_000 }).toBe('t59999');
    healthy.close();
  });
});
