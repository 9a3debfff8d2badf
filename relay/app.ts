import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { WebSocket, WebSocketServer } from 'ws';
import { type Clock, type EngineParamsInput, encodeEvents, type FeedSource } from '../engine/index.ts';
import { randomBytes } from 'node:crypto';
import { type BatchLimits, createBatcher, DEFAULT_BATCH_LIMITS } from './batcher.ts';
import { createClientStream, DEFAULT_SLOW_CLIENT_LIMITS, type SlowClientLimits } from './client-stream.ts';
import {
  type ControlLimits,
  createControlChannel,
  DEFAULT_CONTROL_LIMITS,
  MAX_CONTROL_BYTES,
} from './control.ts';
import { recordingRoutes } from './recordings.ts';
import { createSnapshot } from './snapshot.ts';

export interface RelayDeps {
  readonly feed: FeedSource;
  readonly clock: Clock;
  /** The per-launch secret every WebSocket and API call must present. */
  readonly token: string;
  /** Folder of the built app (dist/app); omitted in tests that need only the socket. */
  readonly staticDir?: string;
  readonly batch?: BatchLimits;
  readonly log?: (line: string) => void;
  /** Enrichment parameters (CLI --rate, --dividend) the browser's engine should use. */
  readonly params?: EngineParamsInput;
  readonly control?: ControlLimits;
  readonly slowClient?: SlowClientLimits;
  /** Called with every batch the clients get (`flowbook serve --record`). */
  readonly record?: (ipc: Uint8Array, rows: number) => void;
  /** The `--record` folder the sessions panel lists (/api/recordings), and the file being written now. */
  readonly recordings?: { readonly dir: string; readonly current: () => string | null };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Why an upgrade must be refused, or null. The Host must be this machine (a rebinding DNS name is
 * not), and the Origin must be the page this relay served: present, not `null`, and the same host
 * and port, so another site open in the browser cannot open the feed (cross-site WebSocket hijacking).
 */
export function upgradeRefusal(
  headers: IncomingMessage['headers'],
): { status: number; reason: string } | null {
  const host = headers.host ?? '';
  const hostname = URL.canParse(`http://${host}`) ? new URL(`http://${host}`).hostname : '';
  if (!LOOPBACK.has(hostname))
    return { status: 403, reason: `Host ${JSON.stringify(host)} is not this relay` };
  const origin = headers.origin;
  if (origin === undefined) return { status: 403, reason: 'missing Origin' };
  if (origin === 'null') return { status: 403, reason: 'Origin null is not allowed' };
  const o = URL.canParse(origin) ? new URL(origin) : null;
  if (!o || (o.protocol !== 'http:' && o.protocol !== 'https:') || o.host !== host)
    return { status: 403, reason: `foreign Origin ${JSON.stringify(origin.slice(0, 100))}` };
  return null;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
};

/** The page may only talk to its own origin; DuckDB-WASM needs wasm-unsafe-eval and blob workers. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The WebGL render worker's own policy. regl compiles its draw calls with `new Function`, so that one
 * worker may evaluate code; it receives only numbers from the page and may fetch nothing.
 */
export const RENDER_WORKER_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'unsafe-eval'",
  "connect-src 'none'",
  "base-uri 'none'",
].join('; ');

/** The built file name of app/gl/point-render-worker.ts (Vite adds a content hash). */
export const RENDER_WORKER_PATH = /^\/assets\/point-render-worker-[\w-]+\.js$/;

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createApp(deps: RelayDeps) {
  const app = new Hono();
  const snapshot = createSnapshot();
  const stats = { sentMessages: 0, sentRows: 0, started: deps.clock.now() };
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CONTROL_BYTES });
  const session = randomBytes(8).toString('hex');
  const streams = new Map<WebSocket, ReturnType<typeof createClientStream>>();

  const batcher = createBatcher(deps.batch ?? DEFAULT_BATCH_LIMITS, session, (batch) => {
    stats.sentMessages += 1;
    stats.sentRows += batch.events.length;
    deps.record?.(batch.ipc, batch.events.length);
    for (const s of streams.values()) s.send(batch);
  });

  app.use('*', async (c, next) => {
    await next();
    c.header(
      'Content-Security-Policy',
      RENDER_WORKER_PATH.test(c.req.path) ? RENDER_WORKER_POLICY : CONTENT_SECURITY_POLICY,
    );
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cross-Origin-Embedder-Policy', 'require-corp');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });

  app.use('/api/*', async (c, next) => {
    if (!tokenMatches(deps.token, c.req.header('authorization')?.replace(/^Bearer /, '')))
      return c.json({ error: 'missing or invalid token' }, 401);
    await next();
  });
  app.get('/api/health', (c) => c.json({ feed: deps.feed.name, clients: streams.size, ...stats }));
  app.route(
    '/api/recordings',
    recordingRoutes(deps.recordings?.dir ?? null, deps.recordings?.current ?? (() => null)),
  );

  if (deps.staticDir && existsSync(deps.staticDir)) {
    app.use('/*', serveStatic({ root: deps.staticDir }));
  }

  /** Upgrade handler for the node server: only `/ws?token=<launch token>` is accepted. */
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reject = (status: number, reason: string) => {
      const body = JSON.stringify({ error: reason });
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Bad Request'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      deps.log?.(`rejected websocket upgrade: ${reason}`);
    };
    if (url.pathname !== '/ws') return reject(404, `no websocket at ${url.pathname}`);
    const refused = upgradeRefusal(req.headers);
    if (refused) return reject(refused.status, refused.reason);
    if (!tokenMatches(deps.token, url.searchParams.get('token')))
      return reject(401, 'missing or invalid token');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const stream = createClientStream(ws, session, deps.slowClient ?? DEFAULT_SLOW_CLIENT_LIMITS);
      streams.set(ws, stream);
      const drop = () => {
        streams.get(ws)?.close();
        streams.delete(ws);
      };
      ws.on('close', drop);
      ws.on('error', drop);
      const control = createControlChannel(
        deps.control ?? DEFAULT_CONTROL_LIMITS,
        () => deps.clock.now(),
        () => ({
          feed: deps.feed.name,
          seq: batcher.seq,
          clients: streams.size,
        }),
      );
      ws.on('message', (data, isBinary) => {
        const { reply, close } = control.handle(data as Buffer, isBinary);
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(reply));
        if (close) ws.close(1008, 'too many rejected control messages');
      });
      // Parameters first, as text: the browser applies them before it enriches the first print.
      if (deps.params) ws.send(JSON.stringify({ type: 'params', params: deps.params }));
      const initial = snapshot.events();
      // The snapshot carries no sequence number: the live numbering is the relay's, shared by all clients.
      if (initial.length > 0)
        ws.send(encodeEvents(initial, new Map([['flowbook.snapshot', '1']])), { binary: true });
    });
  };

  let running = false;
  return {
    app,
    upgrade,
    stats,
    start() {
      if (running) return;
      running = true;
      deps.feed.start((events) => {
        snapshot.observe(events);
        batcher.push(events);
      });
    },
    close() {
      deps.feed.stop();
      batcher.close();
      for (const st of streams.values()) st.close();
      for (const ws of streams.keys()) ws.terminate();
      wss.close();
    },
  };
}
