import { afterEach, describe, expect, it } from 'vitest';
import { bitsToFlags, type FeedEvent } from '../../../engine/index.ts';
import { createAlpacaFeed } from './alpaca-feed.ts';
import { startFakeAlpaca } from './fake-alpaca.ts';
import { MsgpackTimestamp } from './msgpack.ts';
import { newAlpacaStats, normalizeAlpacaFrame } from './normalize.ts';

const KEY = 'AKNEVERLOGTHIS1';
const SECRET = 'secret-NEVER-LOG-THIS-2';
const clock = { now: () => Date.now() };
const T = new MsgpackTimestamp(1749825067123456789n);
const trade = (S: string, c = 'I', x = 'C') => ({ T: 't', S, t: T, p: 8.15, s: 12, x, c });
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(secret = SECRET) {
  const fake = await startFakeAlpaca(KEY, SECRET);
  const got: FeedEvent[] = [];
  const logs: string[] = [];
  const feed = createAlpacaFeed({
    keyId: KEY,
    secret,
    baseUrl: fake.url,
    optionFeed: 'opra',
    stockFeed: 'sip',
    symbols: ['SPY'],
    clock,
    log: (l) => logs.push(l),
    backoff: { initialMs: 10, maxMs: 40 },
  });
  feed.start((e) => got.push(...e));
  // Run last-first: the feed stops before its server closes.
  cleanups.push(
    () => fake.close(),
    () => feed.stop(),
  );
  const statuses = () => got.flatMap((e) => (e.type === 'status' ? [`${e.status}: ${e.message}`] : []));
  return { fake, feed, got, logs, statuses };
}

describe('Alpaca normalization', () => {
  it('maps option prints (OPRA letter venue and condition), quotes, and stock prints', () => {
    const stats = newAlpacaStats();
    const { events } = normalizeAlpacaFrame(
      JSON.stringify([
        {
          T: 't',
          S: 'TSLA250620P00300000',
          t: '2025-06-13T14:31:07.480112640Z',
          p: 11.4,
          s: 250,
          x: 'X',
          c: 'S',
        },
        { T: 't', S: 'TSLA250620C00400000', t: '2025-06-13T14:31:07.481Z', p: 2.05, s: 40, x: 'I', c: 'f' },
        {
          T: 'q',
          S: 'SPY251219C00650000',
          t: '2025-06-13T14:31:07.120001536Z',
          bx: 'X',
          bp: 8.1,
          bs: 57,
          ax: 'C',
          ap: 8.2,
          as: 41,
          c: ' ',
        },
        { T: 't', S: 'SPY251219C00650000', t: '2025-06-13T14:31:07Z', p: 1, s: 1, x: '?', c: '%' },
      ]),
      'options',
      stats,
    );
    expect(events[0]).toMatchObject({
      type: 'option_trade',
      exchange: 'XPHL',
      ts: 1749825067480112640n,
      rawConditions: 'S',
    });
    expect([...bitsToFlags((events[0] as { conditions: number }).conditions)]).toEqual(['ISO']);
    expect([...bitsToFlags((events[1] as { conditions: number }).conditions)]).toEqual(['MULTI_LEG']);
    expect(events[1]).toMatchObject({ exchange: 'XISX', ts: 1749825067481000000n });
    expect(events[2]).toEqual({
      type: 'option_quote',
      contract: 'SPY251219C00650000',
      ts: 1749825067120001536n,
      bid: 8.1,
      ask: 8.2,
      bidSize: 57,
      askSize: 41,
    });
    expect(events[3]).toMatchObject({ exchange: 'alpaca:options:?', conditions: 0 });
    expect(stats.unknownConditions.get('options:%')).toBe(1);
    const eq = normalizeAlpacaFrame(
      JSON.stringify([
        {
          T: 't',
          S: 'SPY',
          i: 52983525029461,
          x: 'D',
          p: 601.2,
          s: 30,
          c: ['@', 'I', 'F'],
          z: 'B',
          t: '2025-06-13T14:31:07Z',
        },
      ]),
      'stocks',
      stats,
    );
    expect(eq.events[0]).toMatchObject({ type: 'equity_trade', exchange: 'XADF', id: 'SPY:52983525029461' });
    expect([...bitsToFlags((eq.events[0] as { conditions: number }).conditions)]).toEqual(['ISO', 'ODD_LOT']);
    expect(normalizeAlpacaFrame(new Uint8Array([0xc1]), 'options', stats).events).toEqual([]);
    expect(stats.malformed).toBe(1);
  });
});

describe('Alpaca feed against a local server speaking its msgpack protocol', () => {
  it('authenticates, subscribes, filters by underlying and adds NBBO subscriptions per traded contract', async () => {
    const { fake, got, statuses } = await setup();
    await expect.poll(() => statuses().filter((s) => s.startsWith('connected')).length).toBe(2);
    const opt = fake.connections.find((c) => c.path === '/v1beta1/opra')!;
    const stk = fake.connections.find((c) => c.path === '/v2/sip')!;
    expect(opt.received[0]).toEqual({ action: 'auth', key: KEY, secret: SECRET });
    expect(opt.subs).toEqual({ trades: ['*'], quotes: [] });
    expect(stk.subs).toEqual({ trades: ['SPY'], quotes: ['SPY'] });
    fake.push('/v1beta1/opra', [trade('SPY251219C00650000'), trade('QQQ251219C00500000')]);
    await expect.poll(() => opt.subs.quotes).toEqual(['SPY251219C00650000']);
    expect(got.filter((e) => e.type === 'option_trade')).toHaveLength(1);
  });

  it('reports bad credentials once and stops', async () => {
    const { fake, statuses, logs } = await setup('wrong');
    await expect.poll(() => statuses().filter((s) => s.startsWith('error')).length).toBe(2);
    expect(statuses().find((s) => s.startsWith('error'))).toMatch(
      /authentication failed: check APCA_API_KEY_ID and APCA_API_SECRET_KEY \(402: auth failed\)$/,
    );
    await new Promise((r) => setTimeout(r, 150));
    expect(fake.connections).toHaveLength(2);
    expect(logs.join('\n')).not.toMatch(/wrong|NEVER-LOG/);
  });

  it('recovers from upstream kills with its quote subscriptions, and survives garbage frames', async () => {
    const { fake, feed, got, statuses, logs } = await setup();
    await expect.poll(() => statuses().filter((s) => s.startsWith('connected')).length).toBe(2);
    fake.push('/v1beta1/opra', [trade('SPY251219C00650000')]);
    const opts = () => fake.connections.filter((c) => c.path === '/v1beta1/opra');
    await expect.poll(() => opts()[0]!.subs.quotes.length).toBe(1);
    for (let k = 1; k <= 3; k++) {
      fake.kill('/v1beta1/opra');
      await expect
        .poll(() => opts().filter((c) => c.authed && c.subs.trades.length > 0).length, { timeout: 5000 })
        .toBe(k + 1);
      expect(opts().at(-1)!.subs).toEqual({ trades: ['*'], quotes: ['SPY251219C00650000'] });
    }
    expect(feed.connections.options).toBe(4);
    expect(fake.maxOpen()).toBeLessThanOrEqual(2);
    expect(statuses().filter((s) => s.startsWith('gap')).length).toBe(3);
    fake.raw('/v1beta1/opra', new Uint8Array([0x91, 0xc1]));
    fake.push('/v1beta1/opra', [{ T: 'error', code: 405, msg: 'symbol limit exceeded' }]);
    fake.push('/v1beta1/opra', [trade('SPY251219C00650000', 'A')]);
    await expect.poll(() => got.filter((e) => e.type === 'option_trade').length).toBe(2);
    expect(feed.stats.malformed).toBe(1);
    expect(statuses()).toContain('error: alpaca options: provider error 405: symbol limit exceeded');
    expect([
      ...bitsToFlags(
        (got.filter((e) => e.type === 'option_trade').at(-1) as { conditions: number }).conditions,
      ),
    ]).toEqual(['CANCEL']);
    expect(logs.join('\n')).not.toMatch(/NEVER-LOG|AKNEVERLOG/);
  });
});
