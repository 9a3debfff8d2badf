import { readFileSync, statSync } from 'node:fs';
import { type FeedSource, systemClock } from '../../engine/index.ts';
import { createAlpacaFeed } from '../feeds/alpaca/alpaca-feed.ts';
import { createDatabentoFeed } from '../feeds/databento/live-feed.ts';
import { createMassiveFeed } from '../feeds/massive/massive-feed.ts';
import { createIntrinioFeed } from '../feeds/intrinio/intrinio-feed.ts';
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
  'intrinio-url': 'string',
  'intrinio-quotes': 'boolean',
  keys: 'string',
} as const;

type Opts = Record<string, string | boolean | string[]>;
const FEEDS = ['sim', 'massive', 'polygon', 'alpaca', 'databento', 'thetadata', 'intrinio'] as const;

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
  const keys = keysFile(opts.keys as string | undefined);
  const env = (name: string, flag: string): string => {
    const v = process.env[name] || keys[name];
    if (!v) throw new Error(`${flag} needs ${name}, in the environment or in the --keys file`);
    return v;
  };
  if (kind === 'databento') return databento(opts, common, env('DATABENTO_API_KEY', '--feed databento'));
  if (kind === 'intrinio') {
    const key = env('INTRINIO_API_KEY', '--feed intrinio');
    const baseUrl = httpsUrl(
      '--intrinio-url',
      opts['intrinio-url'] as string | undefined,
      'https://realtime-options.intrinio.com',
    );
    return createIntrinioFeed({ key, baseUrl, quotes: opts['intrinio-quotes'] === true, ...common });
  }
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
  const key =
    process.env.MASSIVE_API_KEY ||
    process.env.POLYGON_API_KEY ||
    keys.MASSIVE_API_KEY ||
    keys.POLYGON_API_KEY;
  if (!key) throw new Error(`--feed ${kind} needs an API key in MASSIVE_API_KEY (or POLYGON_API_KEY)`);
  const baseUrl = providerUrl(
    '--massive-url',
    opts['massive-url'] as string | undefined,
    'wss://socket.massive.com',
  );
  return createMassiveFeed({ key, baseUrl, ...common });
}

/**
 * Provider keys from a JSON file (`{"MASSIVE_API_KEY": "…"}`), for those who keep them out of the
 * environment; the environment wins. The file must not be readable by other users.
 */
function keysFile(path: string | undefined): Readonly<Record<string, string>> {
  const file = path ?? process.env.FLOWBOOK_KEYS;
  if (!file) return {};
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    throw new Error(`--keys ${file}: no such file`);
  }
  if ((mode & 0o077) !== 0)
    throw new Error(
      `--keys ${file}: readable by other users (mode ${(mode & 0o777).toString(8)}); chmod 600 it`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new Error(`--keys ${file}: not JSON (expected {"NAME": "key", …})`);
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    Object.values(parsed).some((v) => typeof v !== 'string')
  )
    throw new Error(`--keys ${file}: expected an object of key names to strings`);
  return parsed as Record<string, string>;
}

/** An HTTPS base URL (http:// only to this machine). */
function httpsUrl(flag: string, given: string | undefined, fallback: string): string {
  const url = given ?? fallback;
  const u = URL.canParse(url) ? new URL(url) : null;
  if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:') || u.pathname.replace(/\/$/, '') !== '')
    throw new Error(`${flag} ${url}: use an https:// host such as ${fallback}`);
  if (u.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname))
    throw new Error(`${flag} ${url}: http:// is allowed only on this machine; the provider needs https://`);
  return url.replace(/\/$/, '');
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
  key: string,
) {
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
