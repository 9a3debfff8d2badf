import type { Clock, FeedState } from '../../engine/index.ts';

export interface ReconnectOptions {
  readonly clock: Clock;
  /** No data for this long makes a connection stale: it is dropped and re-opened. */
  readonly idleMs: number;
  /** Reconnect delay: initialMs × 2^attempt capped at maxMs, with ±50% jitter. */
  readonly backoff: { readonly initialMs: number; readonly maxMs: number };
  readonly random?: (() => number) | undefined;
}

export const DEFAULT_BACKOFF = { initialMs: 500, maxMs: 30_000 } as const;

/**
 * The connection lifecycle every upstream adapter shares: an idle watchdog, capped exponential backoff
 * with jitter between attempts, a `gap` status when a live connection comes back, and a final stop.
 * The adapter opens the connection in `connect` and reports `opened`, `activity`, `live` and `closed`.
 */
export class ReconnectLoop {
  private attempt = 0;
  private idle: ReturnType<typeof setTimeout> | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private downSince: number | null = null;
  private wasLive = false;
  stopped = false;

  constructor(
    private readonly name: string,
    private readonly opts: ReconnectOptions,
    private readonly status: (state: FeedState, message: string) => void,
    private readonly connect: () => void,
    /** Drops the current connection (it then reports `closed`). */
    private readonly drop: () => void,
  ) {}

  start(): void {
    if (!this.stopped) this.connect();
  }

  opened(): void {
    this.activity();
  }

  /** Bytes arrived: the connection is alive. */
  activity(): void {
    this.clearIdle();
    const ms = this.opts.idleMs;
    this.idle = setTimeout(() => {
      this.status('stale', `${this.name}: no data for ${(ms / 1000).toFixed(1)} s; reconnecting`);
      this.drop();
    }, ms);
  }

  /** Authenticated and subscribed. */
  live(message: string): void {
    this.attempt = 0;
    this.wasLive = true;
    this.status('connected', `${this.name}: ${message}`);
    if (this.downSince !== null) {
      const s = ((this.opts.clock.now() - this.downSince) / 1000).toFixed(1);
      this.status('gap', `${this.name}: reconnected after ${s} s; prints in between were not received`);
      this.downSince = null;
    }
  }

  closed(reason: string): void {
    this.clearIdle();
    if (this.stopped) return;
    if (this.wasLive) this.downSince ??= this.opts.clock.now();
    this.wasLive = false;
    const b = this.opts.backoff;
    const delay =
      Math.min(b.maxMs, b.initialMs * 2 ** this.attempt) * (0.5 + (this.opts.random ?? Math.random)() / 2);
    this.attempt += 1;
    this.status(
      'disconnected',
      `${this.name}: ${reason}; reconnecting in ${(delay / 1000).toFixed(1)} s (attempt ${this.attempt})`,
    );
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  /** No more attempts: after a final error, or when the feed stops. */
  stop(): void {
    this.stopped = true;
    this.clearIdle();
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }

  private clearIdle(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
  }
}

/** What every upstream adapter takes besides its provider's own settings. */
export interface AdapterOptions {
  readonly clock: Clock;
  readonly log?: ((line: string) => void) | undefined;
  /** No data for this long makes the connection stale (default: the provider's heartbeat allowance). */
  readonly idleMs?: number | undefined;
  /** Reconnect delay: initialMs × 2^attempt capped at maxMs, with ±50% jitter. */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number } | undefined;
  readonly random?: (() => number) | undefined;
}

/** An adapter's reconnect settings, its own idle allowance unless overridden. */
export const reconnectOptions = (opts: AdapterOptions, idleMs: number): ReconnectOptions => ({
  clock: opts.clock,
  idleMs: opts.idleMs ?? idleMs,
  backoff: opts.backoff ?? DEFAULT_BACKOFF,
  random: opts.random,
});
