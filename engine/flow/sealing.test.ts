import { describe, expect, it } from 'vitest';
import { createEngine, type EngineParamsInput } from '../engine.ts';
import { encodeEvents } from '../events/event-encoder.ts';
import { createNodeConnector } from '../node/index.ts';
import { SimMarket } from '../sim/market.ts';
import { flowSnapshot } from '../testing/query.ts';

const MINUTES = 24;
const STEP_MS = 20_000;

/** 24 simulated minutes (late prints, cancels, every kind of flow) in 20 s messages. */
function tape(): Uint8Array[] {
  const market = new SimMarket({ seed: 3, rate: 8, startMs: Date.UTC(2026, 10, 20, 14, 30) });
  const out: Uint8Array[] = [];
  for (let t = market.startMs; t < market.startMs + MINUTES * 60_000; t += STEP_MS) {
    const events = market.take(t + STEP_MS);
    if (events.length > 0) out.push(encodeEvents(events));
  }
  return out;
}

async function replay(messages: readonly Uint8Array[], params?: EngineParamsInput) {
  const engine = createEngine({ connector: await createNodeConnector(), params });
  let maxHeld = 0;
  for (const m of messages) {
    engine.ingest(m);
    maxHeld = Math.max(maxHeld, engine.stats().flowPrintsHeld);
  }
  return { engine, maxHeld };
}

describe('sealing', () => {
  it('holds a bounded window of prints and gives the flows of an engine that never seals', async () => {
    const messages = tape();
    const sealed = await replay(messages, { flow: { flowHorizonMs: 240_000 } });
    const whole = await replay(messages, { flow: { flowHorizonMs: 86_400_000 } });
    const prints = sealed.engine.stats().optionTrades;
    expect(prints).toBeGreaterThan(8_000);
    // Never sealed, every live print is held; sealed, at most about 1.25 horizons of the 24 minutes.
    expect(whole.engine.stats().flowPrintsHeld).toBeGreaterThan(prints * 0.95);
    expect(sealed.maxHeld).toBeLessThan(prints * 0.3);
    expect(sealed.engine.stats().flowPrintsHeld).toBeLessThan(prints * 0.3);
    const a = flowSnapshot(sealed.engine);
    expect(a.length).toBeGreaterThan(4_000);
    expect(a).toEqual(flowSnapshot(whole.engine));
  });

  it('a parameter change regroups every print of the session, sealed ones too, as a fresh engine would', async () => {
    const messages = tape();
    const params = { flowHorizonMs: 240_000, sweepGapMs: 200, repeatedMinOrders: 4 };
    const changed = (await replay(messages, { flow: { flowHorizonMs: 240_000 } })).engine;
    const before = flowSnapshot(changed);
    changed.setParams({ flow: params });
    const after = flowSnapshot(changed);
    expect(after).not.toEqual(before);
    expect(after).toEqual(flowSnapshot((await replay(messages, { flow: params })).engine));
  });
});
