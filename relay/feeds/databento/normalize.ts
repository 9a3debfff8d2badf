import type { EpochNs, FeedEvent, FeedState, IsoDate } from '../../../engine/index.ts';
import { nyDateOf } from '../../../engine/index.ts';
import { type DbnMetadata, type DbnRecord, UNDEF_PRICE, UNDEF_TIMESTAMP } from './dbn.ts';
import { bump } from '../feed-stats.ts';

/** OPRA.PILLAR publisher IDs → venue MIC (databento.md §3); 30 is OPRA's consolidated feed. */
const PUBLISHERS: Readonly<Record<number, string>> = {
  20: 'AMXO',
  21: 'XBOX',
  22: 'XCBO',
  23: 'EMLD',
  24: 'EDGO',
  25: 'GMNI',
  26: 'XISX',
  27: 'MCRY',
  28: 'XMIO',
  29: 'ARCO',
  30: 'OPRA',
  31: 'MPRL',
  32: 'XNDQ',
  33: 'XBXO',
  34: 'C2OX',
  35: 'XPHL',
  36: 'BATO',
  37: 'MXOP',
  61: 'SPHR',
};
const OPEN_INTEREST = 9;
const UNDEF_I32 = 2147483647;
const PRICE_SCALE = 1e9;

export interface DbnNormalizeStats {
  unknownPublishers: Map<number, number>;
  unmappedInstruments: number;
  ignored: Map<string, number>;
}

const px = (v: bigint) => Number(v) / PRICE_SCALE;

/**
 * DBN records of OPRA.PILLAR → normalized events. Instruments are named by the metadata's symbol
 * mappings, SymbolMappingMsg records and definitions; trades (`trades`, `tbbo`, `tcbbo`, `cmbp-1`)
 * become option prints, consolidated BBOs (`cmbp-1`, `tcbbo`, `cbbo`, `bbo`) and the best of the
 * per-venue books (`mbp-1`) become NBBO quotes, and open-interest statistics become open_interest
 * events. DBN carries no OPRA trade condition, so prints have no flags (docs/feeds.md).
 */
export class DbnNormalizer {
  readonly stats: DbnNormalizeStats = {
    unknownPublishers: new Map(),
    unmappedInstruments: 0,
    ignored: new Map(),
  };
  private readonly symbols = new Map<number, string>();
  private readonly multipliers = new Map<number, number>();
  private readonly venueBooks = new Map<number, Map<number, [number, number, number, number]>>();
  private readonly lastNbbo = new Map<number, string>();
  private readonly oiSent = new Set<string>();

  constructor(metadata?: DbnMetadata | null) {
    if (metadata) this.metadata(metadata);
  }

  /** Instrument names from a stream's metadata header (mapped symbol = instrument id). */
  metadata(m: DbnMetadata): void {
    for (const [raw, intervals] of m.mappings)
      for (const [, , id] of intervals) if (/^\d+$/.test(id)) this.symbols.set(Number(id), raw);
  }

  events(records: readonly DbnRecord[]): FeedEvent[] {
    const out: FeedEvent[] = [];
    for (const r of records) this.one(r, out);
    return out;
  }

  private venue(id: number): string {
    const mic = PUBLISHERS[id];
    if (mic) return mic;
    bump(this.stats.unknownPublishers, id);
    return `databento:${id}`;
  }

  private contract(id: number): string | null {
    const s = this.symbols.get(id);
    if (s === undefined) this.stats.unmappedInstruments += 1;
    return s ?? null;
  }

  private quote(
    out: FeedEvent[],
    id: number,
    ts: bigint,
    bid: bigint,
    ask: bigint,
    bsz: number,
    asz: number,
  ) {
    if (bid === UNDEF_PRICE || ask === UNDEF_PRICE || ts === UNDEF_TIMESTAMP) return;
    const contract = this.contract(id);
    if (contract === null) return;
    const key = `${bid}|${ask}|${bsz}|${asz}`;
    if (this.lastNbbo.get(id) === key) return;
    this.lastNbbo.set(id, key);
    out.push({
      type: 'option_quote',
      ts: ts as EpochNs,
      contract,
      bid: px(bid),
      ask: px(ask),
      bidSize: bsz,
      askSize: asz,
    });
  }

  private trade(out: FeedEvent[], r: DbnRecord & { price: bigint; size: number; sequence?: number }) {
    if (r.price === UNDEF_PRICE || r.size === 0) return;
    const contract = this.contract(r.instrumentId);
    if (contract === null) return;
    out.push({
      type: 'option_trade',
      ts: r.tsEvent as EpochNs,
      contract,
      price: px(r.price),
      size: r.size,
      exchange: this.venue(r.publisherId),
      conditions: 0,
      id: `${r.instrumentId}:${r.publisherId}:${r.sequence ?? r.tsEvent}`,
    });
  }

  private one(r: DbnRecord, out: FeedEvent[]): void {
    switch (r.kind) {
      case 'symbolMapping':
        if (r.stypeOutSymbol) this.symbols.set(r.instrumentId, r.stypeOutSymbol);
        return;
      case 'definition':
        if (r.rawSymbol) this.symbols.set(r.instrumentId, r.rawSymbol);
        if (r.contractMultiplier !== UNDEF_I32 && r.contractMultiplier > 0)
          this.multipliers.set(r.instrumentId, r.contractMultiplier);
        return;
      case 'trade':
        if (r.action === 'T') this.trade(out, r);
        return;
      case 'mbp1': {
        // tbbo: the trade with its venue's book before it. mbp-1: one venue's book; the NBBO is
        // the best bid and offer across venues.
        const books = this.venueBooks.get(r.instrumentId) ?? new Map();
        this.venueBooks.set(r.instrumentId, books);
        if (r.bidPx === UNDEF_PRICE && r.askPx === UNDEF_PRICE) books.delete(r.publisherId);
        else
          books.set(r.publisherId, [
            r.bidPx === UNDEF_PRICE ? NaN : px(r.bidPx),
            r.bidSz,
            r.askPx === UNDEF_PRICE ? NaN : px(r.askPx),
            r.askSz,
          ]);
        if (r.action !== 'T') {
          let bid = -Infinity;
          let ask = Infinity;
          let bsz = 0;
          let asz = 0;
          for (const [b, bs, a, as] of books.values()) {
            if (b > bid) [bid, bsz] = [b, bs];
            else if (b === bid) bsz += bs;
            if (a < ask) [ask, asz] = [a, as];
            else if (a === ask) asz += as;
          }
          if (Number.isFinite(bid) && Number.isFinite(ask))
            this.quote(
              out,
              r.instrumentId,
              r.tsEvent,
              BigInt(Math.round(bid * PRICE_SCALE)),
              BigInt(Math.round(ask * PRICE_SCALE)),
              bsz,
              asz,
            );
        } else this.trade(out, r);
        return;
      }
      case 'consolidated': {
        const cbbo = r.rtype >= 0xc0 && r.rtype !== 0xc2;
        // A CBBO/BBO row is a snapshot at the interval's end (ts_recv); its price is the last trade's.
        this.quote(out, r.instrumentId, cbbo ? r.tsRecv : r.tsEvent, r.bidPx, r.askPx, r.bidSz, r.askSz);
        if (!cbbo && r.action === 'T') this.trade(out, r);
        return;
      }
      case 'statistics': {
        if (r.statType !== OPEN_INTEREST || r.updateAction !== 1 || r.quantity === UNDEF_PRICE) return;
        const contract = this.contract(r.instrumentId);
        if (contract === null) return;
        const date = nyDateOf(Number(r.tsEvent / 1_000_000n)) as IsoDate;
        const key = `${r.instrumentId}|${date}|${r.quantity}`;
        if (this.oiSent.has(key)) return; // every venue reports the same figure
        this.oiSent.add(key);
        const m = this.multipliers.get(r.instrumentId);
        out.push({
          type: 'open_interest',
          ts: r.tsEvent as EpochNs,
          date,
          contract,
          oi: Number(r.quantity),
          ...(m ? { multiplier: m } : {}),
        });
        return;
      }
      case 'error':
        out.push(this.status('error', `databento: ${r.message} (code ${r.code})`, r.tsEvent));
        return;
      case 'system':
        if (r.code !== 0) out.push(this.status('info', `databento: ${r.message}`, r.tsEvent));
        return;
      default:
        bump(this.stats.ignored, `${r.kind}:0x${r.rtype.toString(16)}`);
    }
  }

  private status(status: FeedState, message: string, ts: bigint): FeedEvent {
    return { type: 'status', ts: (ts === UNDEF_TIMESTAMP ? 0n : ts) as EpochNs, status, message };
  }
}
