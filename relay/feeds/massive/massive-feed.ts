import { type FeedEvent, type FeedSource, type FeedState } from '../../../engine/index.ts';
import { createFeedSink, followTrades, sessionLifecycle } from '../feed-sink.ts';
import { QuoteSet } from '../quote-set.ts';
import { type AdapterOptions, reconnectOptions } from '../reconnect.ts';
import { WsSession } from '../ws-session.ts';
import { type MassiveMarket, type NormalizeStats, newNormalizeStats, normalizeFrame } from './normalize.ts';

export interface MassiveFeedOptions extends AdapterOptions {
  /** The API key (from MASSIVE_API_KEY / POLYGON_API_KEY); sent only in the auth message, never logged. */
  readonly key: string;
  /** `wss://socket.massive.com` (real time), `wss://delayed.massive.com`, or a local fake in tests. */
  readonly baseUrl: string;
  /** Underlyings to follow; their option trades (of the market-wide `T.*`) and their stock prints and quotes. */
  readonly symbols: readonly string[];
  /** Quotes cannot be wildcarded; at most this many contracts' NBBO are subscribed (the provider's limit). */
  readonly maxQuoteContracts?: number | undefined;
}

const DEFAULTS = { idleMs: 30_000, maxQuoteContracts: 1000 };
/** Provider statuses after which reconnecting cannot help: a wrong key, or the key's connection limit. */
const FINAL = new Set(['auth_failed', 'auth_timeout', 'max_connections']);

/**
 * Massive (ex-Polygon) real-time options and stocks WebSockets as one FeedSource
 * (shared/reference/feeds/polygon-massive.md): one connection per market, never two at once; auth,
 * subscribe, heartbeat-by-silence, reconnect with capped exponential backoff and jitter, every
 * subscription restored, and feed status (connected / stale / disconnected / gap / error) sent
 * downstream as status events.
 */
export function createMassiveFeed(opts: MassiveFeedOptions): FeedSource & {
  readonly stats: NormalizeStats;
  /** Connections opened so far per market (tests, /api/health). */
  readonly connections: Record<MassiveMarket, number>;
} {
  const stats = newNormalizeStats();
  const wanted = new Set(opts.symbols.map((s) => s.toUpperCase()));
  const quoteLimit = opts.maxQuoteContracts ?? DEFAULTS.maxQuoteContracts;
  const quoted = new QuoteSet(quoteLimit);
  const feed = createFeedSink('massive', opts.clock, opts.log);
  const status = feed.status;
  const upstreams: Upstream[] = [];

  const options = new Upstream('options', opts, stats, status, () => [
    'T.*',
    ...quoted.contracts().map((c) => `Q.${c}`),
  ]);
  const stocks = new Upstream('stocks', opts, stats, status, () =>
    [...wanted].flatMap((s) => [`T.${s}`, `Q.${s}`]),
  );
  options.onEvents = (events) => {
    const { out, add, drop } = followTrades(events, wanted, quoted);
    if (drop.length > 0)
      options.send(
        'unsubscribe',
        drop.map((c) => `Q.${c}`),
      );
    if (add.length > 0)
      options.send(
        'subscribe',
        add.map((c) => `Q.${c}`),
      );
    feed.emit(out);
  };
  stocks.onEvents = (events) => feed.emit(events);
  upstreams.push(options);
  if (wanted.size > 0) upstreams.push(stocks);

  return {
    name: `massive(${opts.baseUrl}; ${wanted.size > 0 ? [...wanted].join(',') : 'all underlyings'})`,
    stats,
    get connections() {
      return { options: options.opened, stocks: stocks.opened };
    },
    ...sessionLifecycle(feed, upstreams),
  };
}

/** One market's connection: Massive's protocol over a WsSession. */
class Upstream {
  onEvents: (events: FeedEvent[]) => void = () => {};
  private readonly session: WsSession;

  constructor(
    private readonly market: MassiveMarket,
    private readonly opts: MassiveFeedOptions,
    private readonly stats: NormalizeStats,
    private readonly status: (state: FeedState, message: string) => void,
    private readonly topics: () => string[],
  ) {
    this.session = new WsSession({
      name: `massive ${market}`,
      url: `${opts.baseUrl}/${market}`,
      reconnect: reconnectOptions(opts, DEFAULTS.idleMs),
      status,
      log: opts.log,
      onFrame: (data, isBinary) => {
        if (isBinary) {
          this.stats.malformed += 1;
          return;
        }
        const { events, statuses } = normalizeFrame(data.toString(), this.market, this.stats);
        for (const s of statuses) this.onStatus(s.status, s.message);
        if (events.length > 0) this.onEvents(events);
      },
    });
  }

  start(): void {
    this.session.start();
  }

  get opened(): number {
    return this.session.opened;
  }

  send(action: 'auth' | 'subscribe' | 'unsubscribe', params: string | readonly string[]): void {
    const p = typeof params === 'string' ? params : params.join(',');
    this.session.send(JSON.stringify({ action, params: p }), action === 'auth');
  }

  close(): void {
    this.session.close();
  }

  private onStatus(status: string, message: string): void {
    if (
      status === 'connected' ||
      (status === 'success' && !this.session.isLive && /connected/i.test(message))
    ) {
      this.send('auth', this.opts.key);
    } else if (status === 'auth_success') {
      const topics = this.topics();
      this.session.live(`authenticated, subscribed to ${topics.length} topic(s)`);
      this.send('subscribe', topics);
    } else if (FINAL.has(status)) {
      const why =
        status === 'max_connections'
          ? 'the key is already connected elsewhere (the provider allows one connection per market)'
          : 'authentication failed: check MASSIVE_API_KEY (or POLYGON_API_KEY) and that the plan includes this feed';
      this.session.fail(`${why} (${status}: ${message})`);
    } else if (status === 'auth_required') {
      this.send('auth', this.opts.key);
    } else if (status === 'error') {
      this.status('error', `massive ${this.market}: provider error: ${message}`);
    } else if (status === 'slow_consumer' || status === 'force_disconnect') {
      this.status('error', `massive ${this.market}: provider disconnecting (${status}): ${message}`);
    }
  }
}
