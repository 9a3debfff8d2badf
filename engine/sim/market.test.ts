import { describe, expect, it } from 'vitest';
import { FLAG_BIT } from '../events/conditions.ts';
import type { FeedEvent, OptionTradeEvent } from '../events/event-types.ts';
import { toNdjsonLine } from '../events/ndjson.ts';
import { SimMarket } from './market.ts';

const START = Date.UTC(2026, 10, 20, 14, 30);
const tape = (seed: number, chunks: number[]) => {
  const m = new SimMarket({ seed, rate: 1500, startMs: START });
  return chunks.flatMap((ms) => m.take(START + ms)).map(toNdjsonLine);
};

describe('simulated market', () => {
  it('is deterministic: same seed, same tape, however it is read', () => {
    const a = tape(11, [20_000]);
    expect(tape(11, [1, 700, 5_000, 12_345, 20_000])).toEqual(a);
    expect(tape(12, [20_000])).not.toEqual(a);
  });

  it('rejects rates outside a trickle to 50,000 trades/s', () => {
    expect(() => new SimMarket({ seed: 1, rate: 0, startMs: START })).toThrow(/rate/);
    expect(() => new SimMarket({ seed: 1, rate: 60_000, startMs: START })).toThrow(/rate/);
  });

  const m = new SimMarket({ seed: 3, rate: 3000, startMs: START });
  const events: FeedEvent[] = m.take(START + 60_000);
  const trades = events.filter((e): e is OptionTradeEvent => e.type === 'option_trade');

  it('emits arrival-ordered events and a quote before every print', () => {
    const quoted = new Set<string>();
    let lastArrival = -Infinity;
    for (const e of events) {
      if (e.type === 'option_quote') quoted.add(e.contract);
      if (e.type === 'option_trade') {
        expect(quoted.has(e.contract)).toBe(true);
        if ((e.conditions & FLAG_BIT.LATE) === 0) {
          expect(Number(e.ts)).toBeGreaterThanOrEqual(lastArrival);
          lastArrival = Number(e.ts);
        }
      }
    }
  });

  it('prints multi-venue ISO sweeps with fragments microseconds to milliseconds apart', () => {
    const iso = trades.filter((t) => t.conditions & FLAG_BIT.ISO);
    const byContract = new Map<string, OptionTradeEvent[]>();
    for (const t of iso) byContract.set(t.contract, [...(byContract.get(t.contract) ?? []), t]);
    const sweeps = [...byContract.values()].filter((g) => {
      const venues = new Set(g.map((t) => t.exchange));
      const span = Number((g.at(-1)?.ts ?? 0n) - (g[0]?.ts ?? 0n)) / 1e6;
      return venues.size >= 3 && span < 20;
    });
    expect(sweeps.length).toBeGreaterThan(10);
  });

  it('has golden sweeps of at least $1M premium, blocks, multi-leg prints, cancels and late prints', () => {
    const premiumByContractSecond = new Map<string, number>();
    for (const t of trades.filter((x) => x.conditions & FLAG_BIT.ISO)) {
      const k = `${t.contract}@${Number(t.ts / 1_000_000_000n)}`;
      premiumByContractSecond.set(k, (premiumByContractSecond.get(k) ?? 0) + t.price * t.size * 100);
    }
    expect(Math.max(...premiumByContractSecond.values())).toBeGreaterThanOrEqual(1_000_000);
    expect(trades.some((t) => t.size >= 500 && t.conditions & FLAG_BIT.CROSS)).toBe(true);
    expect(trades.filter((t) => t.conditions & FLAG_BIT.MULTI_LEG).length).toBeGreaterThan(100);
    expect(trades.some((t) => t.conditions & FLAG_BIT.LATE)).toBe(true);
    const ids = new Set(trades.map((t) => t.id));
    const cancels = events.filter((e) => e.type === 'trade_cancel');
    expect(cancels.length).toBeGreaterThan(0);
    for (const c of cancels) expect(ids.has(c.id)).toBe(true);
  });

  it('lists SPX only on Cboe, quotes on the minimum tick, and prices within a tick of the NBBO', () => {
    expect(new Set(trades.filter((t) => t.contract.startsWith('SPX')).map((t) => t.exchange))).toEqual(
      new Set(['XCBO']),
    );
    const venues = new Set(trades.map((t) => t.exchange));
    expect(venues.size).toBe(18);
    const offEx = events.filter((e) => e.type === 'equity_trade' && /^FIN|XADF/.test(e.exchange));
    expect(offEx.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === 'open_interest').length).toBe(m.contracts.length);
    const roots = new Set(m.contracts.map((c) => c.root));
    expect(roots).toContain('SPXW');
    const dtes = new Set(m.contracts.map((c) => c.expiryDay - m.sessionDay));
    expect(dtes).toContain(0);
    expect(Math.max(...dtes)).toBeGreaterThan(365);
  });
});
