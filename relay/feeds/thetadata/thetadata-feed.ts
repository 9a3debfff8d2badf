import { type FeedSource } from '../../../engine/index.ts';
import { createFeedSink, followTrades, sessionLifecycle } from '../feed-sink.ts';
import { QuoteSet } from '../quote-set.ts';
import { type AdapterOptions, reconnectOptions } from '../reconnect.ts';
import { WsSession } from '../ws-session.ts';
import { newThetaStats, normalizeThetaFrame, type ThetaStats } from './normalize.ts';

export interface ThetaFeedOptions extends AdapterOptions {
  /** The Theta Terminal's local socket, `ws://127.0.0.1:25520/v1/events` (no credentials: the Terminal holds them). */
  readonly url: string;
  readonly symbols: readonly string[];
}

/** The firehose brings its own NBBO: nothing to subscribe. */
const NO_QUOTES = new QuoteSet(Number.MAX_SAFE_INTEGER);
const INDICES = new Set(['SPX', 'NDX', 'RUT', 'VIX', 'XSP', 'DJX', 'OEX']);
const REFUSED: Readonly<Record<string, string>> = {
  ERROR: 'the Terminal refused the request',
  MAX_STREAMS_REACHED: 'the plan’s stream limit is reached',
  INVALID_PERMS: 'the ThetaData plan does not include this stream (the option firehose needs Pro)',
};

/**
 * ThetaData through the user's Theta Terminal (thetadata.md): one local WebSocket, the option trade
 * firehose (`STREAM_BULK`, which brings the NBBO around every trade) filtered to the underlyings, and
 * stock trades and quotes (index levels for indices) per symbol. The Terminal's own link to ThetaData
 * (its once-a-second STATUS) is reported separately from this socket.
 */
export function createThetaFeed(
  opts: ThetaFeedOptions,
): FeedSource & { readonly stats: ThetaStats; readonly connections: () => number } {
  const stats = newThetaStats();
  const wanted = new Set(opts.symbols.map((s) => s.toUpperCase()));
  const feed = createFeedSink('thetadata', opts.clock, opts.log);
  const status = feed.status;
  let link = '';
  let id = 0;
  const requests = () => [
    { msg_type: 'STREAM_BULK', sec_type: 'OPTION', req_type: 'TRADE', add: true },
    ...[...wanted].flatMap((root) =>
      INDICES.has(root)
        ? [{ msg_type: 'STREAM', sec_type: 'INDEX', req_type: 'TRADE', add: true, contract: { root } }]
        : (['TRADE', 'QUOTE'] as const).map((req_type) => ({
            msg_type: 'STREAM',
            sec_type: 'STOCK',
            req_type,
            add: true,
            contract: { root },
          })),
    ),
  ];
  const session: WsSession = new WsSession({
    name: `thetadata terminal ${opts.url}`,
    url: opts.url,
    reconnect: reconnectOptions(opts, 10_000),
    status,
    log: opts.log,
    onOpen: () => {
      link = '';
      const rs = requests();
      for (const r of rs) session.send(JSON.stringify({ ...r, id: id++ }), true);
      session.live(`sent ${rs.length} stream request(s)`);
    },
    onFrame: (data, isBinary) => {
      if (isBinary) {
        stats.malformed += 1;
        return;
      }
      const { event, control } = normalizeThetaFrame(data.toString(), stats);
      if (control) {
        if (control.link !== link && control.link !== '') {
          if (link !== '' || control.link !== 'CONNECTED')
            status(
              control.link === 'CONNECTED' ? 'connected' : 'disconnected',
              `thetadata: the Terminal's link to ThetaData is ${control.link}`,
            );
          link = control.link;
        }
        if (control.type === 'REQ_RESPONSE' && control.response && REFUSED[control.response])
          status(
            'error',
            `thetadata: request ${control.reqId ?? '?'}: ${REFUSED[control.response]} (${control.response})`,
          );
      }
      if (event) feed.emit(followTrades([event], wanted, NO_QUOTES).out);
    },
  });
  return {
    name: `thetadata(${opts.url}; ${wanted.size > 0 ? [...wanted].join(',') : 'all underlyings'})`,
    stats,
    connections: () => session.opened,
    ...sessionLifecycle(feed, [session]),
  };
}
