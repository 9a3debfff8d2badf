import { createHash } from 'node:crypto';
import { Socket } from 'node:net';
import type { FeedSource } from '../../../engine/index.ts';
import { createFeedSink } from '../feed-sink.ts';
import { type AdapterOptions, ReconnectLoop, reconnectOptions } from '../reconnect.ts';
import { DbnError, DbnStream } from './dbn.ts';
import { DbnNormalizer } from './normalize.ts';

export interface DatabentoFeedOptions extends AdapterOptions {
  /** The API key (DATABENTO_API_KEY); only its CRAM digest and last five characters leave the relay. */
  readonly key: string;
  /** `opra-pillar.lsg.databento.com:13000`, or a local fake in tests. */
  readonly gateway: { readonly host: string; readonly port: number };
  readonly dataset?: string | undefined;
  /** Underlyings, subscribed as whole chains (`SPY.OPT`, parent symbology). */
  readonly symbols: readonly string[];
  /** Schemas to subscribe: `tcbbo` (each trade with the NBBO before it) and `statistics` (open interest). */
  readonly schemas?: readonly string[] | undefined;
  readonly heartbeatSeconds?: number | undefined;
}

/** CRAM response of Databento's live gateway (databento.md §1): sha256(challenge|key)-last five. */
export const cramResponse = (challenge: string, key: string): string =>
  `${createHash('sha256').update(`${challenge}|${key}`).digest('hex')}-${key.slice(-5)}`;

/** ErrorMsg codes after which reconnecting cannot help. */
const FINAL_ERROR_CODES = new Set([1, 2, 3]);
const MAX_LINE = 4096;

/**
 * Databento's live gateway (raw TCP, databento.md §1) as a FeedSource: the line-based CRAM handshake,
 * subscriptions per schema in chunks of 500 symbols, `start_session`, then the DBN stream decoded and
 * normalized as it arrives. Heartbeats (SystemMsg code 0) keep the idle watchdog quiet; a silent
 * gateway, a dropped socket or a corrupt stream reconnects with backoff; a rejected key, a deactivated
 * key or the connection limit stop the feed with a clear error.
 */
export function createDatabentoFeed(
  opts: DatabentoFeedOptions,
): FeedSource & { readonly connections: () => number } {
  const dataset = opts.dataset ?? 'OPRA.PILLAR';
  const schemas = opts.schemas ?? ['tcbbo', 'statistics'];
  const heartbeat = opts.heartbeatSeconds ?? 30;
  const symbols =
    opts.symbols.length > 0 ? opts.symbols.map((s) => `${s.toUpperCase()}.OPT`) : ['ALL_SYMBOLS'];
  let socket: Socket | null = null;
  let opened = 0;
  const name = 'databento';
  const feed = createFeedSink(name, opts.clock, opts.log);
  const status = feed.status;
  const loop: ReconnectLoop = new ReconnectLoop(
    name,
    reconnectOptions(opts, (heartbeat + 10) * 1000),
    status,
    () => connect(),
    () => socket?.destroy(),
  );

  const connect = () => {
    if (socket !== null) return;
    opened += 1;
    const s = new Socket();
    socket = s;
    let phase: 'greeting' | 'challenge' | 'auth' | 'data' = 'greeting';
    let text = '';
    const stream = new DbnStream();
    let normalizer: DbnNormalizer | null = null;
    const send = (line: string) => s.write(`${line}\n`);
    const fail = (message: string) => {
      status('error', `${name}: ${message}`);
      loop.stop();
      s.destroy();
    };
    const onLine = (line: string) => {
      const kv = Object.fromEntries(line.split('|').map((p) => p.split('=', 2) as [string, string]));
      if (phase === 'greeting' && kv.lsg_version !== undefined) phase = 'challenge';
      else if (phase === 'challenge' && kv.cram !== undefined) {
        send(
          [
            `auth=${cramResponse(kv.cram, opts.key)}`,
            `dataset=${dataset}`,
            'encoding=dbn',
            'ts_out=0',
            'compression=none',
            `heartbeat_interval_s=${heartbeat}`,
            'client=flowbook',
          ].join('|'),
        );
        phase = 'auth';
      } else if (phase === 'auth' && kv.success !== undefined) {
        if (kv.success !== '1')
          return fail(
            `authentication failed: ${kv.error ?? 'no reason given'} — check DATABENTO_API_KEY and the dataset license`,
          );
        schemas.forEach((schema, k) => {
          for (let i = 0; i < symbols.length; i += 500) {
            const chunk = symbols.slice(i, i + 500);
            const last = i + 500 >= symbols.length ? 1 : 0;
            const stype = chunk[0] === 'ALL_SYMBOLS' ? 'raw_symbol' : 'parent';
            send(
              `schema=${schema}|stype_in=${stype}|symbols=${chunk.join(',')}|snapshot=0|id=${k + 1}|is_last=${last}`,
            );
          }
        });
        send('start_session=0');
        phase = 'data';
        loop.live(
          `session ${kv.session_id ?? '?'} on ${dataset}, ${schemas.join(', ')} for ${symbols.join(',')}`,
        );
      } else fail(`unexpected gateway line in ${phase}: ${line.slice(0, 200)}`);
    };
    s.on('data', (chunk: Buffer) => {
      loop.activity();
      let bytes: Uint8Array = chunk;
      while (phase !== 'data' && bytes.length > 0) {
        const nl = bytes.indexOf(0x0a);
        if (nl < 0) {
          text += Buffer.from(bytes).toString('latin1');
          if (text.length > MAX_LINE) return fail('the gateway sent an over-long control line');
          return;
        }
        const line = text + Buffer.from(bytes.subarray(0, nl)).toString('latin1');
        text = '';
        bytes = bytes.subarray(nl + 1);
        onLine(line.trim());
      }
      if (phase !== 'data' || bytes.length === 0) return;
      try {
        const records = stream.push(bytes);
        if (normalizer === null && stream.metadata) normalizer = new DbnNormalizer(stream.metadata);
        if (normalizer === null) return;
        for (const r of records)
          if (r.kind === 'error' && FINAL_ERROR_CODES.has(r.code))
            return fail(`gateway error ${r.code}: ${r.message}`);
        const events = normalizer.events(records);
        feed.emit(events);
      } catch (e) {
        status('error', `${name}: ${e instanceof DbnError ? e.message : String(e)}; reconnecting`);
        s.destroy();
      }
    });
    s.on('error', (e) => opts.log?.(`${name}: socket error: ${e.message}`));
    s.on('close', () => {
      if (socket !== s) return;
      socket = null;
      loop.closed('connection closed');
    });
    s.connect(opts.gateway.port, opts.gateway.host, () => loop.opened());
  };

  return {
    name: `databento(${dataset} via ${opts.gateway.host}:${opts.gateway.port}; ${symbols.join(',')})`,
    connections: () => opened,
    start(s) {
      feed.attach(s);
      loop.start();
    },
    stop() {
      loop.stop();
      const s = socket;
      socket = null;
      s?.destroy();
      feed.detach();
    },
  };
}
