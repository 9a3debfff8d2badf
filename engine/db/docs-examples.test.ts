import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine.ts';
import { encodeEvents } from '../events/event-encoder.ts';
import { createNodeConnector } from '../node/index.ts';
import { SimMarket } from '../sim/market.ts';

// Every SQL example in docs/schema.md, classifiers.md, analytics.md and notebooks.md runs against a
// simulated minute and returns rows.
const doc = ['schema.md', 'classifiers.md', 'analytics.md', 'notebooks.md']
  .map((f) => readFileSync(new URL(`../../docs/${f}`, import.meta.url), 'utf8'))
  .join('\n');
const statements = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)]
  .flatMap((m) => m[1]!.split(/;\s*\n/))
  .map((s) => s.replace(/--.*$/gm, '').trim())
  .filter((s) => s.length > 0);

describe('docs/schema.md, classifiers.md, analytics.md and notebooks.md examples', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = createEngine({ connector: await createNodeConnector() });
    const m = new SimMarket({ seed: 5, rate: 800, startMs: Date.UTC(2026, 10, 20, 14, 30) });
    engine.ingest(encodeEvents(m.take(m.startMs + 60_000)));
  });

  it('has examples', () => expect(statements.length).toBeGreaterThanOrEqual(18));

  it.each(statements.map((s) => [s.split('\n')[0], s]))('%s', (_title, sql) => {
    expect(tableFromIPC(engine.query(sql!)).numRows).toBeGreaterThan(0);
  });
});
