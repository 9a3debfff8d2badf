import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { cramResponse } from './live-feed.ts';

export interface GatewaySession {
  readonly socket: Socket;
  readonly lines: string[];
  started: boolean;
}

/** A 320-byte DBN v3 SystemMsg (code 0 = heartbeat) or ErrorMsg record. */
export function systemRecord(kind: 'system' | 'error', message: string, code: number): Uint8Array {
  const b = new Uint8Array(320);
  const v = new DataView(b.buffer);
  b[0] = 80;
  b[1] = kind === 'system' ? 0x17 : 0x15;
  v.setBigUint64(8, BigInt(Date.now()) * 1_000_000n, true);
  b.set(new TextEncoder().encode(message), 16);
  b[kind === 'system' ? 319 : 318] = code;
  return b;
}

/**
 * A local gateway speaking Databento's live protocol (databento.md §1) for tests: greeting, CRAM
 * challenge, auth check against the real CRAM digest, subscription lines, `start_session`, then
 * whatever DBN bytes the test writes.
 */
export async function startFakeGateway(key: string) {
  const sessions: GatewaySession[] = [];
  let open = 0;
  let maxOpen = 0;
  const server = createServer((socket) => {
    const s: GatewaySession = { socket, lines: [], started: false };
    sessions.push(s);
    open += 1;
    maxOpen = Math.max(maxOpen, open);
    socket.on('close', () => (open -= 1));
    socket.on('error', () => {});
    const cram = `c${Math.random().toString(36).slice(2, 10)}`;
    socket.write('lsg_version=0.7.2\n');
    socket.write(`cram=${cram}\n`);
    let buf = '';
    socket.on('data', (d) => {
      buf += d.toString('latin1');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        s.lines.push(line);
        if (line.startsWith('auth=')) {
          const ok = line.slice(5, line.indexOf('|')) === cramResponse(cram, key);
          socket.write(
            ok ? `success=1|session_id=${sessions.length}\n` : 'success=0|error=Authentication failed.\n',
          );
          if (!ok) socket.end();
        } else if (line === 'start_session=0') s.started = true;
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    sessions,
    maxOpen: () => maxOpen,
    write(bytes: Uint8Array) {
      const s = sessions.filter((x) => x.started).at(-1);
      if (!s) throw new Error('no started session');
      s.socket.write(bytes);
    },
    kill() {
      for (const s of sessions) s.socket.destroy();
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sessions) s.socket.destroy();
        server.close(() => r());
      }),
  };
}
