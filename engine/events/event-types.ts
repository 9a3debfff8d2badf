import type { EpochNs, IsoDate } from '../time/units.ts';

export const EVENT_TYPES = [
  'option_trade',
  'option_quote',
  'equity_trade',
  'equity_quote',
  'open_interest',
  'trade_cancel',
  'status',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const FEED_STATES = ['connected', 'stale', 'gap', 'error', 'disconnected', 'info'] as const;
export type FeedState = (typeof FEED_STATES)[number];

/** An option print; `conditions` is the normalized flag bit set (events/conditions.ts). */
export interface OptionTradeEvent {
  readonly type: 'option_trade';
  readonly ts: EpochNs;
  readonly contract: string;
  readonly price: number;
  readonly size: number;
  readonly exchange: string;
  readonly conditions: number;
  readonly rawConditions?: string | undefined;
  readonly id?: string | undefined;
}

export interface OptionQuoteEvent {
  readonly type: 'option_quote';
  readonly ts: EpochNs;
  readonly contract: string;
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
}

export interface EquityTradeEvent {
  readonly type: 'equity_trade';
  readonly ts: EpochNs;
  readonly symbol: string;
  readonly price: number;
  readonly size: number;
  readonly exchange: string;
  readonly conditions: number;
  readonly rawConditions?: string | undefined;
  readonly id?: string | undefined;
}

/** NBBO of a stock or ETF; an index level is sent as bid = ask = level with zero sizes. */
export interface EquityQuoteEvent {
  readonly type: 'equity_quote';
  readonly ts: EpochNs;
  readonly symbol: string;
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
}

export interface OpenInterestEvent {
  readonly type: 'open_interest';
  readonly ts: EpochNs;
  readonly date: IsoDate;
  readonly contract: string;
  readonly oi: number;
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

export type FeedEvent =
  | OptionTradeEvent
  | OptionQuoteEvent
  | EquityTradeEvent
  | EquityQuoteEvent
  | OpenInterestEvent
  | TradeCancelEvent
  | StatusEvent;
