import type { OsiContract } from '../contract/osi.ts';

/** How many recent quotes per contract are kept to find the quote prevailing at an earlier print. */
export const QUOTE_HISTORY = 8;

export interface PrevailingQuote {
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  tsMs: number;
}

/** Everything the enricher remembers about one contract. */
export class ContractState {
  readonly expiryCloseMs: number;
  /** OCC appends a digit to the root of an adjusted contract; its deliverable is not 100 shares. */
  readonly adjustedRoot: boolean;
  /** Shares per contract when reference data said so; null means the standard 100 is assumed. */
  multiplier: number | null = null;
  volume = 0;
  volumeDay = -1;
  oi: number | null = null;
  lastPrice = Number.NaN;
  lastDirection = 0;
  private readonly quotes = new Float64Array(QUOTE_HISTORY * 5);
  private head = -1;
  private count = 0;

  constructor(
    readonly c: OsiContract,
    readonly expiryDay: number,
    expiryCloseMs: number,
  ) {
    this.expiryCloseMs = expiryCloseMs;
    this.adjustedRoot = /\d$/.test(c.root);
  }

  addQuote(bid: number, ask: number, bidSize: number, askSize: number, tsMs: number): void {
    this.head = (this.head + 1) % QUOTE_HISTORY;
    const o = this.head * 5;
    const q = this.quotes;
    q[o] = bid;
    q[o + 1] = ask;
    q[o + 2] = bidSize;
    q[o + 3] = askSize;
    q[o + 4] = tsMs;
    if (this.count < QUOTE_HISTORY) this.count += 1;
  }

  /**
   * The latest quote at or before tsMs, searched newest first among the remembered ones; false
   * when every remembered quote is later (or there are none).
   */
  quoteAt(tsMs: number, out: PrevailingQuote): boolean {
    for (let k = 0; k < this.count; k++) {
      const o = ((this.head - k + QUOTE_HISTORY) % QUOTE_HISTORY) * 5;
      const q = this.quotes;
      if (q[o + 4]! <= tsMs) {
        out.bid = q[o]!;
        out.ask = q[o + 1]!;
        out.bidSize = q[o + 2]!;
        out.askSize = q[o + 3]!;
        out.tsMs = q[o + 4]!;
        return true;
      }
    }
    return false;
  }
}
