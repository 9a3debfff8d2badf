import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { decode, encode, type MsgpackValue } from './msgpack.ts';

export interface FakeAlpacaConnection {
  readonly path: string;
  readonly socket: WebSocket;
  readonly received: Record<string, MsgpackValue>[];
  authed: boolean;
  subs: { trades: string[]; quotes: string[] };
}

/**
 * A local server speaking Alpaca's stream protocol in msgpack (alpaca.md §1–6) for tests: refuses a
 * client without `Content-Type: application/msgpack` (412), checks key and secret, keeps and echoes the
 * subscription set, and lets the test push frames or drop sockets.
 */
export async function startFakeAlpaca(keyId: string, secret: string) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const connections: FakeAlpacaConnection[] = [];
  let open = 0;
  let maxOpen = 0;
  const send = (ws: WebSocket, items: MsgpackValue[]) => ws.send(encode(items));
  wss.on('connection', (ws, req) => {
    const c: FakeAlpacaConnection = {
      path: req.url ?? '/',
      socket: ws,
      received: [],
      authed: false,
      subs: { trades: [], quotes: [] },
    };
    connections.push(c);
    open += 1;
    maxOpen = Math.max(maxOpen, open);
    ws.on('close', () => (open -= 1));
    if (req.headers['content-type'] !== 'application/msgpack') {
      send(ws, [{ T: 'error', code: 412, msg: 'option messages are only available in MsgPack format' }]);
      return ws.close();
    }
    send(ws, [{ T: 'success', msg: 'connected' }]);
    ws.on('message', (data) => {
      const m = decode(new Uint8Array(data as Buffer)) as Record<string, MsgpackValue>;
      c.received.push(m);
      if (m.action === 'auth') {
        if (m.key === keyId && m.secret === secret) {
          c.authed = true;
          send(ws, [{ T: 'success', msg: 'authenticated' }]);
        } else {
          send(ws, [{ T: 'error', code: 402, msg: 'auth failed' }]);
          ws.close();
        }
      } else if (m.action === 'subscribe' || m.action === 'unsubscribe') {
        for (const k of ['trades', 'quotes'] as const) {
          const v = (m[k] as string[] | undefined) ?? [];
          c.subs[k] =
            m.action === 'subscribe'
              ? [...new Set([...c.subs[k], ...v])]
              : c.subs[k].filter((x) => !v.includes(x));
        }
        send(ws, [{ T: 'subscription', trades: c.subs.trades, quotes: c.subs.quotes }]);
      }
    });
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    connections,
    maxOpen: () => maxOpen,
    push(path: string, items: MsgpackValue[]) {
      const c = connections.filter((x) => x.path === path && x.authed).at(-1);
      if (!c) throw new Error(`no authenticated connection on ${path}`);
      send(c.socket, items);
    },
    raw(path: string, bytes: Uint8Array) {
      connections
        .filter((x) => x.path === path)
        .at(-1)
        ?.socket.send(bytes);
    },
    kill(path: string) {
      for (const c of connections) if (c.path === path) c.socket.terminate();
    },
    close: () => new Promise<void>((r) => wss.close(() => r())),
  };
}
