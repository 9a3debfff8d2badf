import { type FeedSource, systemClock } from '../../engine/index.ts';
import { createAlpacaFeed } from '../feeds/alpaca/alpaca-feed.ts';
import { createDatabentoFeed } from '../feeds/databento/live-feed.ts';
import { createMassiveFeed } from '../feeds/massive/massive-feed.ts';
import { createThetaFeed } from '../feeds/thetadata/thetadata-feed.ts';
import { createSimFeed } from '../sim-feed.ts';

/** The options of `flowbook serve` that choose and configure the feed (docs/feeds.md). */
export const FEED_OPTIONS = {
  feed: 'string',
  symbols: 'string',
  'massive-url': 'string',
  'alpaca-url': 'string',
  'alpaca-options': 'string',
  'alpaca-stocks': 'string',
  'databento-gateway': 'string',
  'databento-schemas': 'string',
  'thetadata-url': 'string',
} as const;

type Opts = Record<string, string | boolean | string[]>;
const FEEDS = ['sim', 'massive', 'polygon', 'alpaca', 'databento', 'thetadata'] as const;

/** `--feed sim` (default), or a provider with `--symbols SPY,QQQ`; keys come from the environment. */
export function feedFromArgs(
  opts: Opts,
  sim: { seed: number; rate: number; log: (l: string) => void },
): FeedSource {
  const kind = (opts.feed as string | undefined) ?? 'sim';
  if (!(FEEDS as readonly string[]).includes(kind))
    throw new Error(`--feed ${kind}: use ${FEEDS.join(', ')} (massive is the former Polygon.io)`);
  if (kind === 'sim') return createSimFeed({ seed: sim.seed, rate: sim.rate, clock: systemClock });
  const symbols = ((opts.symbols as string | undefined) ?? '')
    .split(',')
    .map((x) => x.trim().toUpperCase())
    .filter((x) => x !== '');
  for (const x of symbols)
    if (!/^[A-Z][A-Z0-9.]{0,9}$/.test(x)) throw new Error(`--symbols: ${x} is not a ticker`);
  const common = { symbols, clock: systemClock, log: sim.log };
  if (kind === 'databento') return databento(opts, common);
  if (kind === 'thetadata') {
    const url = (opts['thetadata-url'] as string | undefined) ?? 'ws://127.0.0.1:25520/v1/events';
    if (!URL.canParse(url) || !/^wss?:$/.test(new URL(url).protocol))
      throw new Error(
        `--thetadata-url ${url}: use the Theta Terminal's socket, e.g. ws://127.0.0.1:25520/v1/events`,
      );
    return createThetaFeed({ url, ...common });
  }
  if (kind === 'alpaca') {
    const keyId = env('APCA_API_KEY_ID', '--feed alpaca');
    const secret = env('APCA_API_SECRET_KEY', '--feed alpaca');
    const optionFeed = (opts['alpaca-options'] as string | undefined) ?? 'opra';
    const stockFeed = (opts['alpaca-stocks'] as string | undefined) ?? 'sip';
    if (!['opra', 'indicative'].includes(optionFeed))
      throw new Error(`--alpaca-options ${optionFeed}: use opra or indicative`);
    if (!['sip', 'iex', 'delayed_sip'].includes(stockFeed))
      throw new Error(`--alpaca-stocks ${stockFeed}: use sip, iex or delayed_sip`);
    const baseUrl = providerUrl(
      '--alpaca-url',
      opts['alpaca-url'] as string | undefined,
      'wss://stream.data.alpaca.markets',
    );
    return createAlpacaFeed({ keyId, secret, baseUrl, optionFeed, stockFeed, ...common });
  }
  const key = process.env.MASSIVE_API_KEY || process.env.POLYGON_API_KEY;
  if (!key) throw new Error(`--feed ${kind} needs an API key in MASSIVE_API_KEY (or POLYGON_API_KEY)`);
  const baseUrl = providerUrl(
    '--massive-url',
    opts['massive-url'] as string | undefined,
    'wss://socket.massive.com',
  );
  return createMassiveFeed({ key, baseUrl, ...common });
}

function env(name: string, flag: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${flag} needs ${name} in the environment`);
  return v;
}

/** A provider's WebSocket base URL: wss://, or ws:// only to this machine (a local test double). */
function providerUrl(flag: string, given: string | undefined, fallback: string): string {
  const url = given ?? fallback;
  const u = URL.canParse(url) ? new URL(url) : null;
  if (!u || (u.protocol !== 'wss:' && u.protocol !== 'ws:') || u.pathname.replace(/\/$/, '') !== '')
    throw new Error(`${flag} ${url}: use a wss:// host such as ${fallback}`);
  // Credentials travel in the auth message: only over TLS, or to a server on this machine.
  if (u.protocol === 'ws:' && !['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname))
    throw new Error(`${flag} ${url}: ws:// is allowed only on this machine; the provider needs wss://`);
  return url.replace(/\/$/, '');
}

function databento(
  opts: Opts,
  common: { symbols: string[]; clock: typeof systemClock; log: (l: string) => void },
) {
  const key = env('DATABENTO_API_KEY', '--feed databento');
  const gw = (opts['databento-gateway'] as string | undefined) ?? 'opra-pillar.lsg.databento.com:13000';
  const m = /^([\w.-]+|\[[\d:]+\]):(\d{1,5})$/.exec(gw);
  if (!m)
    throw new Error(`--databento-gateway ${gw}: use HOST:PORT, e.g. opra-pillar.lsg.databento.com:13000`);
  const schemas = ((opts['databento-schemas'] as string | undefined) ?? 'tcbbo,statistics').split(',');
  const known = [
    'trades',
    'tbbo',
    'mbp-1',
    'cmbp-1',
    'tcbbo',
    'cbbo-1s',
    'cbbo-1m',
    'bbo-1s',
    'bbo-1m',
    'statistics',
    'definition',
  ];
  for (const x of schemas)
    if (!known.includes(x))
      throw new Error(`--databento-schemas: ${x} is not one flowbook reads (${known.join(', ')})`);
  return createDatabentoFeed({ key, gateway: { host: m[1]!, port: Number(m[2]) }, schemas, ...common });
}
