import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
};

/** Serves a built bench page on 127.0.0.1 with a Content-Security-Policy chosen per path. */
export async function serveBuilt(dir: string, policy: (path: string) => string) {
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const path = normalize(pathname === '/' ? '/index.html' : pathname);
    try {
      const body = readFileSync(join(dir, path));
      res.setHeader('Content-Type', TYPES[extname(path)] ?? 'application/octet-stream');
      res.setHeader('Content-Security-Policy', policy(path));
      res.end(body);
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => server.close(),
  };
}
