import {
  type ConditionFlag,
  contractFromTheta,
  type EpochNs,
  type FeedEvent,
  flagsToBits,
  isoToDayNumber,
  nyTimeToEpochMs,
  opraTradeTypeFlags,
} from '../../../engine/index.ts';
import { bump, type FeedStats, newFeedStats } from '../feed-stats.ts';

/** ThetaData exchange codes (thetadata.md §4) → MIC; 57 is the FINRA/Nasdaq TRF (off-exchange). */
const VENUES: Readonly<Record<number, string>> = {
  1: 'XNDQ',
  4: 'AMXO',
  5: 'XCBO',
  6: 'XISX',
  7: 'ARCO',
  9: 'XPHL',
  10: 'OPRA',
  11: 'XBOX',
  22: 'MCRY',
  31: 'GMNI',
  42: 'C2OX',
  43: 'XMIO',
  46: 'EMLD',
  47: 'XBXO',
  60: 'BATO',
  65: 'EDGO',
  69: 'MPRL',
  73: 'MXOP',
};
const STOCK_VENUES: Readonly<Record<number, string>> = { 57: 'FINN', 29: 'XNAS', 1: 'XNAS' };

/** ThetaData trade condition codes → the OPRA letter (thetadata.md §4; 125–148 map to a–v in order). */
function opraLetter(code: number): string | undefined {
  const fixed: Record<number, string> = {
    0: '',
    2: 'B',
    5: 'H',
    6: 'F',
    13: 'D',
    18: 'I',
    21: 'J',
    40: 'A',
    41: 'C',
    42: 'E',
    43: 'G',
    95: 'S',
    147: 'u',
    148: 'v',
  };
  if (code in fixed) return fixed[code];
  if (code >= 125 && code <= 144) return String.fromCharCode(97 + code - 125);
  return undefined;
}
/** 145/146 are exchange-reported aggressor codes, not trade types: no flag. */
const AGGRESSOR = new Set([145, 146]);
/** Stock condition codes that carry a flag (ThetaData's table): 115 odd lot, 95 intermarket sweep. */
const STOCK_FLAGS: Readonly<Record<number, ConditionFlag>> = { 115: 'ODD_LOT', 95: 'ISO' };

export type ThetaStats = FeedStats<number, number>;
export const newThetaStats = (): ThetaStats => newFeedStats();

/** What the Terminal said about itself or a request (STATUS, REQ_RESPONSE). */
export interface ThetaControl {
  readonly type: 'STATUS' | 'REQ_RESPONSE';
  /** The Terminal's link to ThetaData: CONNECTED or DISCONNECTED. */
  readonly link: string;
  readonly response?: string | undefined;
  readonly reqId?: number | undefined;
}

const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** New York midnight of YYYYMMDD plus milliseconds of the day → epoch ns (thetadata.md §3). */
export function thetaTime(date: number, msOfDay: number): EpochNs | undefined {
  const s = String(date);
  if (!/^\d{8}$/.test(s) || !(msOfDay >= 0 && msOfDay < 86_400_000 + 3_600_000)) return undefined;
  const ms =
    nyTimeToEpochMs(isoToDayNumber(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`), 0) + msOfDay;
  return Number.isFinite(ms) ? ((BigInt(Math.round(ms)) * 1_000_000n) as EpochNs) : undefined;
}

/** One Terminal frame (a JSON object) → an event, a control message, or nothing. */
export function normalizeThetaFrame(
  text: string,
  stats: ThetaStats,
): { event?: FeedEvent; control?: ThetaControl } {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch {
    stats.malformed += 1;
    return {};
  }
  const header = (typeof o === 'object' && o !== null ? o.header : null) as Record<string, unknown> | null;
  if (typeof header !== 'object' || header === null) {
    stats.malformed += 1;
    return {};
  }
  const type = String(header.type);
  const link = String(header.status ?? '');
  if (type === 'STATUS') return { control: { type, link } };
  if (type === 'REQ_RESPONSE')
    return { control: { type, link, response: String(header.response ?? ''), reqId: int(header.req_id) } };
  if (type !== 'TRADE' && type !== 'QUOTE') {
    bump(stats.ignored, type);
    return {};
  }
  const c = o.contract as Record<string, unknown> | undefined;
  const body = (type === 'TRADE' ? o.trade : o.quote) as Record<string, unknown> | undefined;
  if (!c || !body || typeof c.root !== 'string') {
    stats.malformed += 1;
    return {};
  }
  const ts = thetaTime(int(body.date) ?? -1, int(body.ms_of_day) ?? -1);
  if (ts === undefined) {
    stats.malformed += 1;
    return {};
  }
  const option = c.security_type === 'OPTION';
  let contract = '';
  if (option) {
    const k = contractFromTheta({
      root: c.root,
      expiration: int(c.expiration) ?? 0,
      strike: int(c.strike) ?? 0,
      right: String(c.right),
    });
    if (typeof k === 'string') {
      stats.malformed += 1;
      return {};
    }
    contract = k.key;
  }
  if (type === 'QUOTE') {
    const bid = num(body.bid);
    const ask = num(body.ask);
    if (bid === undefined || ask === undefined) {
      stats.malformed += 1;
      return {};
    }
    const f = { ts, bid, ask, bidSize: int(body.bid_size) ?? 0, askSize: int(body.ask_size) ?? 0 };
    return {
      event: option
        ? { type: 'option_quote', contract, ...f }
        : { type: 'equity_quote', symbol: c.root, ...f },
    };
  }
  const price = num(body.price);
  const size = int(body.size);
  if (price === undefined || size === undefined) {
    stats.malformed += 1;
    return {};
  }
  const x = int(body.exchange) ?? -1;
  const mic = option ? VENUES[x] : (STOCK_VENUES[x] ?? VENUES[x]);
  if (!mic) bump(stats.unknownVenues, x);
  const exchange = mic ?? `thetadata:${x}`;
  const code = int(body.condition) ?? 0;
  const id = `${option ? contract : c.root}:${int(body.sequence) ?? ts}`;
  if (!option || c.security_type === 'INDEX') {
    if (c.security_type === 'INDEX')
      return {
        event: { type: 'equity_quote', ts, symbol: c.root, bid: price, ask: price, bidSize: 0, askSize: 0 },
      };
    const f = STOCK_FLAGS[code];
    const bits = (size < 100 ? flagsToBits(['ODD_LOT']) : 0) | (f ? flagsToBits([f]) : 0);
    return {
      event: {
        type: 'equity_trade',
        ts,
        symbol: c.root,
        price,
        size,
        exchange,
        conditions: bits,
        rawConditions: String(code),
        id,
      },
    };
  }
  const letter = opraLetter(code);
  const flags = letter === undefined ? undefined : opraTradeTypeFlags(letter);
  if (flags === undefined && !AGGRESSOR.has(code)) bump(stats.unknownConditions, code);
  return {
    event: {
      type: 'option_trade',
      ts,
      contract,
      price,
      size,
      exchange,
      conditions: flagsToBits(flags ?? []),
      rawConditions: String(code),
      id,
    },
  };
}
