import { FLAG_BIT } from '../events/conditions.ts';
import { classify } from './classify.ts';
import {
  compareFlows,
  type Evidence,
  type FlowKind,
  FlowNode,
  patternFlowId,
  printFlowId,
  SINGLE_RULE,
} from './flow-node.ts';
import { comparePrints, type FlowPrint } from './flow-print.ts';
import { GapChains, type Group, type GroupChanges } from './gap-chains.ts';
import { type FlowParams, resolveFlowParams } from './params.ts';
import { SealedIds } from './sealed-ids.ts';
import { type Leg, readStrategy, reduceRatio, sortLegs } from './strategy.ts';

/** What one flush changed: flows to delete by id, then flows to (re)write. */
export interface FlowChanges {
  readonly removed: Set<number>;
  readonly upserted: FlowNode[];
  /** This write's number: write numbers only grow, over the builder's life (parameter changes too). */
  readonly written: number;
  /** The earliest write any removed flow's rows came from (`written` when none is removed). */
  readonly since: number;
}

const SEPARATE = FLAG_BIT.FLOOR | FLAG_BIT.CROSS;

const sentimentOf = (right: 'C' | 'P', side: 'buy' | 'sell' | null) =>
  side === null ? 'neutral' : (right === 'C') === (side === 'buy') ? 'bullish' : 'bearish';

const changes = <T extends { t0: number; t1: number }>(): GroupChanges<T> => ({ removed: [], added: [] });

interface HistoryEntry {
  readonly node: FlowNode;
  readonly t0: number;
  readonly day: number;
  readonly size: number;
  /** Whole cents, so per-day totals are exact whatever order they are summed in. */
  readonly premiumCents: number;
  /** Only single-contract orders are classified against their contract's history. */
  readonly order: boolean;
}

/** A contract's orders and package legs in time order, with per-day totals for the unusual tag. */
class ContractHistory {
  readonly entries: HistoryEntry[] = [];
  readonly days = new Map<number, { count: number; premiumCents: number; size: number }>();
  changedFrom = Infinity;

  add(e: HistoryEntry): void {
    const a = this.entries;
    let i = a.length;
    while (i > 0 && compareEntries(a[i - 1]!, e) > 0) i--;
    a.splice(i, 0, e);
    this.bump(e, 1);
  }

  remove(node: FlowNode): void {
    const a = this.entries;
    for (let i = a.length - 1; i >= 0; i--) {
      if (a[i]!.node === node) {
        this.bump(a[i]!, -1);
        a.splice(i, 1);
        break;
      }
    }
    if (node.t0 < this.changedFrom) this.changedFrom = node.t0;
  }

  /** Drops sealed entries that start before `before`; the per-day totals keep counting them. */
  seal(before: number): void {
    const a = this.entries;
    let i = 0;
    while (i < a.length && a[i]!.t0 < before && a[i]!.node.sealed) i++;
    if (i > 0) a.splice(0, i);
  }

  private bump(e: HistoryEntry, sign: 1 | -1): void {
    let d = this.days.get(e.day);
    if (d === undefined) {
      d = { count: 0, premiumCents: 0, size: 0 };
      this.days.set(e.day, d);
    }
    d.count += sign;
    d.premiumCents += sign * e.premiumCents;
    d.size += sign * e.size;
    if (e.t0 < this.changedFrom) this.changedFrom = e.t0;
  }
}

/** The gap-chain lanes of one contract and side: its orders, repeated hits and ladders. */
interface ContractLanes {
  readonly order: string;
  readonly repeated: string;
  readonly ladder: string | null;
}

const compareEntries = (a: HistoryEntry, b: HistoryEntry) => a.t0 - b.t0 || a.node.id - b.node.id;

/**
 * Clusters enriched prints into flows and classifies them, incrementally. Every flow is a function of
 * the set of live (not cancelled) prints, never of arrival order or batch boundaries: a late print
 * joins the group it falls in, a cancel removes its print and regroups what is left, so a tape
 * received live, replayed, reordered within a timestamp or stripped of its cancelled prints gives the
 * same flows. Stages: multi-leg packages (flagged, or inferred from one venue and instant), then
 * single-contract orders, then patterns of orders (repeated hits, ladders), then tags.
 */
export class FlowBuilder {
  private p: FlowParams;
  private ml!: GapChains<FlowPrint>;
  private inst!: GapChains<FlowPrint>;
  private ord!: GapChains<FlowPrint>;
  private sgl!: GapChains<FlowPrint>;
  private rep!: GapChains<FlowNode>;
  private lad!: GapChains<FlowNode>;
  private byGroup = new Map<Group<FlowPrint> | Group<FlowNode>, FlowNode | null>();
  private history = new Map<string, ContractHistory>();
  private readonly touched = new Set<ContractHistory>();
  private dirty = new Set<FlowNode>();
  private removed = new Set<number>();
  /** Flows whose rows are written, by id: the write number of those rows. */
  private emitted = new Map<number, number>();
  private writes = 0;
  /** Lane keys by contract and side, and by underlying and venue: made once, not per print. */
  private contractLanes = new Map<string, ContractLanes[]>();
  private venueLanes = new Map<string, Map<string, string>>();
  /** Live prints by print id (for cancels), until they are sealed. */
  private byId = new Map<string, FlowPrint[]>();
  /** Ids of the prints sealed since the last reset, for cancels of an id a sealed and a held print share. */
  private readonly sealedIds = new SealedIds();
  /** Latest print time added (ms) and the seal boundary last applied. */
  private latest = -Infinity;
  private sealedBefore = -Infinity;

  constructor(params: Partial<FlowParams> = {}) {
    this.p = resolveFlowParams(params);
    this.reset();
  }

  get parameters(): FlowParams {
    return this.p;
  }

  private reset(): void {
    const p = this.p;
    this.ml = new GapChains(p.legGapMs, comparePrints, p.maxPackagePrints);
    this.inst = new GapChains(0, comparePrints, p.maxPackagePrints);
    this.ord = new GapChains(p.sweepGapMs, comparePrints, p.maxOrderPrints);
    // Floor and cross prints are each their own order: a gap below zero never chains.
    this.sgl = new GapChains(-1, comparePrints);
    this.rep = new GapChains(p.repeatedGapMs, compareFlows, p.repeatedMaxOrders);
    this.lad = new GapChains(p.ladderGapMs, compareFlows, p.ladderMaxOrders);
    this.byGroup = new Map();
    this.history = new Map();
    this.contractLanes = new Map();
    this.venueLanes = new Map();
    this.touched.clear();
    this.dirty = new Set();
    this.byId = new Map();
    this.sealedIds.clear();
    this.latest = -Infinity;
    this.sealedBefore = -Infinity;
  }

  add(print: FlowPrint): void {
    if (print.t0 > this.latest) this.latest = print.t0;
    if (print.id !== null) {
      const same = this.byId.get(print.id);
      if (same === undefined) this.byId.set(print.id, [print]);
      else same.push(print);
    }
    this.route(print, true);
  }

  /**
   * Removes the prints a trade_cancel names that arrived before it (rid ≤ upTo). Returns the row ids
   * of those it held, for the caller to mark, and whether a sealed print may have the id too, when
   * the caller also marks by id (every print of that id up to the cancel).
   */
  cancel(id: string, upTo: number): { readonly rids: readonly number[]; readonly sealed: boolean } {
    const sealed = this.sealedIds.mayHold(id);
    const prints = this.byId.get(id);
    if (prints === undefined) return { rids: [], sealed };
    const rids: number[] = [];
    const kept = prints.filter((pr) => {
      if (pr.rid > upTo) return true;
      this.route(pr, false);
      rids.push(pr.rid);
      return false;
    });
    if (kept.length === 0) this.byId.delete(id);
    else this.byId.set(id, kept);
    return { rids, sealed };
  }

  /**
   * New parameters start the builder over, empty: the caller adds every live print again, in arrival
   * order, and clears the flows it wrote before (the next flush returns every flow as new). Prints
   * are not kept here for that; the engine reads them back from `_option_trades`.
   */
  setParams(params: Partial<FlowParams>): void {
    this.p = resolveFlowParams(params);
    this.reset();
    this.removed.clear();
    this.emitted.clear();
  }

  /** Prints held in memory (not yet sealed). */
  get heldPrints(): number {
    return this.ml.size + (this.p.inferLegs ? this.inst.size : this.ord.size + this.sgl.size);
  }

  /** How far behind the latest print flows are sealed (ms): flowHorizonMs, or a longer grouping gap. */
  get horizonMs(): number {
    const p = this.p;
    return Math.max(p.flowHorizonMs, p.ladderGapMs, p.repeatedGapMs);
  }

  private route(pr: FlowPrint, insert: boolean): void {
    let byVenue = this.venueLanes.get(pr.underlying);
    if (byVenue === undefined) {
      byVenue = new Map();
      this.venueLanes.set(pr.underlying, byVenue);
    }
    let lane = byVenue.get(pr.exchange);
    if (lane === undefined) {
      lane = `${pr.underlying}|${pr.exchange}`;
      byVenue.set(pr.exchange, lane);
    }
    if ((pr.bits & FLAG_BIT.MULTI_LEG) !== 0) this.put(this.ml, lane, pr, insert);
    else if (this.p.inferLegs) this.put(this.inst, lane, pr, insert);
    else this.toOrders(pr, insert);
  }

  private put<T extends { t0: number; t1: number }>(c: GapChains<T>, lane: string, x: T, insert: boolean) {
    if (insert) c.insert(lane, x);
    else c.remove(lane, x);
  }

  private toOrders(pr: FlowPrint, insert: boolean): void {
    if ((pr.bits & SEPARATE) !== 0) this.put(this.sgl, pr.contract, pr, insert);
    else this.put(this.ord, this.lanesOf(pr, pr.aggressor).order, pr, insert);
  }

  private lanesOf(pr: FlowPrint, side: 'buy' | 'sell' | null): ContractLanes {
    let bySide = this.contractLanes.get(pr.contract);
    if (bySide === undefined) {
      bySide = [];
      this.contractLanes.set(pr.contract, bySide);
    }
    const k = side === 'buy' ? 0 : side === 'sell' ? 1 : 2;
    let lanes = bySide[k];
    if (lanes === undefined) {
      lanes = {
        order: `${pr.contract}|${side ?? '-'}`,
        repeated: `r|${pr.contract}|${side ?? '-'}`,
        ladder: side === null ? null : `l|${pr.underlying}|${pr.expiry}|${pr.right}|${side}`,
      };
      bySide[k] = lanes;
    }
    return lanes;
  }

  /** Applies everything added or cancelled since the last flush. */
  flush(): FlowChanges {
    const p = this.p;
    const a = changes<FlowPrint>();
    this.ml.flush(a);
    for (const g of a.removed) this.drop(g);
    for (const g of a.added) this.keep(g, this.makePackage(g, false));
    const b = changes<FlowPrint>();
    this.inst.flush(b);
    for (const g of b.removed) {
      if (this.byGroup.get(g) === null) for (const pr of g.items) this.toOrders(pr, false);
      this.drop(g);
    }
    for (const g of b.added) {
      const pkg = this.inferredPackage(g);
      this.keep(g, pkg);
      if (pkg === null) for (const pr of g.items) this.toOrders(pr, true);
    }

    const o = changes<FlowPrint>();
    this.ord.flush(o);
    this.sgl.flush(o);
    for (const g of o.removed) this.drop(g);
    for (const g of o.added) this.keep(g, this.makeOrder(g));

    const r = changes<FlowNode>();
    this.rep.flush(r);
    this.lad.flush(r);
    for (const g of r.removed) this.drop(g);
    for (const g of r.added) {
      const pattern = g.lane.startsWith('r|') ? this.makeRepeated(g) : this.makeLadder(g);
      this.keep(g, pattern);
    }

    for (const h of this.touched) this.replayHistory(h);
    this.touched.clear();

    const upserted: FlowNode[] = [];
    const ids = new Set<number>();
    for (const n of this.dirty) {
      if (!n.alive) continue;
      classify(n, p);
      upserted.push(n);
      ids.add(n.id);
    }
    // Rows to delete: removed flows that were written, and written flows about to be rewritten.
    const written = this.writes++;
    let since = written;
    const removed = new Set<number>();
    const remove = (id: number, at: number) => {
      removed.add(id);
      if (at < since) since = at;
    };
    for (const id of this.removed) {
      const at = this.emitted.get(id);
      if (at === undefined) continue;
      remove(id, at);
      if (!ids.has(id)) this.emitted.delete(id);
    }
    for (const id of ids) {
      const at = this.emitted.get(id);
      if (at !== undefined) remove(id, at);
      this.emitted.set(id, written);
    }
    this.removed = new Set();
    this.dirty = new Set();
    // Sealing every quarter horizon keeps at most 1.25 horizons of prints in memory.
    const before = this.latest - this.horizonMs;
    if (before - this.sealedBefore >= this.horizonMs / 4) this.seal(before);
    return { removed, upserted, written, since };
  }

  /**
   * Flows that ended before `before` are final: their groups, prints and nodes leave memory, so a
   * day of prints is held in bounded memory. A print or cancel that reaches back past the seal joins
   * or changes only what is still open (docs/classifiers.md, "Sealing").
   */
  private seal(before: number): void {
    this.sealedBefore = before;
    const sealGroup = (g: Group<FlowPrint> | Group<FlowNode>) => {
      const node = this.byGroup.get(g);
      this.byGroup.delete(g);
      if (node === undefined || node === null) return;
      node.sealed = true;
      this.emitted.delete(node.id);
    };
    for (const c of [this.ml, this.inst, this.ord, this.sgl]) c.evict(before, sealGroup);
    for (const c of [this.rep, this.lad]) c.evict(before, sealGroup);
    this.byId.forEach((prints, id) => {
      if (prints.length === 1) {
        if (prints[0]!.t0 < before) {
          this.byId.delete(id);
          this.sealedIds.add(id);
        }
        return;
      }
      const kept = prints.filter((pr) => pr.t0 >= before);
      if (kept.length === prints.length) return;
      this.sealedIds.add(id);
      if (kept.length === 0) this.byId.delete(id);
      else this.byId.set(id, kept);
    });
    const lookBack = before - this.p.sweepFloorWindowMs;
    this.history.forEach((h) => h.seal(lookBack));
  }

  private keep(g: Group<FlowPrint> | Group<FlowNode>, node: FlowNode | null): void {
    this.byGroup.set(g, node);
    if (node === null) return;
    this.dirty.add(node);
    const single = node.extra.legs === undefined && node.extra.members === undefined;
    if (single) {
      const separate = (node.first.bits & SEPARATE) !== 0;
      const pr = node.first;
      if (!separate) {
        const lanes = this.lanesOf(pr, node.side);
        this.rep.insert(lanes.repeated, node);
        if (lanes.ladder !== null) this.lad.insert(lanes.ladder, node);
      }
      this.historyOf(pr.contract).add({
        node,
        t0: node.t0,
        day: pr.tradeDate,
        size: node.size,
        premiumCents: Math.round(node.premium * 100),
        order: true,
      });
    } else if (node.extra.legs !== undefined) {
      for (const leg of node.extra.legs)
        this.historyOf(leg.contract).add({
          node,
          t0: node.t0,
          day: node.first.tradeDate,
          size: leg.size,
          premiumCents: Math.round(leg.premium * 100),
          order: false,
        });
    } else {
      for (const m of node.extra.members ?? []) {
        (m.patterns ??= new Set()).add(node);
        this.dirty.add(m);
      }
    }
  }

  private drop(g: Group<FlowPrint> | Group<FlowNode>): void {
    const node = this.byGroup.get(g);
    this.byGroup.delete(g);
    if (node === undefined || node === null) return;
    node.alive = false;
    this.removed.add(node.id);
    const single = node.extra.legs === undefined && node.extra.members === undefined;
    if (single) {
      const pr = node.first;
      if ((pr.bits & SEPARATE) === 0) {
        const lanes = this.lanesOf(pr, node.side);
        this.rep.remove(lanes.repeated, node);
        if (lanes.ladder !== null) this.lad.remove(lanes.ladder, node);
      }
      this.historyOf(pr.contract).remove(node);
    } else if (node.extra.legs !== undefined) {
      for (const leg of node.extra.legs) this.historyOf(leg.contract).remove(node);
    } else {
      for (const m of node.extra.members ?? []) {
        m.patterns?.delete(node);
        if (m.alive) this.dirty.add(m);
      }
    }
  }

  /** A contract's history, noted as touched: its later orders are revisited at the flush. */
  private historyOf(contract: string): ContractHistory {
    let h = this.history.get(contract);
    if (h === undefined) {
      h = new ContractHistory();
      this.history.set(contract, h);
    }
    this.touched.add(h);
    return h;
  }

  /** Recomputes history-based facts of the orders at or after the earliest change in a contract. */
  private replayHistory(h: ContractHistory): void {
    const from = h.changedFrom;
    h.changedFrom = Infinity;
    const a = h.entries;
    let s = a.length;
    while (s > 0 && a[s - 1]!.t0 >= from) s--;
    // Totals before index s, per day: the day's total less what lies from s on.
    const before = new Map<number, { count: number; premiumCents: number; size: number }>();
    for (const [day, d] of h.days) before.set(day, { ...d });
    for (let i = s; i < a.length; i++) {
      const d = before.get(a[i]!.day)!;
      d.count -= 1;
      d.premiumCents -= a[i]!.premiumCents;
      d.size -= a[i]!.size;
    }
    const window = this.p.sweepFloorWindowMs;
    let i = s;
    while (i < a.length) {
      // Entries at one instant share the same "earlier" set.
      let j = i;
      while (j < a.length && a[j]!.t0 === a[i]!.t0) j++;
      for (let k = i; k < j; k++) {
        const e = a[k]!;
        if (!e.order) continue;
        const d = before.get(e.day)!;
        e.node.history = { count: d.count, premium: d.premiumCents / 100, size: d.size };
        if ((e.node.first.bits & FLAG_BIT.FLOOR) !== 0)
          e.node.afterSweep = this.sweepBefore(a, i, e.t0, window);
        this.dirty.add(e.node);
      }
      for (let k = i; k < j; k++) {
        const d = before.get(a[k]!.day)!;
        d.count += 1;
        d.premiumCents += a[k]!.premiumCents;
        d.size += a[k]!.size;
      }
      i = j;
    }
  }

  private sweepBefore(a: readonly HistoryEntry[], end: number, t: number, window: number): FlowNode | null {
    for (let k = end - 1; k >= 0; k--) {
      const e = a[k]!;
      if (e.t0 < t - window) break;
      if (e.node.kind === 'sweep' && e.node.t1 <= t && e.node.t1 >= t - window) return e.node;
    }
    return null;
  }

  private makeOrder(g: Group<FlowPrint>): FlowNode {
    const p = this.p;
    const prints = g.items;
    const pr = prints[0]!;
    let kind: FlowKind;
    let ev: Evidence;
    let size = 0;
    let premium = 0;
    let maxGap = 0;
    let iso = 0;
    for (let i = 0; i < prints.length; i++) {
      const x = prints[i]!;
      size += x.size;
      premium += x.premium;
      if ((x.bits & FLAG_BIT.ISO) !== 0) iso++;
      if (i > 0) maxGap = Math.max(maxGap, x.t0 - prints[i - 1]!.t0);
    }
    const cross = (pr.bits & FLAG_BIT.CROSS) !== 0;
    const big = size >= p.blockMinSize || premium >= p.blockMinPremium;
    if (prints.length === 1 && (cross || big)) {
      kind = 'block';
      ev = {
        rule: cross
          ? 'one cross (negotiated) print'
          : 'one print with size ≥ blockMinSize or premium ≥ blockMinPremium',
        params: { blockMinSize: p.blockMinSize, blockMinPremium: p.blockMinPremium },
        values: { size, premium: Math.round(premium * 100) / 100, cross },
      };
    } else if (prints.length === 1) {
      kind = 'single';
      ev = { rule: SINGLE_RULE, params: {}, values: { size } };
    } else {
      const venues = new Set<string>();
      for (const x of prints) venues.add(x.exchange);
      kind = venues.size >= p.sweepMinVenues ? 'sweep' : 'split';
      ev = {
        rule:
          kind === 'sweep'
            ? 'prints in one contract on one side, each within sweepGapMs of the last, on ≥ sweepMinVenues venues'
            : 'prints in one contract on one side, each within sweepGapMs of the last, on one venue',
        params: { sweepGapMs: p.sweepGapMs, sweepMinVenues: p.sweepMinVenues },
        values: {
          prints: prints.length,
          venues: venues.size,
          max_gap_ms: Math.round(maxGap * 1000) / 1000,
          span_ms: Math.round((g.t1 - g.t0) * 1000) / 1000,
          iso_prints: iso,
        },
      };
    }
    const side = pr.aggressor;
    return new FlowNode(
      printFlowId('o', g.lane, pr),
      kind,
      pr.underlying,
      prints,
      side,
      sentimentOf(pr.right, side),
      ev,
      { windowMs: (pr.bits & SEPARATE) !== 0 ? 0 : p.sweepGapMs },
    );
  }

  private legsOf(prints: readonly FlowPrint[]): Leg[] {
    const by = new Map<
      string,
      { prints: FlowPrint[]; size: number; premium: number; buy: number; sell: number }
    >();
    for (const x of prints) {
      let l = by.get(x.contract);
      if (l === undefined) {
        l = { prints: [], size: 0, premium: 0, buy: 0, sell: 0 };
        by.set(x.contract, l);
      }
      l.prints.push(x);
      l.size += x.size;
      l.premium += x.premium;
      if (x.aggressor === 'buy') l.buy += x.size;
      else if (x.aggressor === 'sell') l.sell += x.size;
    }
    return sortLegs(
      [...by.values()].map((l) => {
        const x = l.prints[0]!;
        return {
          contract: x.contract,
          right: x.right,
          strike: x.strike,
          expiry: x.expiry,
          size: l.size,
          premium: l.premium,
          side: l.buy > l.sell ? 'buy' : l.sell > l.buy ? 'sell' : null,
          delta: x.delta,
          oi: x.oi,
        } satisfies Leg;
      }),
    );
  }

  /** Unflagged prints of one underlying on one venue at one instant: a package if sizes are in ratio. */
  private inferredPackage(g: Group<FlowPrint>): FlowNode | null {
    if (g.items.length < 2) return null;
    const contracts = new Set(g.items.map((x) => x.contract));
    if (contracts.size < 2) return null;
    const legs = this.legsOf(g.items);
    const ratio = reduceRatio(legs.map((l) => l.size));
    if (Math.max(...ratio) > this.p.inferredLegMaxRatio) return null;
    return this.makePackage(g, true, legs);
  }

  private makePackage(g: Group<FlowPrint>, inferred: boolean, legs = this.legsOf(g.items)): FlowNode {
    const p = this.p;
    const read = readStrategy(legs, p);
    const ev: Evidence = {
      rule: inferred
        ? `unflagged prints in ${legs.length} contracts of one underlying on one venue at one instant, sizes in ratio ≤ inferredLegMaxRatio: ${read.why}`
        : `prints flagged multi-leg on one venue within legGapMs: ${read.why}`,
      params: inferred
        ? { inferredLegMaxRatio: p.inferredLegMaxRatio, strategyDeltaBand: p.strategyDeltaBand }
        : {
            legGapMs: p.legGapMs,
            strategyDeltaBand: p.strategyDeltaBand,
            rollSizeTolerance: p.rollSizeTolerance,
          },
      values: {
        legs: legs.length,
        ratio: read.ratio.join(':'),
        net_delta: read.netDelta === null ? null : Math.round(read.netDelta * 1e4) / 1e4,
        leg_sides: legs.map((l) => `${l.contract} ${l.side ?? '?'}`).join(', '),
      },
    };
    return new FlowNode(
      printFlowId('m', g.lane, g.items[0]!),
      'multi_leg',
      g.items[0]!.underlying,
      g.items,
      read.side,
      read.sentiment,
      ev,
      {
        strategy: read.strategy,
        legs,
        netDelta: read.netDelta,
        inferred,
        windowMs: inferred ? 0 : p.legGapMs,
      },
    );
  }

  private pattern(kind: 'repeated' | 'ladder', g: Group<FlowNode>, ev: Evidence, windowMs: number): FlowNode {
    const members = g.items;
    const prints = members.flatMap((m) => m.prints).sort(comparePrints);
    const m0 = members[0]!;
    return new FlowNode(
      patternFlowId(g.lane, m0.id),
      kind,
      m0.underlying,
      prints,
      m0.side,
      m0.sentiment,
      ev,
      { members, windowMs },
    );
  }

  private makeRepeated(g: Group<FlowNode>): FlowNode | null {
    const p = this.p;
    if (g.items.length < p.repeatedMinOrders) return null;
    return this.pattern(
      'repeated',
      g,
      {
        rule: '≥ repeatedMinOrders orders in one contract on one side, each within repeatedGapMs of the last',
        params: { repeatedGapMs: p.repeatedGapMs, repeatedMinOrders: p.repeatedMinOrders },
        values: { orders: g.items.length, span_ms: Math.round((g.t1 - g.t0) * 1000) / 1000 },
      },
      p.repeatedGapMs,
    );
  }

  private makeLadder(g: Group<FlowNode>): FlowNode | null {
    const p = this.p;
    // Fewer orders than ladderMinStrikes cannot cover that many strikes (most lanes hold one order).
    if (g.items.length < p.ladderMinStrikes) return null;
    const bySize = new Map<number, number>();
    for (const m of g.items) bySize.set(m.first.strike, (bySize.get(m.first.strike) ?? 0) + m.size);
    if (bySize.size < p.ladderMinStrikes) return null;
    const strikes = [...bySize.keys()].sort((x, y) => x - y);
    const step = strikes[1]! - strikes[0]!;
    for (let i = 2; i < strikes.length; i++)
      if (Math.abs(strikes[i]! - strikes[i - 1]! - step) > 1e-6 * Math.max(1, step)) return null;
    const sizes = [...bySize.values()];
    const ratio = Math.max(...sizes) / Math.min(...sizes);
    if (ratio > p.ladderMaxSizeRatio) return null;
    return this.pattern(
      'ladder',
      g,
      {
        rule: 'orders on one side in one expiry and right at ≥ ladderMinStrikes equally spaced strikes, each within ladderGapMs of the last, sizes within ladderMaxSizeRatio',
        params: {
          ladderGapMs: p.ladderGapMs,
          ladderMinStrikes: p.ladderMinStrikes,
          ladderMaxSizeRatio: p.ladderMaxSizeRatio,
        },
        values: {
          strikes: strikes.join(','),
          step: Math.round(step * 1000) / 1000,
          size_ratio: Math.round(ratio * 1000) / 1000,
          orders: g.items.length,
        },
      },
      p.ladderGapMs,
    );
  }
}
