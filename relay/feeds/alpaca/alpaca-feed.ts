import { type FeedEvent, type FeedSource } from '../../../engine/index.ts';
import { createFeedSink, followTrades, sessionLifecycle } from '../feed-sink.ts';
import { QuoteSet } from '../quote-set.ts';
import { type AdapterOptions, reconnectOptions } from '../reconnect.ts';
import { WsSession } from '../ws-session.ts';
import { encode } from './msgpack.ts';
import { type AlpacaMarket, type AlpacaStats, newAlpacaStats, normalizeAlpacaFrame } from './normalize.ts';

export interface AlpacaFeedOptions extends AdapterOptions {
  /** APCA_API_KEY_ID / APCA_API_SECRET_KEY: sent only in the auth message, never logged. */
  readonly keyId: string;
  readonly secret: string;
  /** `wss://stream.data.alpaca.markets` (or the sandbox, or a local fake in tests). */
  readonly baseUrl: string;
  /** `opra` (real-time OPRA) or `indicative`. */
  readonly optionFeed: string;
  /** `sip` or `iex`. */
  readonly stockFeed: string;
  readonly symbols: readonly string[];
  readonly maxQuoteContracts?: number | undefined;
}

/** Error codes reconnecting cannot fix: auth failed or timed out, connection limit, plan, msgpack required. */
const FINAL_CODES = new Set([402, 404, 406, 409, 412]);

/**
 * Alpaca's option stream (`/v1beta1/{opra|indicative}`, msgpack only) and stock stream (`/v2/{sip|iex}`)
 * as one FeedSource (shared/reference/feeds/alpaca.md): auth message, trades `*` filtered to the
 * underlyings, NBBO subscribed per traded contract (quotes cannot be wildcarded), stocks per symbol.
 */
export function createAlpacaFeed(opts: AlpacaFeedOptions): FeedSource & {
  readonly stats: AlpacaStats;
  readonly connections: Record<AlpacaMarket, number>;
} {
  const stats = newAlpacaStats();
  const wanted = new Set(opts.symbols.map((s) => s.toUpperCase()));
  const quoted = new QuoteSet(opts.maxQuoteContracts ?? 1000);
  const feed = createFeedSink('alpaca', opts.clock, opts.log);
  const status = feed.status;
  const session = (market: AlpacaMarket, path: string, topics: () => Record<string, string[]>) => {
    const s: WsSession = new WsSession({
      name: `alpaca ${market}`,
      url: `${opts.baseUrl}/${path}`,
      headers: { 'Content-Type': 'application/msgpack' },
      reconnect: reconnectOptions(opts, 30_000),
      status,
      log: opts.log,
      onFrame: (data, isBinary) => {
        const { events, controls } = normalizeAlpacaFrame(
          isBinary ? new Uint8Array(data) : data.toString(),
          market,
          stats,
        );
        for (const c of controls) {
          if (c.T === 'success' && c.msg === 'connected')
            s.send(encode({ action: 'auth', key: opts.keyId, secret: opts.secret }), true);
          else if (c.T === 'success' && c.msg === 'authenticated') {
            const t = topics();
            s.live(
              `authenticated, subscribed to ${Object.entries(t)
                .map(([k, v]) => `${v.length} ${k}`)
                .join(', ')}`,
            );
            s.send(encode({ action: 'subscribe', ...t }));
          } else if (c.T === 'error' && c.code !== null && FINAL_CODES.has(c.code))
            s.fail(
              `${c.code === 402 || c.code === 404 ? 'authentication failed: check APCA_API_KEY_ID and APCA_API_SECRET_KEY' : c.code === 406 ? 'the account is already connected to this stream elsewhere' : 'the plan does not include this feed'} (${c.code}: ${c.msg})`,
            );
          else if (c.T === 'error')
            status('error', `alpaca ${market}: provider error ${c.code ?? '?'}: ${c.msg}`);
        }
        if (events.length > 0) (market === 'options' ? onOptions : feed.emit)(events);
      },
    });
    return s;
  };
  const options = session('options', `v1beta1/${opts.optionFeed}`, () => ({
    trades: ['*'],
    quotes: quoted.contracts(),
  }));
  const stocks = session('stocks', `v2/${opts.stockFeed}`, () => ({
    trades: [...wanted],
    quotes: [...wanted],
  }));
  const onOptions = (events: FeedEvent[]) => {
    const { out, add, drop } = followTrades(events, wanted, quoted);
    if (drop.length > 0) options.send(encode({ action: 'unsubscribe', quotes: drop }));
    if (add.length > 0) options.send(encode({ action: 'subscribe', quotes: add }));
    feed.emit(out);
  };
  const sessions = wanted.size > 0 ? [options, stocks] : [options];
  return {
    name: `alpaca(${opts.optionFeed} + ${opts.stockFeed} via ${opts.baseUrl}; ${wanted.size > 0 ? [...wanted].join(',') : 'all underlyings'})`,
    stats,
    get connections() {
      return { options: options.opened, stocks: stocks.opened };
    },
    ...sessionLifecycle(feed, sessions),
  };
}
