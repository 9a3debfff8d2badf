import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectorFromBindings } from '../db/connector.ts';
import { createEngine, type Engine } from '../engine.ts';
import { encodeEvents } from '../events/event-encoder.ts';
import type { FeedEvent } from '../events/event-types.ts';
import { toNdjsonLine } from '../events/ndjson.ts';
import { createNodeBindings } from '../node/index.ts';
import { SimMarket } from '../sim/market.ts';
import { bytesSource } from './byte-source.ts';
import { openEventFile } from './event-file.ts';
import { csvParts, toParquet } from './export-table.ts';
import { concatBytes, IPC_EOS } from './ipc-messages.ts';
import { RECORDING_KEYS, RecordingWriter } from './recording.ts';
import { ReplayQueue } from './replay-queue.ts';

// A live session as the browser gets it: relay messages numbered by flowbook.seq, with late
// prints and cancels from the simulated market; then the same session recorded and replayed.
const START = Date.UTC(2026, 10, 20, 14, 30);
const MINUTES = 2;
const MESSAGE_MS = 250;
const bindings = await createNodeBindings();
const second = await createNodeBindings();
const third = await createNodeBindings();

let live: Engine;
let recording: Uint8Array;
let events: FeedEvent[] = [];

/** Every table and view a user can read, as sorted JSON rows, so two sessions compare exactly. */
function snapshot(engine: Engine): Record<string, string[]> {
  const names = tableFromIPC(
    engine.query(
      "select table_name from information_schema.tables where table_schema = 'main' and table_name not like '\\_%' escape '\\' order by 1",
    ),
  )
    .getChild('table_name')!
    .toArray() as string[];
  const out: Record<string, string[]> = {};
  for (const name of names) {
    const t = tableFromIPC(engine.query(`select * from "${name}"`));
    const rows: string[] = [];
    for (const r of t)
      rows.push(JSON.stringify(r.toJSON(), (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)));
    out[name] = rows.sort();
  }
  return out;
}

async function replay(
  file: string,
  bytes: Uint8Array,
  engine: Engine,
  steps: (queue: ReplayQueue, first: bigint) => void,
) {
  const reader = await openEventFile(file, bytesSource(bytes), { chunkRows: 3000 });
  const queue = new ReplayQueue();
  let first: bigint | null = null;
  for (let c = await reader.next(); c; c = await reader.next()) {
    first ??= c.minTs;
    queue.push(c.ipc);
  }
  steps(queue, first!);
  return reader;
}

beforeAll(() => {
  live = createEngine({ connector: connectorFromBindings(bindings) });
  const market = new SimMarket({ seed: 11, rate: 200, startMs: START });
  const writer = new RecordingWriter(new Map([[RECORDING_KEYS.source, 'test']]));
  const parts = [writer.header];
  let seq = 0;
  for (let t = START; t < START + MINUTES * 60_000; t += MESSAGE_MS) {
    const chunk = market.take(t + MESSAGE_MS);
    if (chunk.length === 0) continue;
    events = events.concat(chunk);
    seq += 1;
    const md = new Map([
      ['flowbook.seq', String(seq)],
      ['flowbook.session', 'test'],
    ]);
    const message = encodeEvents(chunk, md);
    const r = live.ingest(message);
    expect(r.duplicate).toBe(false);
    parts.push(writer.append(message, chunk.length));
  }
  parts.push(IPC_EOS);
  recording = concatBytes(parts);
}, 120_000);

describe('replay of a recorded session', () => {
  it('paced by a clock with a seek back, yields exactly the tables live ingestion made', async () => {
    const want = snapshot(live);
    expect(Object.keys(want).length).toBeGreaterThan(20);
    expect(want.option_trades!.length).toBeGreaterThan(5000);
    expect(want.flows!.length).toBeGreaterThan(50);
    let engine = createEngine({ connector: connectorFromBindings(second) });
    const reader = await replay('session.arrows', recording, engine, (queue, first) => {
      // Play at 1 s steps for the first minute…
      for (let s = 1n; s <= 40n; s++) queue.advance(engine, first + s * 1_000_000_000n, 1_000_000);
      const partial = engine.stats().events;
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(events.length);
      // …then seek back: a fresh database, and the whole file as fast as possible.
      second.reset();
      engine = createEngine({ connector: connectorFromBindings(second) });
    });
    expect(reader.format).toBe('arrow-stream');
    expect(reader.metadata.get(RECORDING_KEYS.source)).toBe('test');
    const again = await replay('session.arrows', recording, engine, (queue) => {
      while (queue.queued > 0) queue.advance(engine, null, 7000);
    });
    expect(again.skipped).toBe(0);
    expect(engine.stats().events).toBe(events.length);
    expect(snapshot(engine)).toEqual(want);
  }, 180_000);

  it('a clock step ingests exactly the events up to it, late prints where they arrived', async () => {
    const engine = createEngine({ connector: connectorFromBindings(third) });
    await replay('session.arrows', recording, engine, (queue, first) => {
      const until = first + 70_000_000_000n;
      queue.advance(engine, until, 10_000_000);
      const ingested = engine.stats().events;
      const firstPast = events.findIndex((e) => e.ts > until);
      expect(ingested).toBe(firstPast);
      expect(events.slice(0, firstPast).some((e, i) => i > 0 && e.ts < events[i - 1]!.ts)).toBe(true);
    });
  }, 120_000);

  it('CSV, Parquet and NDJSON exports of the session replay into the same tables', async () => {
    const want = snapshot(live);
    const raw = live.query('select * exclude (rowid) from (select rowid, * from _events) order by rowid');
    const enc = new TextEncoder();
    const files: [string, Uint8Array][] = [
      ['session.csv', enc.encode([...csvParts([raw])].join(''))],
      ['session.parquet', toParquet([raw])],
      ['session.ndjson', enc.encode(events.map(toNdjsonLine).join('\n'))],
    ];
    for (const [name, bytes] of files) {
      third.reset();
      const engine = createEngine({ connector: connectorFromBindings(third) });
      const reader = await replay(name, bytes, engine, (queue) => {
        while (queue.queued > 0) queue.advance(engine, null);
      });
      expect(reader.skipped, name).toBe(0);
      expect(snapshot(engine), name).toEqual(want);
    }
  }, 240_000);
});
