import type { EpochNs, IsoDate } from '../time/units.ts';

export const EVENT_TYPES = [
  'option_trade',
  'option_quote',
  'equity_trade',
  'equity_quote',
  'open_interest',
  'trade_cancel',
  'status',
  'params',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const FEED_STATES = ['connected', 'stale', 'gap', 'error', 'disconnected', 'info'] as const;
export type FeedState = (typeof FEED_STATES)[number];

/** Fields every print has; `conditions` is the normalized flag bit set (events/conditions.ts). */
interface PrintFields {
  readonly ts: EpochNs;
  readonly price: number;
  readonly size: number;
  readonly exchange: string;
  readonly conditions: number;
  readonly rawConditions?: string | undefined;
  readonly id?: string | undefined;
}

interface QuoteFields {
  readonly ts: EpochNs;
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
}

export interface OptionTradeEvent extends PrintFields {
  readonly type: 'option_trade';
  readonly contract: string;
}

export interface OptionQuoteEvent extends QuoteFields {
  readonly type: 'option_quote';
  readonly contract: string;
}

export interface EquityTradeEvent extends PrintFields {
  readonly type: 'equity_trade';
  readonly symbol: string;
}

/** NBBO of a stock or ETF; an index level is sent as bid = ask = level with zero sizes. */
export interface EquityQuoteEvent extends QuoteFields {
  readonly type: 'equity_quote';
  readonly symbol: string;
}

export interface OpenInterestEvent {
  readonly type: 'open_interest';
  readonly ts: EpochNs;
  readonly date: IsoDate;
  readonly contract: string;
  readonly oi: number;
  /** Shares per contract when reference data gives it (adjusted contracts); absent means 100. */
  readonly multiplier?: number | undefined;
}

export interface TradeCancelEvent {
  readonly type: 'trade_cancel';
  readonly ts: EpochNs;
  /** The `id` of the earlier option_trade being cancelled. */
  readonly id: string;
}

export interface StatusEvent {
  readonly type: 'status';
  readonly ts: EpochNs;
  readonly status: FeedState;
  readonly message: string;
}

/**
 * The engine's parameters changed here (a recorded session): `message` is the EngineParamsInput as
 * JSON, applied by the engine between the events before and after it (docs/sessions.md).
 */
export interface ParamsEvent {
  readonly type: 'params';
  readonly ts: EpochNs;
  readonly message: string;
}

export type FeedEvent =
  | OptionTradeEvent
  | OptionQuoteEvent
  | EquityTradeEvent
  | EquityQuoteEvent
  | OpenInterestEvent
  | TradeCancelEvent
  | StatusEvent
  | ParamsEvent;
