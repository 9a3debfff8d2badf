/**
 * Relay throughput and added latency, measured in one run against a bare `ws` echo:
 *   relay — a local upstream speaking Massive's protocol → the Massive adapter (normalize) → batcher
 *           (Arrow IPC, 50 ms / 16,384 rows) → a browser socket that decodes every message
 *   echo  — the same upstream → a bare ws server forwarding each frame verbatim → a socket that
 *           JSON-parses every frame
 * Throughput: `--trades` prints sent as fast as the upstream can; latency: `--rate` prints/s for
 * `--seconds`, each stamped with its send time in its sequence number.
 * Usage: node --import tsx bench/relay.bench.ts [--trades 300000 --rate 20000 --seconds 5]
 */
import type { AddressInfo } from 'node:net';
import { tableFromIPC } from 'apache-arrow';
import { WebSocket, WebSocketServer } from 'ws';
import { createMassiveFeed } from '../relay/feeds/massive/massive-feed.ts';
import { startRelay } from '../relay/server.ts';
import { arg } from './bench-args.ts';

const TRADES = arg('trades', 300_000);
const RATE = arg('rate', 20_000);
const SECONDS = arg('seconds', 5);
const KEY = 'bench-key';
const PER_FRAME = 50;
const t0 = performance.now();
const stamp = () => Math.round((performance.now() - t0) * 1000); // µs since start, in `q`

/** Upstream: greets, authenticates, then streams frames of PER_FRAME trades when told to. */
async function upstream() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const live: WebSocket[] = [];
  wss.on('connection', (ws, req) => {
    ws.send(JSON.stringify([{ ev: 'status', status: 'connected', message: 'Connected Successfully' }]));
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { action: string; params: string };
      if (m.action === 'auth')
        ws.send(JSON.stringify([{ ev: 'status', status: 'auth_success', message: 'ok' }]));
      if (m.action === 'subscribe' && m.params.startsWith('T.*') && req.url === '/options') live.push(ws);
    });
  });
  const frame = (n: number) =>
    JSON.stringify(
      Array.from({ length: PER_FRAME }, (_, k) => ({
        ev: 'T',
        sym: `O:SPY261218C00${650 + ((n + k) % 50)}000`,
        x: 302 + ((n + k) % 20),
        p: 1.25,
        s: 1 + ((n + k) % 9),
        c: [209],
        t: Date.now(),
        q: stamp(),
      })),
    );
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    ready: () => live.length > 0,
    /** Sends `total` trades, paced at `rate` per second (Infinity: as fast as possible). */
    async send(total: number, rate: number) {
      const ws = live.at(-1)!;
      const start = performance.now();
      for (let n = 0; n < total; n += PER_FRAME) {
        ws.send(frame(n));
        const due = start + ((n + PER_FRAME) / rate) * 1000;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        else if (n % (PER_FRAME * 200) === 0) await new Promise((r) => setImmediate(r));
      }
    },
    close: () => new Promise<void>((r) => wss.close(() => r())),
  };
}

/** A bare ws echo: one upstream socket, every frame forwarded verbatim to its client. */
async function echo(up: string) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const client = new Promise<WebSocket>((r) => wss.once('connection', r));
  const u = new WebSocket(`${up}/options`);
  u.on('message', (d) => {
    const m = JSON.parse(d.toString()) as { status?: string }[];
    if (m[0]?.status === 'connected') u.send(JSON.stringify({ action: 'auth', params: KEY }));
    else if (m[0]?.status === 'auth_success') u.send(JSON.stringify({ action: 'subscribe', params: 'T.*' }));
    else void client.then((c) => c.send(d, { binary: false }));
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    close: () => (u.close(), wss.close()),
  };
}

interface Sink {
  received: number;
  latencies: number[];
}

function relayClient(port: number, token: string, sink: Sink): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`, {
    headers: { origin: `http://127.0.0.1:${port}` },
  });
  ws.on('message', (d, binary) => {
    if (!binary) return;
    const now = stamp();
    const t = tableFromIPC(d as Buffer);
    const type = t.getChild('type')!;
    const id = t.getChild('id')!;
    for (let i = 0; i < t.numRows; i++) {
      if (type.get(i) !== 'option_trade') continue;
      sink.received += 1;
      const q = Number((id.get(i) as string).split(':').at(-1));
      sink.latencies.push((now - q) / 1000);
    }
  });
  return new Promise((r) => ws.once('open', () => r(ws)));
}

function echoClient(url: string, sink: Sink): Promise<WebSocket> {
  const ws = new WebSocket(url);
  ws.on('message', (d) => {
    const now = stamp();
    for (const e of JSON.parse(d.toString()) as { q: number }[]) {
      sink.received += 1;
      sink.latencies.push((now - e.q) / 1000);
    }
  });
  return new Promise((r) => ws.once('open', () => r(ws)));
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const waitFor = async (f: () => boolean, ms = 120_000) => {
  const end = performance.now() + ms;
  while (!f()) {
    if (performance.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

async function measure(name: 'relay' | 'echo') {
  const up = await upstream();
  const sink: Sink = { received: 0, latencies: [] };
  let stop: () => void | Promise<void>;
  if (name === 'relay') {
    const clock = { now: () => Date.now() };
    const feed = createMassiveFeed({ key: KEY, baseUrl: up.url, symbols: [], clock });
    const relay = await startRelay({ feed, clock, port: 0 });
    await relayClient(relay.port, relay.token, sink);
    stop = () => relay.close();
  } else {
    const e = await echo(up.url);
    await echoClient(e.url, sink);
    stop = e.close;
  }
  await waitFor(up.ready);
  const start = performance.now();
  await up.send(TRADES, Infinity);
  await waitFor(() => sink.received >= TRADES);
  const throughput = TRADES / ((performance.now() - start) / 1000);
  sink.received = 0;
  sink.latencies = [];
  const paced = RATE * SECONDS;
  await up.send(paced, RATE);
  await waitFor(() => sink.received >= paced);
  const out = { throughput, p50: pct(sink.latencies, 50), p99: pct(sink.latencies, 99) };
  await stop();
  await up.close();
  return out;
}

const relay = await measure('relay');
const bare = await measure('echo');
const row = (n: string, r: typeof relay) =>
  console.log(
    `${n.padEnd(7)} ${Math.round(r.throughput).toLocaleString().padStart(10)} trades/s end to end   latency at ${RATE.toLocaleString()}/s: p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`,
  );
console.log(
  `relay bench: ${TRADES.toLocaleString()} trades flat out, then ${RATE.toLocaleString()}/s for ${SECONDS} s, ${PER_FRAME} per upstream frame`,
);
row('relay', relay);
row('echo', bare);
console.log(
  `ratio   relay throughput ${(relay.throughput / bare.throughput).toFixed(2)}× the echo; added latency p50 ${(relay.p50 - bare.p50).toFixed(2)} ms, p99 ${(relay.p99 - bare.p99).toFixed(2)} ms (the batcher flushes every 50 ms by design)`,
);
process.exit(0);
