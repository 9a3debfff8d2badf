import { FLAG_BIT as FLAG } from '../events/conditions.ts';
import type { FeedEvent } from '../events/event-types.ts';
import { OPTION_VENUES } from '../events/venues.ts';
import { dayNumberToIso, nyDayNumber, nyTimeToEpochMs, weekdayOnOrBefore } from '../time/ny-time.ts';
import { type EpochNs, usToNs } from '../time/units.ts';
import { buildChains, nearestStrike as nearest, type SimChain, type SimContract } from './chain.ts';
import { EquityTape } from './equity-tape.ts';
import { cumulative, Prng } from './prng.ts';
import { modelQuote, type Nbbo } from './quote-model.ts';
import { SIM_UNIVERSE, type SimUnderlying } from './universe.ts';

export interface SimOptions {
  readonly seed: number;
  /** Average option prints per second of simulated time (a trickle of 1 up to 50,000). */
  readonly rate: number;
  /** Session start, epoch ms; default 09:30 New York on the latest weekday. */
  readonly startMs?: number;
  /** Background option NBBO updates per option print. */
  readonly quoteRatio?: number;
  /** Equity prints per option print. */
  readonly equityRatio?: number;
}

/** How option order flow is drawn: shares of "initiators", each producing one or more prints. */
export const SIM_PATTERN_MIX = {
  single: 0.925,
  sweep: 0.025,
  split: 0.012,
  block: 0.008,
  vertical: 0.012,
  straddle: 0.006,
  roll: 0.004,
  ladder: 0.004,
  golden: 0.0004,
} as const;
export type SimPattern = keyof typeof SIM_PATTERN_MIX;
const PATTERNS = Object.keys(SIM_PATTERN_MIX) as SimPattern[];
const PATTERN_CUM = cumulative(PATTERNS.map((p) => SIM_PATTERN_MIX[p]));
const PRINTS_PER_INITIATOR = 1.16;
const CANCEL_SHARE = 0.001;
const LATE_SHARE = 0.001;

const STEP_MS = 100;
const LOOKAHEAD_US = 2_000_000;
/** Open interest and first quotes arrive this long before the session start. */
const OPENING_LEAD_US = 60_000_000;
/** Intraday variance accrues over trading time: 252 days of 6.5 hours. */
const STEP_YEARS = STEP_MS / (252 * 6.5 * 3_600_000);
const MARKET_VOL = 0.14;
const REGIMES = [0.7, 1, 1.8] as const;
const REGIME_SWITCH = STEP_MS / (15 * 60_000);

const VENUE_SHARE: Readonly<Record<string, number>> = {
  XCBO: 12,
  XPHL: 10,
  XISX: 7,
  ARCO: 8,
  AMXO: 6,
  XBOX: 4,
  EDGO: 5,
  BATO: 7,
  C2OX: 4,
  XMIO: 5,
  MPRL: 6,
  EMLD: 5,
  XNDQ: 6,
  GMNI: 3,
  MCRY: 2,
  XBXO: 2,
  MXOP: 3,
  SPHR: 5,
};
const VENUES = OPTION_VENUES.map((v) => v.mic);
const VENUE_CUM = cumulative(VENUES.map((v) => VENUE_SHARE[v] ?? 1));

type Side = 'ask' | 'bid' | 'mid' | 'to_ask' | 'to_bid' | 'above' | 'below';
const SIDES: readonly Side[] = ['ask', 'bid', 'mid', 'to_ask', 'to_bid', 'above', 'below'];
const SIDE_CUM = cumulative([0.36, 0.34, 0.12, 0.08, 0.07, 0.015, 0.015]);

interface Pending {
  readonly at: number;
  readonly seq: number;
  readonly e: FeedEvent;
}

/** The default session start: 09:30 New York on the latest weekday on or before `nowMs`. */
export function defaultSessionStart(nowMs: number): number {
  return nyTimeToEpochMs(weekdayOnOrBefore(nyDayNumber(nowMs)), 9, 30);
}

/**
 * A seeded, deterministic US options market: the same seed, rate and start give the same tape,
 * however it is read. Events come out in arrival order; late prints carry an earlier `ts`.
 */
export class SimMarket {
  readonly startMs: number;
  readonly sessionDay: number;
  readonly universe: readonly SimUnderlying[] = SIM_UNIVERSE;
  readonly contracts: readonly SimContract[];
  private readonly chains: readonly SimChain[];
  private readonly rng: Prng;
  private readonly spots: Float64Array;
  private readonly idioVol: Float64Array;
  private readonly lastBid: Float64Array;
  private readonly lastAsk: Float64Array;
  private readonly lastQuoteAt: Float64Array;
  private readonly optionCum: Float64Array;
  private readonly expiryCum: Float64Array[];
  private readonly equity: EquityTape;
  private readonly recentIds: string[] = [];
  /** Events by the step their arrival falls in; a bucket is sorted once, when it is first drained. */
  private readonly buckets = new Map<number, { items: Pending[]; sorted: boolean }>();
  private drainStep: number;
  private cursor = 0;
  private readonly originUs: number;
  private seq = 0;
  private ids = 0;
  private horizonUs: number;
  private regime = 1;
  private readonly opts: Required<SimOptions>;

  constructor(options: SimOptions) {
    if (!(options.rate > 0 && options.rate <= 50_000)) {
      throw new RangeError(`sim rate must be in (0, 50000] trades/s, got ${options.rate}`);
    }
    this.opts = {
      quoteRatio: 3,
      equityRatio: 0.8,
      startMs: defaultSessionStart(Date.now()),
      ...options,
    };
    this.startMs = this.opts.startMs;
    this.sessionDay = nyDayNumber(this.startMs);
    this.rng = new Prng(options.seed);
    const built = buildChains(this.universe, this.sessionDay, this.rng);
    this.contracts = built.contracts;
    this.chains = built.chains;
    this.spots = Float64Array.from(this.universe.map((u) => u.spot));
    this.idioVol = Float64Array.from(
      this.universe.map((u) => Math.sqrt(Math.max(0, u.atmVol ** 2 - (u.beta * MARKET_VOL) ** 2))),
    );
    this.lastBid = new Float64Array(this.contracts.length).fill(Number.NaN);
    this.lastAsk = new Float64Array(this.contracts.length).fill(Number.NaN);
    this.lastQuoteAt = new Float64Array(this.contracts.length).fill(Number.POSITIVE_INFINITY);
    this.optionCum = cumulative(this.universe.map((u) => u.optionWeight));
    this.expiryCum = this.chains.map((ch) =>
      cumulative(
        ch.expiries.map((e) => {
          const dte = e.day - this.sessionDay;
          return (dte === 0 ? 3 : 1) / (1 + dte) ** 0.8;
        }),
      ),
    );
    this.equity = new EquityTape(this.universe, this.rng, (at, e) => this.push(at, e), this.opts.seed);
    this.horizonUs = this.startMs * 1000;
    this.originUs = this.horizonUs;
    this.drainStep = Math.floor(-OPENING_LEAD_US / (STEP_MS * 1000));
    this.opening();
  }

  /** All events that arrive at or before `untilMs` and were not taken yet. */
  take(untilMs: number): FeedEvent[] {
    const untilUs = untilMs * 1000;
    while (this.horizonUs < untilUs + LOOKAHEAD_US) this.step();
    const out: FeedEvent[] = [];
    for (;;) {
      const b = this.buckets.get(this.drainStep);
      if (b) {
        if (!b.sorted) {
          b.items.sort(byArrival);
          b.sorted = true;
        }
        while (this.cursor < b.items.length && b.items[this.cursor]!.at <= untilUs)
          out.push(b.items[this.cursor++]!.e);
        if (this.cursor < b.items.length) return out;
      }
      if (this.originUs + (this.drainStep + 1) * STEP_MS * 1000 > untilUs) return out;
      this.buckets.delete(this.drainStep);
      this.drainStep += 1;
      this.cursor = 0;
    }
  }

  private push(atUs: number, e: FeedEvent): void {
    const k = Math.floor((atUs - this.originUs) / (STEP_MS * 1000));
    let b = this.buckets.get(k);
    if (!b) {
      b = { items: [], sorted: false };
      this.buckets.set(k, b);
    }
    b.items.push({ at: atUs, seq: this.seq++, e });
  }

  private opening(): void {
    const at = this.horizonUs - OPENING_LEAD_US;
    const ts = usToNs(at);
    this.push(at, {
      type: 'status',
      ts,
      status: 'connected',
      message: `simulated market, seed ${this.opts.seed}`,
    });
    const date = dayNumberToIso(this.sessionDay);
    for (const c of this.contracts)
      this.push(at, { type: 'open_interest', ts, date, contract: c.key, oi: c.oi });
    this.equity.quotes(at, this.spots);
  }

  private step(): void {
    const t0 = this.horizonUs;
    const dtUs = STEP_MS * 1000;
    this.moveMarket();
    this.equity.quotes(t0 + this.rng.next() * dtUs, this.spots);
    const eq = this.rng.poisson((this.opts.rate * this.opts.equityRatio * STEP_MS) / 1000);
    for (let i = 0; i < eq; i++) this.equity.trade(t0 + this.rng.next() * dtUs, this.spots);
    const initiators = this.rng.poisson((this.opts.rate * STEP_MS) / 1000 / PRINTS_PER_INITIATOR);
    for (let i = 0; i < initiators; i++) this.initiate(t0 + this.rng.next() * dtUs);
    const requotes = this.rng.poisson((this.opts.rate * this.opts.quoteRatio * STEP_MS) / 1000);
    for (let i = 0; i < requotes; i++) {
      const c = this.pickContract(this.rng.pickCumulative(this.optionCum), 400);
      this.ensureQuote(c, t0 + this.rng.next() * dtUs);
    }
    this.horizonUs = t0 + dtUs;
  }

  private moveMarket(): void {
    if (this.rng.chance(REGIME_SWITCH)) this.regime = this.rng.pick([0, 1, 2]);
    const mult = REGIMES[this.regime] ?? 1;
    const zm = this.rng.normal();
    const sq = Math.sqrt(STEP_YEARS);
    this.universe.forEach((u, i) => {
      const r = mult * sq * (u.beta * MARKET_VOL * zm + (this.idioVol[i] ?? 0) * this.rng.normal());
      this.spots[i] = (this.spots[i] ?? u.spot) * Math.exp(r - 0.5 * r * r);
    });
  }

  private volMult(): number {
    return 0.85 + 0.15 * (REGIMES[this.regime] ?? 1);
  }

  private quote(c: SimContract, atUs: number): Nbbo {
    const u = this.universe[c.underlying]!;
    return modelQuote(u, c, this.spots[c.underlying] ?? u.spot, this.volMult(), atUs / 1000);
  }

  /**
   * Sends an NBBO update for the contract just before `atUs` if the model quote moved, or if the
   * only quote sent so far arrives later (a requote drawn later in the same step).
   */
  private ensureQuote(c: SimContract, atUs: number): Nbbo {
    const q = this.quote(c, atUs);
    const at = atUs - 1;
    if (
      q.bid !== this.lastBid[c.index] ||
      q.ask !== this.lastAsk[c.index] ||
      at < (this.lastQuoteAt[c.index] ?? 0)
    ) {
      this.lastBid[c.index] = q.bid;
      this.lastAsk[c.index] = q.ask;
      this.lastQuoteAt[c.index] = Math.min(at, this.lastQuoteAt[c.index] ?? at);
      this.push(at, {
        type: 'option_quote',
        ts: usToNs(at),
        contract: c.key,
        bid: q.bid,
        ask: q.ask,
        bidSize: this.rng.int(1, 60) * 5,
        askSize: this.rng.int(1, 60) * 5,
      });
    }
    return q;
  }

  /** A contract of underlying `ui`: short-dated and near the money most often, OTM more than ITM. */
  private pickContract(ui: number, maxDte: number): SimContract {
    const chain = this.chains[ui]!;
    let e = chain.expiries[this.rng.pickCumulative(this.expiryCum[ui]!)]!;
    for (let tries = 0; e.day - this.sessionDay > maxDte && tries < 8; tries++) {
      e = chain.expiries[this.rng.pickCumulative(this.expiryCum[ui]!)]!;
    }
    const u = this.universe[ui]!;
    const spot = this.spots[ui] ?? u.spot;
    const years = Math.max(1 / 365, (e.day - this.sessionDay + 0.3) / 365);
    const call = this.rng.chance(0.56);
    const otm = this.rng.chance(0.75) ? 1 : -1;
    const m = this.rng.exponential(0.35 * u.atmVol * Math.sqrt(years) + 0.002);
    const k = spot * Math.exp((call ? 1 : -1) * otm * m);
    const si = nearest(e.strikes, k);
    return this.contracts[(call ? e.calls : e.puts)[si]!]!;
  }

  private venueFor(c: SimContract): string {
    return this.universe[c.underlying]?.symbol === 'SPX'
      ? 'XCBO'
      : VENUES[this.rng.pickCumulative(VENUE_CUM)]!;
  }

  private nextId(): string {
    this.ids += 1;
    return `${this.opts.seed.toString(36)}-${this.ids.toString(36)}`;
  }

  private print(
    c: SimContract,
    atUs: number,
    side: Side,
    size: number,
    venue: string,
    raw: string | undefined,
    bits: number,
    tsUs = atUs,
  ): void {
    const q = this.ensureQuote(c, atUs);
    const price = priceAt(q, side);
    const id = this.nextId();
    this.push(atUs, {
      type: 'option_trade',
      ts: usToNs(tsUs) as EpochNs,
      contract: c.key,
      price,
      size: Math.max(1, Math.round(size)),
      exchange: venue,
      conditions: bits,
      rawConditions: raw,
      id,
    });
    this.recentIds.push(id);
    if (this.recentIds.length > 2000) this.recentIds.splice(0, 1000);
  }

  private initiate(atUs: number): void {
    const pattern = PATTERNS[this.rng.pickCumulative(PATTERN_CUM)]!;
    const ui = this.rng.pickCumulative(this.optionCum);
    const patterns = this.patternGenerators();
    patterns[pattern](ui, atUs);
    if (this.rng.chance(CANCEL_SHARE) && this.recentIds.length > 0) {
      this.push(atUs + 5, { type: 'trade_cancel', ts: usToNs(atUs + 5), id: this.rng.pick(this.recentIds) });
    }
  }

  private generators: Record<SimPattern, (ui: number, atUs: number) => void> | null = null;
  private patternGenerators(): Record<SimPattern, (ui: number, atUs: number) => void> {
    if (this.generators) return this.generators;
    const r = this.rng;
    const sideDraw = (): Side => SIDES[r.pickCumulative(SIDE_CUM)]!;
    const buySell = (): Side => (r.chance(0.6) ? 'ask' : 'bid');
    const regular = (): [string | undefined, number] => {
      const x = r.next();
      if (x < 0.8) return ['I', 0];
      if (x < 0.9) return [undefined, 0];
      if (x < 0.93) return ['S', FLAG.ISO];
      if (x < 0.95) return ['a', FLAG.AUCTION];
      if (x < 0.96) return ['e', FLAG.FLOOR];
      if (x < 0.97) return ['n', FLAG.STOCK_TIED];
      return ['I', 0];
    };
    const sizeSingle = () => Math.min(2000, Math.floor(r.pareto(1, 1.15)));
    const isSpx = (ui: number) => this.universe[ui]?.symbol === 'SPX';
    const multiLeg = (): [string, number] =>
      r.chance(0.7) ? ['f', FLAG.MULTI_LEG] : ['g', FLAG.MULTI_LEG | FLAG.AUCTION];
    const flip = (s: Side): Side => (s === 'ask' ? 'bid' : 'ask');

    const sweep = (ui: number, atUs: number, golden: boolean) => {
      let c = this.pickContract(ui, 60);
      if (golden) {
        for (let i = 0; i < 20 && this.quote(c, atUs).ask < 2; i++) c = this.pickContract(ui, 60);
      }
      const side = golden ? 'ask' : buySell();
      const q = this.quote(c, atUs);
      const unit = Math.max(0.05, side === 'ask' ? q.ask : q.bid) * 100;
      const total = golden
        ? Math.ceil(1_050_000 / unit) + r.int(0, 400)
        : Math.min(5000, 40 + Math.floor(r.pareto(30, 1.3)));
      const venues = r.shuffle([...VENUES]).slice(0, r.int(golden ? 4 : 2, golden ? 10 : 8));
      const parts = partition(r, total, venues.length);
      let t = atUs;
      venues.forEach((v, i) => {
        this.print(c, t, side, parts[i]!, v, 'S', FLAG.ISO);
        t += r.exponential(250) + 1;
      });
    };

    this.generators = {
      single: (ui, atUs) => {
        const c = this.pickContract(ui, 900);
        const [raw, bits] = regular();
        const late = r.chance(LATE_SHARE / 0.925);
        if (late) {
          const tsUs = atUs - r.int(2_000, 90_000) * 1000;
          this.print(c, atUs, sideDraw(), sizeSingle(), this.venueFor(c), 'D', FLAG.LATE, tsUs);
          return;
        }
        this.print(c, atUs, sideDraw(), sizeSingle(), this.venueFor(c), raw, bits);
      },
      sweep: (ui, atUs) => sweep(isSpx(ui) ? 1 : ui, atUs, false),
      golden: (ui, atUs) => sweep(isSpx(ui) ? 1 : ui, atUs, true),
      split: (ui, atUs) => {
        const c = this.pickContract(ui, 60);
        const side = buySell();
        const venue = this.venueFor(c);
        const n = r.int(2, 5);
        const parts = partition(r, 20 + Math.floor(r.pareto(20, 1.3)), n);
        let t = atUs;
        for (let i = 0; i < n; i++) {
          this.print(c, t, side, parts[i]!, venue, 'I', 0);
          t += r.int(1_000, 20_000);
        }
      },
      block: (ui, atUs) => {
        const c = this.pickContract(ui, 400);
        const x = r.next();
        const [raw, bits]: [string, number] =
          x < 0.4 ? ['c', FLAG.CROSS] : x < 0.6 ? ['e', FLAG.FLOOR] : ['I', 0];
        const side: Side = r.pick(['ask', 'bid', 'mid'] as const);
        this.print(c, atUs, side, r.int(500, 5000), this.venueFor(c), raw, bits);
      },
      vertical: (ui, atUs) => {
        const a = this.pickContract(ui, 120);
        const e = this.expiryOf(a);
        const si = indexOf(e, a);
        const w = r.int(1, 4) * (r.chance(0.5) ? 1 : -1);
        const bIdx = (a.right === 'C' ? e.calls : e.puts)[clamp(si + w, 0, e.strikes.length - 1)]!;
        const b = this.contracts[bIdx]!;
        if (b === a) return;
        const [raw, bits] = multiLeg();
        const size = r.int(5, 500);
        const venue = this.venueFor(a);
        const side = buySell();
        this.print(a, atUs, side, size, venue, raw, bits);
        this.print(b, atUs + 1, flip(side), size, venue, raw, bits);
      },
      straddle: (ui, atUs) => {
        const a = this.pickContract(ui, 120);
        const e = this.expiryOf(a);
        const si = indexOf(e, a);
        const strangle = r.chance(0.4);
        const spot = this.spots[ui] ?? 0;
        const atm = nearest(e.strikes, spot);
        const callIdx = strangle ? clamp(atm + r.int(1, 4), 0, e.strikes.length - 1) : si;
        const putIdx = strangle ? clamp(atm - r.int(1, 4), 0, e.strikes.length - 1) : callIdx;
        const [raw, bits] = multiLeg();
        const size = r.int(5, 800);
        const side = buySell();
        const venue = this.venueFor(a);
        this.print(this.contracts[e.calls[callIdx]!]!, atUs, side, size, venue, raw, bits);
        this.print(this.contracts[e.puts[putIdx]!]!, atUs + 1, side, size, venue, raw, bits);
      },
      roll: (ui, atUs) => {
        const a = this.pickContract(ui, 30);
        const chain = this.chains[ui]!;
        const later = chain.expiries.filter((x) => x.day > a.expiryDay && x.day - a.expiryDay <= 70);
        if (later.length === 0) return;
        const e2 = r.pick(later);
        const si = nearest(e2.strikes, a.strike);
        const b = this.contracts[(a.right === 'C' ? e2.calls : e2.puts)[si]!]!;
        const [raw, bits] = multiLeg();
        const size = r.int(10, 1500);
        const venue = this.venueFor(a);
        this.print(a, atUs, 'bid', size, venue, raw, bits);
        this.print(b, atUs + 1, 'ask', size, venue, raw, bits);
      },
      ladder: (ui, atUs) => {
        const a = this.pickContract(ui, 60);
        const e = this.expiryOf(a);
        const si = indexOf(e, a);
        const n = r.int(3, 5);
        const dir = r.chance(0.5) ? 1 : -1;
        const side = buySell();
        const size = r.int(10, 300);
        let t = atUs;
        for (let i = 0; i < n; i++) {
          const k = clamp(si + dir * i, 0, e.strikes.length - 1);
          const c = this.contracts[(a.right === 'C' ? e.calls : e.puts)[k]!]!;
          const [raw, bits] = r.chance(0.5) ? ['S', FLAG.ISO] : ['I', 0];
          this.print(c, t, side, size + r.int(-5, 5), this.venueFor(c), raw, bits);
          t += r.int(20_000, 300_000);
        }
      },
    };
    return this.generators;
  }

  private expiryOf(c: SimContract) {
    const e = this.chains[c.underlying]!.expiries.find((x) => x.day === c.expiryDay);
    if (!e) throw new Error(`no expiry for ${c.key}`);
    return e;
  }
}

const byArrival = (a: Pending, b: Pending) => a.at - b.at || a.seq - b.seq;
const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));
const round2 = (x: number) => Math.round(x * 100) / 100;

function indexOf(e: { strikes: Float64Array }, c: SimContract): number {
  return nearest(e.strikes, c.strike);
}

function priceAt(q: Nbbo, side: Side): number {
  const { bid, ask, tick } = q;
  // With no bid, nothing trades below the offer: a zero-bid option only prints at the ask.
  if (bid <= 0) return ask;
  const floor = tick;
  switch (side) {
    case 'ask':
      return ask;
    case 'bid':
      return Math.max(floor, bid);
    case 'mid':
      return Math.max(floor, round2((bid + ask) / 2));
    case 'to_ask':
      return Math.max(floor, round2(bid + 0.75 * (ask - bid)));
    case 'to_bid':
      return Math.max(floor, round2(bid + 0.25 * (ask - bid)));
    case 'above':
      return round2(ask + tick);
    case 'below':
      return Math.max(floor, round2(bid - tick));
  }
}

function partition(r: Prng, total: number, n: number): number[] {
  const w = Array.from({ length: n }, () => 0.3 + r.next());
  const s = w.reduce((a, b) => a + b, 0);
  const parts = w.map((x) => Math.max(1, Math.floor((x / s) * total)));
  parts[0] = Math.max(1, (parts[0] ?? 1) + total - parts.reduce((a, b) => a + b, 0));
  return parts;
}
