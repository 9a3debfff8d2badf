import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** What the fake saw on one connection. */
export interface FakeConnection {
  readonly market: string;
  readonly socket: WebSocket;
  readonly received: { action: string; params: string }[];
  authed: boolean;
}

/**
 * A local server speaking the Massive WebSocket protocol (polygon-massive.md §2–3) for tests: greets,
 * checks the key, acknowledges every subscribed topic, and lets the test push frames or drop sockets.
 */
export async function startFakeMassive(validKey: string) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const connections: FakeConnection[] = [];
  let open = 0;
  let maxOpen = 0;
  const send = (ws: WebSocket, items: unknown[]) => ws.send(JSON.stringify(items));
  wss.on('connection', (ws, req) => {
    const market = (req.url ?? '/').slice(1);
    const conn: FakeConnection = { market, socket: ws, received: [], authed: false };
    connections.push(conn);
    open += 1;
    maxOpen = Math.max(maxOpen, open);
    ws.on('close', () => (open -= 1));
    send(ws, [{ ev: 'status', status: 'connected', message: 'Connected Successfully' }]);
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { action: string; params: string };
      conn.received.push(m);
      if (m.action === 'auth') {
        if (m.params === validKey) {
          conn.authed = true;
          send(ws, [{ ev: 'status', status: 'auth_success', message: 'authenticated' }]);
        } else {
          send(ws, [{ ev: 'status', status: 'auth_failed', message: 'authentication failed' }]);
          ws.close();
        }
      } else if (m.action === 'subscribe') {
        if (!conn.authed)
          return send(ws, [{ ev: 'status', status: 'auth_required', message: 'not authorized' }]);
        send(
          ws,
          m.params
            .split(',')
            .map((t) => ({ ev: 'status', status: 'success', message: `subscribed to: ${t}` })),
        );
      }
    });
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    connections,
    /** Most sockets open at once, per the whole server. */
    maxOpen: () => maxOpen,
    openCount: () => open,
    /** Sends a frame to the latest authenticated connection of a market. */
    push(market: string, items: unknown[]) {
      const c = connections.filter((x) => x.market === market && x.authed).at(-1);
      if (!c) throw new Error(`no authenticated ${market} connection`);
      send(c.socket, items);
    },
    raw(market: string, text: string) {
      connections
        .filter((x) => x.market === market)
        .at(-1)
        ?.socket.send(text);
    },
    /** Drops every open socket of a market without a close frame. */
    kill(market: string) {
      for (const c of connections) if (c.market === market) c.socket.terminate();
    },
    close: () => new Promise<void>((r) => wss.close(() => r())),
  };
}
