import { describe, expect, it } from 'vitest';
import { createEngine, type Engine, type EngineParamsInput } from '../engine.ts';
import { FLAG_BIT } from '../events/conditions.ts';
import { encodeEvents } from '../events/event-encoder.ts';
import type { FeedEvent } from '../events/event-types.ts';
import { SINGLE_RULE } from './flow-node.ts';
import { createNodeConnector } from '../node/index.ts';
import { flowSnapshot, queryRows } from '../testing/query.ts';
import type { EpochNs, IsoDate } from '../time/units.ts';

// 2026-11-20 10:00 New York (15:00 UTC), a Friday.
const BASE_US = Date.UTC(2026, 10, 20, 15, 0, 0) * 1000;
const at = (ms: number): EpochNs => (BigInt(Math.round(BASE_US + ms * 1000)) * 1000n) as EpochNs;

const C700 = 'SPY261218C00700000';
const C705 = 'SPY261218C00705000';
const C710 = 'SPY261218C00710000';
const P650 = 'SPY261218P00650000';
const C700_JAN = 'SPY270115C00700000';
const VENUES = ['XCBO', 'XISX', 'ARCO', 'XPHL', 'BATO', 'EDGO', 'XMIO', 'AMXO'] as const;

const quote = (ms: number, contract: string, bid: number, ask: number): FeedEvent => ({
  type: 'option_quote',
  ts: at(ms),
  contract,
  bid,
  ask,
  bidSize: 50,
  askSize: 50,
});
const print = (
  ms: number,
  contract: string,
  price: number,
  size: number,
  id: string,
  exchange: string = 'XCBO',
  conditions = 0,
): FeedEvent => ({ type: 'option_trade', ts: at(ms), contract, price, size, exchange, conditions, id });
const cancel = (ms: number, id: string): FeedEvent => ({ type: 'trade_cancel', ts: at(ms), id });
const oi = (contract: string, n: number): FeedEvent => ({
  type: 'open_interest',
  ts: at(-3_600_000),
  date: '2026-11-20' as IsoDate,
  contract,
  oi: n,
});
const spot = (ms: number, px: number): FeedEvent => ({
  type: 'equity_quote',
  ts: at(ms),
  symbol: 'SPY',
  bid: px - 0.01,
  ask: px + 0.01,
  bidSize: 100,
  askSize: 100,
});

/** Quotes for every test contract and a spot price, so sides come from the quote rule. */
const MARKET: FeedEvent[] = [
  spot(-1000, 690),
  quote(-1000, C700, 4.0, 4.2),
  quote(-1000, C705, 2.5, 2.7),
  quote(-1000, C710, 1.5, 1.6),
  quote(-1000, P650, 1.0, 1.1),
  quote(-1000, C700_JAN, 9.0, 9.4),
  oi(C700, 20_000),
  oi(C705, 20_000),
  oi(C710, 20_000),
  oi(P650, 20_000),
  oi(C700_JAN, 20_000),
];

async function load(events: FeedEvent[], params?: EngineParamsInput): Promise<Engine> {
  const engine = createEngine({ connector: await createNodeConnector(), params });
  const report = engine.ingest(encodeEvents([...MARKET, ...events]));
  expect(report.errors).toEqual([]);
  return engine;
}

interface FlowRow {
  id: bigint;
  kind: string;
  strategy: string | null;
  side: string | null;
  sentiment: string;
  prints: number;
  venue_count: number;
  size: bigint;
  premium: number;
  tags: string[];
  evidence: string;
  members: bigint[] | null;
  contract: string | null;
}

const flows = (e: Engine, where = 'true'): FlowRow[] =>
  queryRows(e, `SELECT * FROM flows WHERE ${where} ORDER BY first_ts, id`).map((r) => ({
    ...(r as unknown as FlowRow),
    tags: [...(r.tags as Iterable<string>)],
    members: r.members === null ? null : [...(r.members as Iterable<bigint>)],
  }));
const orders = (e: Engine) => flows(e, "kind NOT IN ('repeated', 'ladder')");

/** A sweep: the same contract bought at the ask on `n` venues 1 ms apart. */
const sweep = (ms: number, n: number, contract = C700, price = 4.2, size = 20, prefix = 's') =>
  Array.from({ length: n }, (_, i) =>
    print(ms + i, contract, price, size, `${prefix}${i}`, VENUES[i % VENUES.length], FLAG_BIT.ISO),
  );

describe('parent orders', () => {
  it('groups a five-venue sweep, and the same contract hit ten minutes later is a separate flow', async () => {
    const e = await load([
      ...sweep(0, 5),
      quote(599_000, C700, 4.0, 4.2),
      print(600_000, C700, 4.2, 10, 'later', 'XCBO'),
    ]);
    const f = orders(e);
    expect(f.map((x) => [x.kind, x.prints, x.venue_count, x.sentiment])).toEqual([
      ['sweep', 5, 5, 'bullish'],
      ['single', 1, 1, 'bullish'],
    ]);
    expect(f[0]!.premium).toBeCloseTo(5 * 20 * 4.2 * 100, 6);
    expect(f[0]!.tags).toEqual(expect.arrayContaining(['iso', 'bullish-sweep']));
    expect(f[0]!.tags).not.toContain('golden-sweep');
    const ev = JSON.parse(f[0]!.evidence) as { kind: { params: object; values: Record<string, number> } };
    expect(ev.kind.params).toEqual({ sweepGapMs: 50, sweepMinVenues: 2 });
    expect(ev.kind.values).toMatchObject({ prints: 5, venues: 5, max_gap_ms: 1, iso_prints: 5 });
    const linked = queryRows(
      e,
      `SELECT t.id FROM flow_prints p JOIN option_trades t USING (rid) WHERE p.flow_id = ${f[0]!.id} ORDER BY p.seq`,
    ).map((r) => r.id);
    expect(linked).toEqual(['s0', 's1', 's2', 's3', 's4']);
  });

  it('tags a golden sweep from goldenMinPremium, and a run-time change recomputes it', async () => {
    // 6 × 400 × $4.20 × 100 = $1,008,000.
    const e = await load(sweep(0, 6, C700, 4.2, 400));
    expect(orders(e)[0]!.tags).toContain('golden-sweep');
    const ev = queryRows(
      e,
      "SELECT name, role, value FROM flow_evidence WHERE subject = 'golden-sweep' ORDER BY role, name",
    );
    expect(ev).toEqual([
      { name: 'goldenMinPremium', role: 'param', value: 1_000_000 },
      { name: 'goldenRequireAboveOi', role: 'param', value: 0 },
      { name: 'oi', role: 'value', value: 20_000 },
      { name: 'premium', role: 'value', value: 1_008_000 },
      { name: 'size', role: 'value', value: 2400 },
    ]);
    e.setParams({ flow: { goldenMinPremium: 2_000_000 } });
    expect(orders(e)[0]!.tags).not.toContain('golden-sweep');
    e.setParams({ flow: { goldenMinPremium: 1_000_000, goldenRequireAboveOi: true } });
    expect(orders(e)[0]!.tags).not.toContain('golden-sweep');
    expect(() => e.setParams({ flow: { sweepGapMs: -1 } })).toThrow(/sweepGapMs/);
    expect(e.params().flow.goldenRequireAboveOi).toBe(true);
  });

  it('calls same-venue fragments a split, and big or crossed single prints blocks', async () => {
    const e = await load([
      print(0, C705, 2.7, 30, 'a', 'XCBO'),
      print(10, C705, 2.7, 30, 'b', 'XCBO'),
      print(20, C705, 2.7, 30, 'c', 'XCBO'),
      print(5_000, C710, 1.6, 1500, 'big', 'XPHL'),
      print(10_000, P650, 1.05, 600, 'x', 'XPHL', FLAG_BIT.CROSS),
      print(10_001, P650, 1.1, 600, 'y', 'XPHL'),
    ]);
    expect(orders(e).map((f) => [f.kind, f.prints])).toEqual([
      ['split', 3],
      ['block', 1],
      ['block', 1],
      ['single', 1],
    ]);
  });

  it('shows the kind evidence of a single print, which only the views make, as the builder made it', async () => {
    const LEAP = 'SPY281215C00700000';
    const e = await load([
      print(0, C705, 2.7, 7, 'one', 'XCBO', FLAG_BIT.ISO),
      quote(250_000, LEAP, 80, 82),
      oi(LEAP, 10),
      print(300_000, LEAP, 82, 40, 'leap', 'XCBO'),
    ]);
    const [one, leap] = orders(e);
    // A fact (iso) is a tag without evidence.
    expect([one!.kind, one!.tags, leap!.kind]).toEqual(['single', ['iso'], 'single']);
    expect(leap!.tags).toContain('unusual');
    const kind = (size: number) => ({ rule: SINGLE_RULE, params: {}, values: { size } });
    expect(one!.evidence).toBe(JSON.stringify({ kind: kind(7), tags: {} }));
    const leapEvidence = JSON.parse(leap!.evidence) as { kind: unknown; tags: Record<string, unknown> };
    expect(leapEvidence.kind).toEqual(kind(40));
    expect(Object.keys(leapEvidence.tags)).toContain('unusual');
    expect(
      queryRows(
        e,
        "SELECT flow_id, rule, name, role, value, text FROM flow_evidence WHERE subject = 'single' ORDER BY value",
      ),
    ).toEqual([
      { flow_id: one!.id, rule: SINGLE_RULE, name: 'size', role: 'value', value: 7, text: '7' },
      { flow_id: leap!.id, rule: SINGLE_RULE, name: 'size', role: 'value', value: 40, text: '40' },
    ]);
    expect(
      queryRows(
        e,
        `SELECT count(*)::INT AS n FROM flow_evidence WHERE flow_id = ${leap!.id} AND subject = 'unusual'`,
      )[0]!.n,
    ).toBeGreaterThan(0);
    // Stored: no kind row for either, and no JSON for the single without tag evidence.
    expect(queryRows(e, "SELECT count(*)::INT AS n FROM _flow_evidence WHERE subject = 'single'")).toEqual([
      { n: 0 },
    ]);
    expect(queryRows(e, `SELECT id FROM _flows WHERE evidence IS NULL`)).toEqual([{ id: one!.id }]);
  });

  it('finds repeated hits: orders too far apart for one sweep but within repeatedGapMs', async () => {
    const e = await load([0, 70, 140, 210].map((ms, i) => print(ms, C705, 2.7, 10, `r${i}`, 'XCBO')));
    const rep = flows(e, "kind = 'repeated'");
    expect(rep).toHaveLength(1);
    expect(rep[0]!.members).toHaveLength(4);
    for (const f of orders(e)) expect(f.tags).toContain('repeated-hits');
    e.setParams({ flow: { repeatedMinOrders: 5 } });
    expect(flows(e, "kind = 'repeated'")).toHaveLength(0);
  });
});

describe('multi-leg, rolls and ladders', () => {
  const ML = FLAG_BIT.MULTI_LEG;
  it('names a straddle bought as long volatility, its sentiment from the strategy', async () => {
    const C690 = 'SPY261218C00690000';
    const P690 = 'SPY261218P00690000';
    const e = await load([
      quote(-500, C690, 10, 10.4),
      quote(-500, P690, 9, 9.4),
      print(0, C690, 10.4, 50, 'c', 'XCBO', ML),
      print(0.001, P690, 9.4, 50, 'p', 'XCBO', ML),
    ]);
    const [f] = orders(e);
    expect([f!.kind, f!.strategy, f!.side, f!.sentiment]).toEqual([
      'multi_leg',
      'straddle',
      'buy',
      'neutral',
    ]);
    expect(f!.tags).toEqual(expect.arrayContaining(['multi-leg', 'long-volatility']));
  });

  it('reads a call vertical bought as bullish from its net delta', async () => {
    const e = await load([
      print(0, C700, 4.2, 100, 'l', 'XISX', ML),
      print(0.001, C710, 1.5, 100, 's', 'XISX', ML),
    ]);
    const [f] = orders(e);
    expect([f!.strategy, f!.sentiment]).toEqual(['vertical', 'bullish']);
    const ev = JSON.parse(f!.evidence) as { kind: { values: { net_delta: number } } };
    expect(ev.kind.values.net_delta).toBeGreaterThan(0.1);
  });

  it('calls closing one expiry and opening another a roll, otherwise a calendar', async () => {
    const legs = [
      print(0, C700, 4.0, 300, 'close', 'XCBO', ML),
      print(0.001, C700_JAN, 9.4, 300, 'open', 'XCBO', ML),
    ];
    const roll = await load([oi(C700_JAN, 100), ...legs]);
    expect(orders(roll).map((f) => f.strategy)).toEqual(['roll']);
    expect(orders(roll)[0]!.tags).toContain('roll');
    const calendar = await load(legs);
    expect(orders(calendar).map((f) => f.strategy)).toEqual(['calendar']);
  });

  it('infers a package from unflagged prints at one instant on one venue, and not across venues', async () => {
    const e = await load([
      print(0, C700, 4.2, 20, 'a', 'XBOX'),
      print(0, C710, 1.5, 40, 'b', 'XBOX'),
      print(500, C700, 4.2, 20, 'c', 'XBOX'),
      print(500, C710, 1.5, 40, 'd', 'XPHL'),
    ]);
    const f = orders(e);
    expect(f.map((x) => [x.kind, x.strategy])).toEqual([
      ['multi_leg', 'ratio'],
      ['single', null],
      ['single', null],
    ]);
    expect(f[0]!.tags).toContain('inferred-legs');
    e.setParams({ flow: { inferLegs: false } });
    expect(orders(e).every((x) => x.kind === 'single')).toBe(true);
  });

  it('finds a ladder: one side across three adjacent strikes within ladderGapMs', async () => {
    const e = await load([
      print(0, C700, 4.2, 50, 'a', 'XCBO'),
      print(300, C705, 2.7, 55, 'b', 'ARCO'),
      print(600, C710, 1.6, 50, 'c', 'XPHL'),
    ]);
    const [ladder] = flows(e, "kind = 'ladder'");
    expect(ladder).toBeDefined();
    expect([ladder!.side, ladder!.sentiment, ladder!.members?.length]).toEqual(['buy', 'bullish', 3]);
    for (const o of orders(e)) expect(o.tags).toContain('ladder');
    const wide = await load([
      print(0, C700, 4.2, 50, 'a', 'XCBO'),
      print(2_000, C705, 2.7, 55, 'b', 'ARCO'),
      print(4_000, C710, 1.6, 50, 'c', 'XPHL'),
    ]);
    expect(flows(wide, "kind = 'ladder'")).toHaveLength(0);
  });
});

describe('classifiers', () => {
  it('tags a floor print after a sweep, put selling, far-dated conviction and opening', async () => {
    const LEAP = 'SPY281215C00700000';
    const e = await load([
      ...sweep(0, 3),
      print(120_000, C700, 4.1, 200, 'floor', 'XPHL', FLAG_BIT.FLOOR),
      quote(199_000, P650, 1.0, 1.1),
      print(200_000, P650, 1.0, 600, 'ps', 'XCBO'),
      quote(250_000, LEAP, 80, 82),
      oi(LEAP, 10),
      print(300_000, LEAP, 82, 40, 'leap', 'XCBO'),
    ]);
    const floor = orders(e).find((f) => f.tags.includes('floor'))!;
    expect(floor.tags).toContain('sweep-then-floor');
    const ps = orders(e).find((f) => f.contract === P650)!;
    expect(ps.tags).toContain('put-selling');
    expect(ps.sentiment).toBe('bullish');
    const leap = orders(e).find((f) => f.contract === LEAP)!;
    expect(leap.tags).toEqual(expect.arrayContaining(['far-dated-conviction', 'opening', 'unusual']));
  });
});

/** A dense random tape: many prints share timestamps; every print is away from the mid. */
function randomTape(seed: number, n: number): FeedEvent[] {
  let s = seed;
  const r = () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
  const contracts = [C700, C705, C710, P650, C700_JAN];
  const asks = [4.2, 2.7, 1.6, 1.1, 9.4];
  const bids = [4.0, 2.5, 1.5, 1.0, 9.0];
  const out: FeedEvent[] = [];
  for (let i = 0; i < n; i++) {
    const k = Math.floor(r() * contracts.length);
    const ms = Math.floor(r() * 400) * 5;
    const buy = r() < 0.6;
    const bits = r() < 0.15 ? FLAG_BIT.MULTI_LEG : r() < 0.05 ? FLAG_BIT.FLOOR : r() < 0.2 ? FLAG_BIT.ISO : 0;
    const venue = VENUES[Math.floor(r() * 3)]!;
    out.push(
      print(ms, contracts[k]!, buy ? asks[k]! : bids[k]!, 1 + Math.floor(r() * 60), `t${i}`, venue, bits),
    );
  }
  return out.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
}

describe('properties', () => {
  it('reordering prints that share a timestamp changes nothing', async () => {
    const tape = randomTape(11, 600);
    const shuffled = [...tape];
    for (let i = 0; i < shuffled.length;) {
      let j = i;
      while (j < shuffled.length && shuffled[j]!.ts === shuffled[i]!.ts) j++;
      shuffled.splice(i, j - i, ...shuffled.slice(i, j).reverse());
      i = j;
    }
    expect(shuffled).not.toEqual(tape);
    const a = flowSnapshot(await load(tape));
    expect(a.length).toBeGreaterThan(100);
    expect(flowSnapshot(await load(shuffled))).toEqual(a);
  });

  it('a tape with cancels equals the tape with those prints removed', async () => {
    const tape = randomTape(5, 600);
    const gone = tape.filter((_, i) => i % 7 === 3).map((ev) => (ev as { id: string }).id);
    const withCancels = [...tape, ...gone.map((id) => cancel(2_500, id))];
    const withCancelsMidway = [
      ...tape.slice(0, 300),
      ...gone.map((id) => cancel(1_000, id)),
      ...tape.slice(300),
    ];
    const without = tape.filter((ev) => !gone.includes((ev as { id: string }).id));
    const expected = flowSnapshot(await load(without));
    expect(flowSnapshot(await load(withCancels))).toEqual(expected);
    // A cancel that arrives before its print is ignored, so only those after it count.
    const early = new Set(tape.slice(300).map((ev) => (ev as { id: string }).id));
    const midway = tape.filter(
      (ev) => early.has((ev as { id: string }).id) || !gone.includes((ev as { id: string }).id),
    );
    expect(flowSnapshot(await load(withCancelsMidway))).toEqual(flowSnapshot(await load(midway)));
  });

  it('receiving a tape live, in small batches, gives the same flows as loading it at once', async () => {
    const tape = randomTape(9, 500);
    const whole = await load(tape);
    const live = createEngine({ connector: await createNodeConnector() });
    const all = [...MARKET, ...tape];
    for (let i = 0, k = 1; i < all.length; i += k, k = (k * 7) % 23 || 1)
      live.ingest(encodeEvents(all.slice(i, i + k)));
    expect(flowSnapshot(live)).toEqual(flowSnapshot(whole));
  });
});
