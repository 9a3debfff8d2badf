import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp, type RelayDeps } from './app.ts';

export interface RunningRelay {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export const newToken = (): string => randomBytes(24).toString('base64url');

/** Serves the relay on 127.0.0.1 (port 0 picks a free one) and starts the feed. */
export async function startRelay(
  deps: Omit<RelayDeps, 'token'> & { token?: string; port: number; host?: string },
): Promise<RunningRelay> {
  const token = deps.token ?? newToken();
  const relay = createApp({ ...deps, token });
  const host = deps.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: relay.app.fetch, port: deps.port, hostname: host }, () => resolve(s as Server));
    (s as Server).once('error', reject);
  });
  server.on('upgrade', relay.upgrade);
  relay.start();
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        relay.close();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
