import type { WireRow } from './event-encoder.ts';
import type { EventView } from './event-view.ts';

/** Row i of an event batch as a wire row; a row whose type is unknown becomes an error status. */
export function viewRow(v: EventView, i: number): WireRow {
  const type = v.type(i);
  return {
    type: type ?? 'status',
    ts: v.tsNs(i),
    date: v.date(i),
    contract: v.contract(i),
    symbol: v.symbol(i),
    price: v.price(i),
    size: v.size(i),
    bid: v.bid(i),
    ask: v.ask(i),
    bidSize: v.bidSize(i),
    askSize: v.askSize(i),
    exchange: v.exchange(i),
    conditions: v.conditions(i),
    rawConditions: v.rawConditions(i),
    id: v.id(i),
    oi: v.oi(i),
    status: type === null ? 'error' : v.status(i),
    message: type === null ? 'row with unknown event type' : v.message(i),
    multiplier: v.multiplier(i),
  };
}
