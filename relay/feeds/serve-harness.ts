import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import { WebSocket } from 'ws';

const BIN = fileURLToPath(new URL('../bin/flowbook.mjs', import.meta.url));

/** `flowbook serve ARGS` with ENV, resolved once it prints its URL (test helper). */
export async function spawnServe(args: string[], env: Record<string, string>) {
  const proc: ChildProcess = spawn('node', [BIN, 'serve', '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const m = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setInterval(() => {
      const hit = /open http:\/\/127\.0\.0\.1:(\d+)\/#token=([\w-]+)/.exec(out);
      if (hit) {
        clearInterval(timer);
        resolve(hit);
      }
    }, 50);
    proc.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`flowbook serve exited (${code}): ${out}`));
    });
  });
  return { proc, port: Number(m[1]), token: m[2]!, output: () => out };
}

/** A browser-like socket to a relay: every text message and decoded batch, and the option prints' contracts. */
export async function browserSocket(port: number, token: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`, {
    headers: { origin: `http://127.0.0.1:${port}` },
  });
  const received: string[] = [];
  const contracts: string[] = [];
  ws.on('message', (data, binary) => {
    if (!binary) return void received.push(data.toString());
    const t = tableFromIPC(data as Buffer);
    received.push(
      JSON.stringify(
        t.toArray().map((r) => r.toJSON()),
        (_k, v) => (typeof v === 'bigint' ? String(v) : v),
      ),
    );
    for (let i = 0; i < t.numRows; i++)
      if (t.getChild('type')?.get(i) === 'option_trade')
        contracts.push(t.getChild('contract')?.get(i) as string);
  });
  await new Promise((r) => ws.once('open', r));
  return { ws, received, contracts };
}
