import { describe, expect, it } from 'vitest';
import { GapChains, type Group, type GroupChanges } from './gap-chains.ts';

interface Item {
  readonly t0: number;
  readonly t1: number;
  readonly n: number;
}
const byTime = (a: Item, b: Item) => a.t0 - b.t0 || a.n - b.n;

/** The groups a from-scratch pass makes of a set of items. */
function naive(items: Item[], gap: number, maxItems = Infinity): string[] {
  const sorted = [...items].sort(byTime);
  const out: string[] = [];
  let cur: Item[] = [];
  let t1 = -Infinity;
  for (const it of sorted) {
    if (cur.length > 0 && (it.t0 - t1 > gap || cur.length >= maxItems)) {
      out.push(cur.map((x) => x.n).join(','));
      cur = [];
    }
    t1 = cur.length === 0 ? it.t1 : Math.max(t1, it.t1);
    cur.push(it);
  }
  if (cur.length > 0) out.push(cur.map((x) => x.n).join(','));
  return out.sort();
}

function applyChanges(live: Set<Group<Item>>, ch: GroupChanges<Item>) {
  for (const g of ch.removed) expect(live.delete(g)).toBe(true);
  for (const g of ch.added) live.add(g);
}

const rng = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

describe('GapChains', () => {
  it('matches a from-scratch grouping (gap and size cut) after random inserts and removals in any order', () => {
    for (const [gap, maxItems] of [
      [0, Infinity],
      [5, Infinity],
      [50, Infinity],
      [20, 3],
      [50, 7],
    ] as const) {
      const r = rng(gap + maxItems + 7);
      const chains = new GapChains<Item>(gap, byTime, maxItems);
      const live = new Set<Group<Item>>();
      const present: Item[] = [];
      for (let step = 0; step < 3000; step++) {
        if (present.length > 0 && r() < 0.25) {
          const idx = Math.floor(r() * present.length);
          const [gone] = present.splice(idx, 1);
          expect(chains.remove('k', gone!)).toBe(true);
        } else {
          const t0 = Math.floor(r() * 4000);
          const item = { t0, t1: t0 + (r() < 0.3 ? Math.floor(r() * 30) : 0), n: step };
          present.push(item);
          chains.insert('k', item);
        }
        if (r() < 0.2) {
          const ch = { removed: [], added: [] };
          chains.flush(ch);
          applyChanges(live, ch);
          const got = [...live].map((g) => g.items.map((x) => x.n).join(',')).sort();
          expect(got).toEqual(naive(present, gap, maxItems));
        }
      }
    }
  });

  it('reports nothing for an untouched group and keeps lanes apart', () => {
    const chains = new GapChains<Item>(10, byTime);
    const a = { t0: 0, t1: 0, n: 1 };
    const b = { t0: 5, t1: 5, n: 2 };
    chains.insert('x', a);
    chains.insert('y', b);
    const first: GroupChanges<Item> = { removed: [], added: [] };
    chains.flush(first);
    expect(first.added.map((g) => g.lane).sort()).toEqual(['x', 'y']);
    chains.insert('y', { t0: 100, t1: 100, n: 3 });
    const second: GroupChanges<Item> = { removed: [], added: [] };
    chains.flush(second);
    expect(second.removed).toEqual([]);
    expect(second.added.map((g) => g.items.map((i) => i.n))).toEqual([[3]]);
    expect(chains.remove('x', { t0: 0, t1: 0, n: 1 })).toBe(false);
  });
});
