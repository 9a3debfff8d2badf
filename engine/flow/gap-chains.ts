/** Something that occupies [t0, t1] in event time (epoch ms). */
export interface Span {
  readonly t0: number;
  readonly t1: number;
}

/**
 * A maximal run of items in one lane where each starts at most `gap` ms after all before it end, cut
 * after `maxItems` items (a busy lane otherwise makes one group all day).
 */
export interface Group<T extends Span> {
  readonly lane: string;
  readonly items: readonly T[];
  readonly t0: number;
  readonly t1: number;
}

class Lane<T extends Span> {
  items: T[] = [];
  groups: Group<T>[] = [];
  lo = Infinity;
  hi = -Infinity;
  constructor(readonly key: string) {}
}

/** Groups removed and added by one flush; a group that did not change is in neither. */
export interface GroupChanges<T extends Span> {
  readonly removed: Group<T>[];
  readonly added: Group<T>[];
}

/**
 * Keyed gap chaining kept up to date under inserts and removals in any time order. The groups are a
 * function of the set of items in each lane (sorted by `compare`), never of the order they came in,
 * so a late item joins the group it falls in and a removal can split one. `flush` recomputes only
 * the lanes touched since the last flush, from the group before the first change to the first
 * unchanged group boundary after the last.
 */
export class GapChains<T extends Span> {
  private readonly lanes = new Map<string, Lane<T>>();
  private readonly dirty = new Set<Lane<T>>();
  /** Items held in every lane. */
  size = 0;

  constructor(
    private readonly gap: number,
    private readonly compare: (a: T, b: T) => number,
    private readonly maxItems = Infinity,
  ) {}

  insert(key: string, item: T): void {
    let lane = this.lanes.get(key);
    if (lane === undefined) {
      lane = new Lane(key);
      this.lanes.set(key, lane);
    }
    const items = lane.items;
    const last = items[items.length - 1];
    if (last === undefined || this.compare(last, item) <= 0) items.push(item);
    else items.splice(this.lowerBound(items, item), 0, item);
    this.size += 1;
    this.mark(lane, item);
  }

  /** Removes an item (by identity); false when it is not in the lane. */
  remove(key: string, item: T): boolean {
    const lane = this.lanes.get(key);
    if (lane === undefined) return false;
    const items = lane.items;
    const i = this.indexOf(items, item);
    if (i < 0) return false;
    items.splice(i, 1);
    this.size -= 1;
    this.mark(lane, item);
    return true;
  }

  private indexOf(items: readonly T[], item: T): number {
    for (let i = this.lowerBound(items, item); i < items.length; i++) {
      if (items[i] === item) return i;
      if (this.compare(items[i]!, item) > 0) break;
    }
    return -1;
  }

  flush(out: GroupChanges<T>): void {
    for (const lane of this.dirty) {
      this.recompute(lane, out);
      lane.lo = Infinity;
      lane.hi = -Infinity;
      if (lane.items.length === 0) this.lanes.delete(lane.key);
    }
    this.dirty.clear();
  }

  /**
   * Seals every group that ended before `before` (ms) in every lane: the groups and their items leave
   * the chains and are passed to `sealed`. Call it after a flush, so that every item is in a group.
   * Assumes `before` is at least the gap behind every item still to come: nothing later can join them.
   */
  evict(before: number, sealed: (g: Group<T>) => void): void {
    for (const lane of this.lanes.values()) {
      const { groups } = lane;
      let g = 0;
      let n = 0;
      while (g < groups.length && groups[g]!.t1 < before) {
        n += groups[g]!.items.length;
        sealed(groups[g]!);
        g++;
      }
      if (g === 0) continue;
      groups.splice(0, g);
      lane.items.splice(0, n);
      this.size -= n;
      if (lane.items.length === 0) this.lanes.delete(lane.key);
    }
  }

  private mark(lane: Lane<T>, item: T): void {
    if (item.t0 < lane.lo) lane.lo = item.t0;
    if (item.t1 > lane.hi) lane.hi = item.t1;
    this.dirty.add(lane);
  }

  private lowerBound(items: readonly T[], item: T): number {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(items[mid]!, item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private recompute(lane: Lane<T>, out: GroupChanges<T>): void {
    const { items, groups } = lane;
    // Old groups that may change: from the last one starting before the dirty range onward.
    let g = groups.length;
    while (g > 0 && groups[g - 1]!.t0 >= lane.lo) g--;
    if (g > 0 && groups[g - 1]!.t1 + this.gap >= lane.lo) g--;
    const firstOld = g;
    // Items before that group are untouched, so the first new chain starts where it did.
    let s = 0;
    if (firstOld > 0) {
      const prev = groups[firstOld - 1]!;
      s = this.indexOf(items, prev.items[prev.items.length - 1]!) + 1;
    }
    const fresh: Group<T>[] = [];
    let oldEnd = firstOld;
    let i = s;
    while (i < items.length) {
      const start = items[i]!;
      // Past the dirty range, an unchanged old group starting here ends the recomputation.
      while (oldEnd < groups.length && this.compare(groups[oldEnd]!.items[0]!, start) < 0) oldEnd++;
      if (start.t0 > lane.hi && oldEnd < groups.length && groups[oldEnd]!.items[0] === start) break;
      let t1 = start.t1;
      let j = i + 1;
      while (j < items.length && j - i < this.maxItems && items[j]!.t0 - t1 <= this.gap) {
        if (items[j]!.t1 > t1) t1 = items[j]!.t1;
        j++;
      }
      fresh.push({ lane: lane.key, items: items.slice(i, j), t0: start.t0, t1 });
      i = j;
    }
    if (i >= items.length) oldEnd = groups.length;
    // Report only real changes: an old group with the same members stays as it was.
    const old = groups.slice(firstOld, oldEnd);
    const kept: Group<T>[] = [];
    let k = 0;
    for (const f of fresh) {
      while (k < old.length && this.compare(old[k]!.items[0]!, f.items[0]!) < 0) out.removed.push(old[k++]!);
      const o = old[k];
      if (o !== undefined && sameItems(o.items, f.items)) {
        kept.push(o);
        k++;
      } else {
        kept.push(f);
        out.added.push(f);
      }
    }
    while (k < old.length) out.removed.push(old[k++]!);
    groups.splice(firstOld, oldEnd - firstOld, ...kept);
  }
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
