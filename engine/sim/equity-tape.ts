import { FLAG_BIT } from '../events/conditions.ts';
import type { FeedEvent } from '../events/event-types.ts';
import { EQUITY_VENUES } from '../events/venues.ts';
import { usToNs } from '../time/units.ts';
import { cumulative, type Prng } from './prng.ts';
import type { SimUnderlying } from './universe.ts';

const VENUE_SHARE: Readonly<Record<string, number>> = {
  XNYS: 8,
  XNAS: 14,
  ARCX: 6,
  BATS: 6,
  EDGX: 6,
  IEXG: 3,
  MEMX: 4,
  FINN: 30,
  FINC: 5,
  FINY: 12,
  XADF: 1,
};
const VENUES = EQUITY_VENUES.map((v) => v.mic);
const VENUE_CUM = cumulative(VENUES.map((v) => VENUE_SHARE[v] ?? 1));
const OFF_EXCHANGE = EQUITY_VENUES.filter((v) => v.offExchange).map((v) => v.mic);
/** Share of equity prints that are large off-exchange blocks. */
const BLOCK_SHARE = 0.002;

/** Stock and ETF NBBO and prints (with off-exchange TRF blocks), and index levels as quotes. */
export class EquityTape {
  private readonly cum: Float64Array;
  private ids = 0;
  constructor(
    private readonly universe: readonly SimUnderlying[],
    private readonly rng: Prng,
    private readonly emit: (atUs: number, e: FeedEvent) => void,
    private readonly seed: number,
  ) {
    this.cum = cumulative(universe.map((u) => u.equityWeight));
  }

  private spreadOf(price: number): number {
    return price > 400 ? 0.02 : 0.01;
  }

  quotes(atUs: number, spots: Float64Array): void {
    const ts = usToNs(atUs);
    this.universe.forEach((u, i) => {
      const s = spots[i] ?? u.spot;
      if (u.isIndex) {
        const level = Math.round(s * 100) / 100;
        this.emit(atUs, {
          type: 'equity_quote',
          ts,
          symbol: u.symbol,
          bid: level,
          ask: level,
          bidSize: 0,
          askSize: 0,
        });
        return;
      }
      const half = this.spreadOf(s) / 2;
      this.emit(atUs, {
        type: 'equity_quote',
        ts,
        symbol: u.symbol,
        bid: Math.round((s - half) * 100) / 100,
        ask: Math.round((s + half) * 100) / 100,
        bidSize: this.rng.int(1, 40) * 100,
        askSize: this.rng.int(1, 40) * 100,
      });
    });
  }

  trade(atUs: number, spots: Float64Array): void {
    const ui = this.rng.pickCumulative(this.cum);
    const u = this.universe[ui]!;
    const s = spots[ui] ?? u.spot;
    const half = this.spreadOf(s) / 2;
    const block = this.rng.chance(BLOCK_SHARE);
    let size: number;
    let venue: string;
    let price: number;
    if (block) {
      size = Math.round(this.rng.pareto(10_000, 1.4) / 100) * 100;
      venue = this.rng.pick(OFF_EXCHANGE);
      price = Math.round((s + (this.rng.next() - 0.5) * half) * 10_000) / 10_000;
    } else {
      size = this.rng.chance(0.55)
        ? this.rng.int(1, 99)
        : Math.min(50_000, Math.round(this.rng.pareto(1, 1.5)) * 100);
      venue = VENUES[this.rng.pickCumulative(VENUE_CUM)]!;
      const x = this.rng.next();
      const raw = x < 0.45 ? s + half : x < 0.9 ? s - half : s;
      price = OFF_EXCHANGE.includes(venue as never)
        ? Math.round(raw * 10_000) / 10_000
        : Math.round(raw * 100) / 100;
    }
    let bits = size < 100 ? FLAG_BIT.ODD_LOT : 0;
    if (!block && !OFF_EXCHANGE.includes(venue as never) && this.rng.chance(0.1)) bits |= FLAG_BIT.ISO;
    this.ids += 1;
    this.emit(atUs, {
      type: 'equity_trade',
      ts: usToNs(atUs),
      symbol: u.symbol,
      price,
      size,
      exchange: venue,
      conditions: bits,
      id: `${this.seed.toString(36)}-e${this.ids.toString(36)}`,
    });
  }
}
