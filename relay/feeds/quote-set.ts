/**
 * The contracts whose NBBO a feed subscribes when quotes cannot be wildcarded (Massive, Alpaca): each
 * contract as it first trades, at most `limit` of them, the least recently traded dropped beyond that.
 */
export class QuoteSet {
  private readonly recent = new Map<string, true>();
  constructor(readonly limit: number) {}

  /** A print in `contract`: what to subscribe and unsubscribe because of it. */
  traded(contract: string): { add: string | null; drop: string | null } {
    if (this.recent.delete(contract)) {
      this.recent.set(contract, true);
      return { add: null, drop: null };
    }
    let drop: string | null = null;
    if (this.recent.size >= this.limit) {
      drop = this.recent.keys().next().value as string;
      this.recent.delete(drop);
    }
    this.recent.set(contract, true);
    return { add: contract, drop };
  }

  contracts(): string[] {
    return [...this.recent.keys()];
  }
}
