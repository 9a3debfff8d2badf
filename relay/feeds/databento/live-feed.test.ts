import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedEvent } from '../../../engine/index.ts';
import { startFakeGateway, systemRecord } from './fake-gateway.ts';
import { createDatabentoFeed, cramResponse } from './live-feed.ts';

const KEY = 'db-ThisKeyMustNotLeak00042';
const SAMPLE = new Uint8Array(readFileSync(new URL('./testdata/opra-pillar.trades.dbn', import.meta.url)));
const clock = { now: () => Date.now() };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(key = KEY, idleHeartbeat = 30) {
  const gw = await startFakeGateway(KEY);
  const got: FeedEvent[] = [];
  const logs: string[] = [];
  const feed = createDatabentoFeed({
    key,
    gateway: { host: gw.host, port: gw.port },
    symbols: ['AAPL', 'SPY'],
    clock,
    log: (l) => logs.push(l),
    backoff: { initialMs: 10, maxMs: 40 },
    heartbeatSeconds: idleHeartbeat,
  });
  feed.start((e) => got.push(...e));
  // Run last-first: the feed stops before its server closes.
  cleanups.push(
    () => gw.close(),
    () => feed.stop(),
  );
  const statuses = () => got.flatMap((e) => (e.type === 'status' ? [`${e.status}: ${e.message}`] : []));
  return { gw, feed, got, logs, statuses };
}

describe('Databento live gateway against a local server speaking its protocol', () => {
  it('answers the CRAM challenge as the reference computes it', () => {
    expect(cramResponse('g7Yp2rQx', 'db-ExAmPlEkEyNoTrEaL0000012345')).toBe(
      'd44f604143c6e7dd804c2bccbecb8eff4d67c8bcd0107c639062a1674b9c9d45-12345',
    );
  });

  it('authenticates, subscribes chains per schema, and normalizes the DBN stream as it arrives', async () => {
    const { gw, got, statuses } = await setup();
    await expect.poll(() => gw.sessions[0]?.started).toBe(true);
    const lines = gw.sessions[0]!.lines;
    expect(lines[0]).toMatch(
      /^auth=[0-9a-f]{64}-00042\|dataset=OPRA\.PILLAR\|encoding=dbn\|ts_out=0\|compression=none\|heartbeat_interval_s=30\|client=flowbook$/,
    );
    expect(lines.slice(1)).toEqual([
      'schema=tcbbo|stype_in=parent|symbols=AAPL.OPT,SPY.OPT|snapshot=0|id=1|is_last=1',
      'schema=statistics|stype_in=parent|symbols=AAPL.OPT,SPY.OPT|snapshot=0|id=2|is_last=1',
      'start_session=0',
    ]);
    // The sample's metadata, then its records split mid-record, then a heartbeat.
    gw.write(SAMPLE.subarray(0, 400));
    gw.write(SAMPLE.subarray(400));
    gw.write(systemRecord('system', 'Heartbeat', 0));
    await expect.poll(() => got.filter((e) => e.type === 'option_trade').length).toBe(4);
    expect(got.find((e) => e.type === 'option_trade')).toMatchObject({
      contract: 'AAPL  250221C00250000',
      price: 0.24,
      size: 1,
      exchange: 'EMLD',
      ts: 1740061800817657088n,
    });
    expect(statuses()[0]).toMatch(
      /^connected: databento: session 1 on OPRA\.PILLAR, tcbbo, statistics for AAPL\.OPT,SPY\.OPT$/,
    );
  });

  it('stops with a clear message on a rejected key, once', async () => {
    const { gw, statuses, logs } = await setup('db-wrong-key-99999');
    await expect.poll(() => statuses().filter((s) => s.startsWith('error')).length).toBe(1);
    expect(statuses().find((s) => s.startsWith('error'))).toBe(
      'error: databento: authentication failed: Authentication failed. — check DATABENTO_API_KEY and the dataset license',
    );
    await new Promise((r) => setTimeout(r, 150));
    expect(gw.sessions).toHaveLength(1);
    expect(logs.join('\n')).not.toContain('db-wrong-key');
  });

  it('reconnects after the gateway drops it, resubscribes, reports the gap, and never holds two sessions', async () => {
    const { gw, feed, got, statuses, logs } = await setup();
    await expect.poll(() => gw.sessions[0]?.started).toBe(true);
    for (let k = 1; k <= 3; k++) {
      gw.kill();
      await expect.poll(() => gw.sessions.filter((s) => s.started).length, { timeout: 5000 }).toBe(k + 1);
    }
    expect(gw.sessions.at(-1)!.lines.at(-1)).toBe('start_session=0');
    expect(feed.connections()).toBe(4);
    expect(gw.maxOpen()).toBe(1);
    expect(statuses().filter((s) => s.startsWith('gap')).length).toBe(3);
    gw.write(SAMPLE);
    await expect.poll(() => got.filter((e) => e.type === 'option_trade').length).toBe(4);
    expect(logs.join('\n')).not.toContain(KEY);
    expect(JSON.stringify(got, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(KEY);
  });

  it('ends on a final gateway error and reconnects after a corrupt stream', async () => {
    const { gw, statuses } = await setup();
    await expect.poll(() => gw.sessions[0]?.started).toBe(true);
    const bad = SAMPLE.slice();
    bad[360] = 1; // a record shorter than its header
    gw.write(bad);
    await expect
      .poll(() => statuses().some((s) => s.startsWith('error: databento: corrupt DBN record at offset')))
      .toBe(true);
    await expect.poll(() => gw.sessions.filter((s) => s.started).length, { timeout: 5000 }).toBe(2);
    gw.write(SAMPLE.subarray(0, 360));
    gw.write(systemRecord('error', 'Connection limit exceeded', 3));
    await expect
      .poll(() =>
        statuses().some((s) => s === 'error: databento: gateway error 3: Connection limit exceeded'),
      )
      .toBe(true);
    await new Promise((r) => setTimeout(r, 150));
    expect(gw.sessions).toHaveLength(2);
  });
});
