import { type EpochNs, type FeedSource, nyDateOf } from '../../../engine/index.ts';
import { createFeedSink, sessionLifecycle } from '../feed-sink.ts';
import { type AdapterOptions, reconnectOptions } from '../reconnect.ts';
import { WsSession } from '../ws-session.ts';
import { type IntrinioStats, newIntrinioStats, normalizeIntrinioFrame } from './normalize.ts';

export interface IntrinioFeedOptions extends AdapterOptions {
  /** INTRINIO_API_KEY: sent only to the token endpoint over HTTPS, never logged. */
  readonly key: string;
  /** `https://realtime-options.intrinio.com` (OPRA), or a local fake in tests. */
  readonly baseUrl: string;
  /** Underlyings (whole chains); none joins `$FIREHOSE`. */
  readonly symbols: readonly string[];
  /** Also join the conflated NBBO (about 99% of the traffic); trades carry the NBBO at execution anyway. */
  readonly quotes?: boolean | undefined;
}

const JOIN = 0x4a;
const TRADES = 1;
const QUOTES = 2;
const REFRESH = 4;

/**
 * Intrinio's real-time options socket (intrinio.md) as a FeedSource: a token fetched with the key for
 * every connection, binary join messages per underlying (or the firehose), binary frames decoded, and
 * text frames (the provider's diagnostics) reported as errors.
 */
export function createIntrinioFeed(
  opts: IntrinioFeedOptions,
): FeedSource & { readonly stats: IntrinioStats; readonly connections: () => number } {
  const stats = newIntrinioStats();
  const channels = opts.symbols.length > 0 ? opts.symbols.map((s) => s.toUpperCase()) : ['$FIREHOSE'];
  const mask = TRADES | REFRESH | (opts.quotes ? QUOTES : 0);
  const nowNs = () => (BigInt(Math.round(opts.clock.now())) * 1_000_000n) as EpochNs;
  const feed = createFeedSink('intrinio', opts.clock, opts.log);
  const status = feed.status;
  const token = async (): Promise<string> => {
    let res: Response;
    try {
      res = await fetch(`${opts.baseUrl}/auth?api_key=${encodeURIComponent(opts.key)}`);
    } catch (e) {
      throw new Error(
        `token request failed (${(e as Error & { cause?: { code?: string } }).cause?.code ?? 'network error'})`,
      );
    }
    if (res.status === 401 || res.status === 403) {
      const e = new Error(
        `authentication failed (HTTP ${res.status}): check INTRINIO_API_KEY and the options entitlement`,
      );
      throw Object.assign(e, { final: true });
    }
    if (!res.ok) throw new Error(`token request answered HTTP ${res.status}`);
    const t = (await res.text()).trim();
    if (!/^[\w.-]+$/.test(t)) throw new Error('the token endpoint answered something that is not a token');
    return `${opts.baseUrl.replace(/^http/, 'ws')}/socket/websocket?vsn=1.0.0&token=${encodeURIComponent(t)}`;
  };
  const session: WsSession = new WsSession({
    name: 'intrinio',
    url: token,
    headers: { UseNewOptionsFormat: 'v2', 'Client-Information': 'flowbook' },
    reconnect: reconnectOptions(opts, 60_000),
    status,
    log: opts.log,
    onOpen: () => {
      for (const ch of channels)
        session.send(Uint8Array.from([JOIN, mask, ...new TextEncoder().encode(ch)]), true);
      session.live(
        `joined ${channels.join(', ')} (${opts.quotes ? 'trades, quotes' : 'trades'} and open interest)`,
      );
    },
    onFrame: (data, isBinary) => {
      if (!isBinary) return status('error', `intrinio: provider message: ${data.toString().slice(0, 300)}`);
      const now = opts.clock.now();
      const events = normalizeIntrinioFrame(new Uint8Array(data), nyDateOf(now), nowNs(), stats);
      feed.emit(events);
    },
  });
  return {
    name: `intrinio(${opts.baseUrl}; ${channels.join(',')})`,
    stats,
    connections: () => session.opened,
    ...sessionLifecycle(feed, [session]),
  };
}
