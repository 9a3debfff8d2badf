import { describe, expect, it } from 'vitest';
import { createEngine, type Engine, type FlowMessage, type FlowReply } from '../engine.ts';
import { encodeEvents } from '../events/event-encoder.ts';
import { createNodeConnector } from '../node/index.ts';
import { SimMarket } from '../sim/market.ts';
import { flowSnapshot, queryRows } from '../testing/query.ts';
import { flowWorkerHandler } from './flow-step.ts';

/** Simulated minutes (late prints, cancels, every kind of flow) in 20 s messages. */
function tape(rate: number, minutes: number): Uint8Array[] {
  const market = new SimMarket({ seed: 5, rate, startMs: Date.UTC(2026, 10, 20, 14, 30) });
  const out: Uint8Array[] = [];
  for (let t = market.startMs; t < market.startMs + minutes * 60_000; t += 20_000) {
    const events = market.take(t + 20_000);
    if (events.length > 0) out.push(encodeEvents(events));
  }
  return out;
}

/**
 * An engine whose flows a flow worker builds: the worker's own handler, in this thread, each message
 * structured-cloned as postMessage does and answered on a later task, as a real worker's would be.
 */
async function remoteEngine(failAtStep = Number.POSITIVE_INFINITY): Promise<Engine> {
  let steps = 0;
  const answer = (reply: FlowReply) => {
    const copy = structuredClone(reply);
    setTimeout(() => engine.receiveFlows(copy), 0);
  };
  const handle = flowWorkerHandler(answer);
  const engine: Engine = createEngine({
    connector: await createNodeConnector(),
    flowChannel: {
      post(m: FlowMessage) {
        const copy = structuredClone(m);
        setTimeout(() => {
          if ('step' in copy) steps += 1;
          // A worker that fails answers with the error, then nothing more.
          if (steps === failAtStep) answer({ error: 'Error: boom' });
          else if (steps < failAtStep) handle(copy);
        }, 0);
      },
    },
  });
  return engine;
}

async function settled(e: Engine): Promise<void> {
  for (;;) {
    const s = e.flowsApplied();
    if (s.sent === s.applied && !s.regrouping) return;
    await new Promise((r) => setTimeout(r, 1));
  }
}

const cancelled = (e: Engine) =>
  queryRows(e, 'SELECT rid FROM _option_trades WHERE cancelled ORDER BY rid').map((r) => Number(r.rid));

describe('flows built in a flow worker', () => {
  it('match flows built in place, cancels included, while ingest runs ahead of them', async () => {
    const messages = tape(10, 20);
    const local = createEngine({ connector: await createNodeConnector() });
    const remote = await remoteEngine();
    for (const m of messages) {
      local.ingest(m);
      const r = remote.ingest(m);
      expect(r.flowsWritten).toBeNull();
    }
    expect(remote.flowsApplied().sent).toBeGreaterThan(remote.flowsApplied().applied);
    await settled(remote);
    expect(remote.flowsApplied().applied).toBe(remote.flowsApplied().sent);
    const flows = flowSnapshot(local);
    expect(flows.length).toBeGreaterThan(4_000);
    expect(flowSnapshot(remote)).toEqual(flows);
    expect(cancelled(local).length).toBeGreaterThan(0);
    expect(cancelled(remote)).toEqual(cancelled(local));
    expect(remote.stats().flowPrintsHeld).toBe(local.stats().flowPrintsHeld);
  });

  it('regroups on a parameter change in chunks, holding back the steps of ingests that arrive meanwhile', async () => {
    // Over 65,536 prints before the change: the regroup reads them back in two chunks.
    const messages = tape(100, 16);
    const half = Math.floor(messages.length * 0.85);
    const params = { flow: { sweepGapMs: 200, repeatedMinOrders: 4 } };
    const local = createEngine({ connector: await createNodeConnector() });
    const remote = await remoteEngine();
    for (const m of messages.slice(0, half)) {
      local.ingest(m);
      remote.ingest(m);
    }
    expect(local.stats().optionTrades).toBeGreaterThan(65_536);
    local.setParams(params);
    remote.setParams(params);
    expect(remote.flowsApplied().regrouping).toBe(true);
    for (const m of messages.slice(half)) {
      local.ingest(m);
      remote.ingest(m);
    }
    await settled(remote);
    const flows = flowSnapshot(local);
    expect(flowSnapshot(remote)).toEqual(flows);
    expect(cancelled(remote)).toEqual(cancelled(local));
  });

  it('starts a regroup over when the parameters change again while it runs, cancels kept', async () => {
    // Nothing is answered while this loop runs, so the first regroup is still under way at the second change.
    const messages = tape(20, 12);
    const [a, b] = [Math.floor(messages.length * 0.5), Math.floor(messages.length * 0.75)];
    const first = { flow: { sweepGapMs: 200 } };
    const second = { flow: { sweepGapMs: 120, repeatedMinOrders: 4 } };
    const local = createEngine({ connector: await createNodeConnector() });
    const remote = await remoteEngine();
    for (const [i, m] of messages.entries()) {
      if (i === a || i === b) {
        local.setParams(i === a ? first : second);
        if (i === b) expect(remote.flowsApplied().regrouping).toBe(true);
        remote.setParams(i === a ? first : second);
      }
      local.ingest(m);
      remote.ingest(m);
    }
    await settled(remote);
    expect(remote.params().flow).toEqual(local.params().flow);
    expect(flowSnapshot(remote)).toEqual(flowSnapshot(local));
    expect(cancelled(local).length).toBeGreaterThan(0);
    expect(cancelled(remote)).toEqual(cancelled(local));
    // Parameters equal to those in force regroup nothing.
    remote.setParams({ flow: { sweepGapMs: 120 } });
    expect(remote.flowsApplied().regrouping).toBe(false);
  });

  it('stops ingest with the worker’s error and leaves every table readable', async () => {
    const messages = tape(10, 4);
    const remote = await remoteEngine(3);
    for (const m of messages.slice(0, 4)) remote.ingest(m);
    await settled(remote);
    expect(() => remote.ingest(messages[4]!)).toThrow(/flows stopped: Error: boom/);
    expect(() => remote.setParams({ flow: { sweepGapMs: 100 } })).toThrow(/flows stopped/);
    const [row] = queryRows(
      remote,
      'SELECT (SELECT count(*) FROM flows) AS f, (SELECT count(*) FROM _events) AS n',
    );
    expect(Number(row!.f)).toBeGreaterThan(0);
    expect(Number(row!.n)).toBeGreaterThan(0);
  });
});
