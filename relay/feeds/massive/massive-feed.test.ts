import { afterEach, describe, expect, it } from 'vitest';
import type { FeedEvent } from '../../../engine/index.ts';
import { startFakeMassive } from './fake-massive.ts';
import { createMassiveFeed } from './massive-feed.ts';

const KEY = 'k3y-DO-NOT-LEAK-9f8e7d';
const clock = { now: () => Date.now() };
const trade = (sym: string, q: number, x = 302) => ({
  ev: 'T',
  sym,
  x,
  p: 1.25,
  s: 3,
  c: [209],
  t: Date.now(),
  q,
});

async function setup(key = KEY, extra: Partial<Parameters<typeof createMassiveFeed>[0]> = {}) {
  const fake = await startFakeMassive(KEY);
  const got: FeedEvent[] = [];
  const logs: string[] = [];
  const feed = createMassiveFeed({
    key,
    baseUrl: fake.url,
    symbols: ['SPY'],
    clock,
    log: (l) => logs.push(l),
    backoff: { initialMs: 10, maxMs: 40 },
    ...extra,
  });
  feed.start((events) => got.push(...events));
  cleanups.push(async () => {
    feed.stop();
    await fake.close();
  });
  const statuses = () =>
    got
      .filter((e) => e.type === 'status')
      .map((e) => (e.type === 'status' ? `${e.status}: ${e.message}` : ''));
  return { fake, feed, got, logs, statuses };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('Massive feed against a local server speaking its protocol', () => {
  it('authenticates, subscribes, filters by underlying and subscribes the NBBO of traded contracts', async () => {
    const { fake, got, statuses } = await setup();
    await expect.poll(() => statuses().filter((s) => s.startsWith('connected')).length).toBe(2);
    const options = fake.connections.find((c) => c.market === 'options')!;
    const stocks = fake.connections.find((c) => c.market === 'stocks')!;
    expect(options.received.slice(0, 2)).toEqual([
      { action: 'auth', params: KEY },
      { action: 'subscribe', params: 'T.*' },
    ]);
    expect(stocks.received[1]).toEqual({ action: 'subscribe', params: 'T.SPY,Q.SPY' });
    fake.push('options', [trade('O:SPY251219C00650000', 1), trade('O:QQQ251219C00500000', 2)]);
    fake.push('stocks', [
      { ev: 'T', sym: 'SPY', x: 12, i: 'a1', p: 601.2, s: 100, c: [], t: Date.now(), q: 1 },
    ]);
    await expect.poll(() => got.filter((e) => e.type !== 'status').length).toBe(2);
    expect(
      got.filter((e) => e.type === 'option_trade').map((e) => (e.type === 'option_trade' ? e.contract : '')),
    ).toEqual(['O:SPY251219C00650000']);
    await expect
      .poll(() => options.received.at(-1))
      .toEqual({ action: 'subscribe', params: 'Q.O:SPY251219C00650000' });
  });

  it('keeps at most maxQuoteContracts NBBO subscriptions, dropping the least recently traded', async () => {
    const { fake, statuses } = await setup(KEY, { maxQuoteContracts: 2 });
    await expect.poll(() => statuses().filter((s) => s.startsWith('connected')).length).toBe(2);
    const options = fake.connections.find((c) => c.market === 'options')!;
    for (const [i, c] of ['A', 'B', 'A', 'C'].entries())
      fake.push('options', [trade(`O:SPY25121${'ABC'.indexOf(c)}C00650000`, i)]);
    await expect
      .poll(() => options.received.filter((m) => m.action === 'unsubscribe'))
      .toEqual([{ action: 'unsubscribe', params: 'Q.O:SPY251211C00650000' }]);
  });

  it('reports a bad key clearly, once, and does not retry', async () => {
    const { fake, statuses, logs } = await setup('wrong-key');
    await expect.poll(() => statuses().filter((s) => s.startsWith('error')).length).toBe(2);
    expect(statuses().find((s) => s.startsWith('error'))).toMatch(
      /^error: massive options: authentication failed: check MASSIVE_API_KEY \(or POLYGON_API_KEY\)/,
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.connections).toHaveLength(2);
    expect(logs.join('\n')).not.toContain('wrong-key');
  });

  it('recovers from repeated upstream kills with every subscription, never two connections per market', async () => {
    const { fake, feed, got, statuses, logs } = await setup();
    await expect.poll(() => statuses().filter((s) => s.startsWith('connected')).length).toBe(2);
    fake.push('options', [trade('O:SPY251219C00650000', 1)]);
    const options = () => fake.connections.filter((c) => c.market === 'options');
    await expect.poll(() => options()[0]!.received.length).toBe(3);
    for (let k = 1; k <= 4; k++) {
      fake.kill('options');
      await expect.poll(() => options().filter((c) => c.authed).length, { timeout: 5000 }).toBe(k + 1);
      await expect.poll(() => options().at(-1)!.received.length).toBe(2);
      expect(options().at(-1)!.received[1]).toEqual({
        action: 'subscribe',
        params: 'T.*,Q.O:SPY251219C00650000',
      });
    }
    expect(feed.connections.options).toBe(5);
    expect(fake.maxOpen()).toBeLessThanOrEqual(2);
    expect(statuses().filter((s) => s.startsWith('gap')).length).toBe(4);
    expect(
      statuses().some((s) =>
        /^disconnected: massive options: closed \(1006\); reconnecting in \d+\.\d s \(attempt 1\)$/.test(s),
      ),
    ).toBe(true);
    fake.push('options', [trade('O:SPY251219C00650000', 9)]);
    await expect.poll(() => got.filter((e) => e.type === 'option_trade').length).toBe(2);
    expect(JSON.stringify(got, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(KEY);
    expect(logs.join('\n')).not.toContain(KEY);
  });

  it('treats a silent connection as stale and reopens it', async () => {
    const { fake, statuses } = await setup(KEY, { idleMs: 150 });
    await expect
      .poll(() => statuses().some((s) => s.startsWith('stale: massive options: no data for 0.1 s')))
      .toBe(true);
    await expect
      .poll(() => fake.connections.filter((c) => c.market === 'options' && c.authed).length)
      .toBeGreaterThan(1);
  });

  it('passes provider errors on and counts malformed frames without stopping', async () => {
    const { fake, feed, got, statuses } = await setup();
    await expect.poll(() => statuses().filter((s) => s.startsWith('connected')).length).toBe(2);
    fake.raw('options', 'this is not json');
    fake.raw('options', '[{"ev":"T","sym":"O:SPY251219C00650000"}]');
    fake.push('options', [{ ev: 'status', status: 'error', message: 'bad topic Q.*' }]);
    fake.push('options', [trade('O:SPY251219C00650000', 5)]);
    await expect.poll(() => got.filter((e) => e.type === 'option_trade').length).toBe(1);
    expect(feed.stats.malformed).toBe(2);
    expect(statuses()).toContain('error: massive options: provider error: bad topic Q.*');
    fake.push('options', [
      { ev: 'status', status: 'max_connections', message: 'Maximum number of connections exceeded.' },
    ]);
    await expect.poll(() => statuses().some((s) => s.includes('already connected elsewhere'))).toBe(true);
  });
});
