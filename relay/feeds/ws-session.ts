import { WebSocket } from 'ws';
import type { FeedState } from '../../engine/index.ts';
import { ReconnectLoop, type ReconnectOptions } from './reconnect.ts';

export interface WsSessionOptions {
  readonly name: string;
  /** The socket URL, or how to get one for each connection (a provider that issues a token per session). */
  readonly url: string | (() => Promise<string>);
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly reconnect: ReconnectOptions;
  readonly status: (state: FeedState, message: string) => void;
  readonly log?: ((line: string) => void) | undefined;
  /** Every frame from the provider. */
  readonly onFrame: (data: Buffer, isBinary: boolean) => void;
  /** The socket is open (a provider without a greeting is spoken to here). */
  readonly onOpen?: (() => void) | undefined;
}

/**
 * One upstream WebSocket and its reconnect loop, for the JSON and msgpack adapters: never two
 * sockets at once; the adapter speaks the protocol in `onFrame` and reports `live()` once
 * authenticated and subscribed, or `fail()` on an error reconnecting cannot fix.
 */
export class WsSession {
  private ws: WebSocket | null = null;
  private readonly loop: ReconnectLoop;
  opened = 0;
  isLive = false;

  constructor(private readonly opts: WsSessionOptions) {
    this.loop = new ReconnectLoop(
      opts.name,
      opts.reconnect,
      opts.status,
      () => this.connect(),
      () => this.ws?.terminate(),
    );
  }

  start(): void {
    this.loop.start();
  }

  private connecting = false;

  private connect(): void {
    if (this.ws !== null || this.connecting) return;
    const { url } = this.opts;
    if (typeof url === 'string') return this.openSocket(url);
    this.connecting = true;
    url().then(
      (u) => {
        this.connecting = false;
        if (!this.loop.stopped) this.openSocket(u);
      },
      (e: Error & { final?: boolean }) => {
        this.connecting = false;
        if (e.final) this.fail(e.message);
        else this.loop.closed(e.message);
      },
    );
  }

  private openSocket(url: string): void {
    this.opened += 1;
    const ws = new WebSocket(url, { maxPayload: 16 << 20, headers: { ...this.opts.headers } });
    this.ws = ws;
    this.loop.opened();
    ws.on('message', (data, isBinary) => {
      this.loop.activity();
      this.opts.onFrame(data as Buffer, isBinary);
    });
    ws.on('open', () => this.opts.onOpen?.());
    ws.on('error', (e) => this.opts.log?.(`${this.opts.name}: socket error: ${e.message}`));
    ws.on('close', (code) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.isLive = false;
      this.loop.closed(`closed (${code})`);
    });
  }

  /** Sends when the socket is open (and, unless `always`, once live). */
  send(data: string | Uint8Array, always = false): void {
    if (this.ws?.readyState !== WebSocket.OPEN || (!always && !this.isLive)) return;
    this.ws.send(data, { binary: typeof data !== 'string' });
  }

  live(message: string): void {
    this.isLive = true;
    this.loop.live(message);
  }

  /** A final error: reported once, no more attempts. */
  fail(message: string): void {
    this.opts.status('error', `${this.opts.name}: ${message}`);
    this.close();
  }

  close(): void {
    this.loop.stop();
    const ws = this.ws;
    this.ws = null;
    ws?.terminate();
  }
}
