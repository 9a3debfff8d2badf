import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeEvents } from './event-encoder.ts';
import { ipcHeaderProblem } from './ipc-header.ts';
import { SimMarket } from '../sim/market.ts';

// The Arrow project's golden files and fuzz regressions (testdata/arrow-golden/README.md, copied from
// shared/arrow-golden), each ingested in a worker that a watchdog terminates: apache-arrow JS spins
// forever on one of them.
const DIR = new URL('./testdata/arrow-golden/', import.meta.url);
const list = (sub: string) =>
  readdirSync(new URL(`${sub}/`, DIR))
    .filter((f) => !f.endsWith('.json.gz'))
    .sort();
const read = (sub: string, f: string) => new Uint8Array(readFileSync(new URL(`${sub}/${f}`, DIR)));
const WATCHDOG_MS = 5000;

type Outcome = { rows: number; skipped: number; trades: number } | { error: string } | { hung: true };

let worker: Worker | null = null;
let ready: Promise<void> | null = null;
let seq = 0;
const start = () => {
  worker = new Worker(new URL('../testing/ingest-worker.mjs', import.meta.url));
  const w = worker;
  ready = new Promise((resolve, reject) => {
    w.once('error', reject);
    w.on('message', (m: { ready?: boolean }) => m.ready && resolve());
  });
};
async function ingest(bytes: Uint8Array, open?: string): Promise<Outcome> {
  if (!worker) start();
  await ready;
  const w = worker!;
  const id = ++seq;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      w.removeListener('message', onMessage);
      void w.terminate();
      worker = null;
      resolve({ hung: true });
    }, WATCHDOG_MS);
    const onMessage = (m: { id?: number } & Outcome) => {
      if (m.id !== id) return;
      clearTimeout(timer);
      w.removeListener('message', onMessage);
      resolve(m);
    };
    w.on('message', onMessage);
    w.postMessage({ id, bytes, open });
  });
}

const day = () => {
  const m = new SimMarket({ seed: 2, rate: 200, startMs: Date.UTC(2026, 10, 20, 14, 30) });
  return encodeEvents(m.take(m.startMs + 5_000));
};

afterAll(async () => {
  await worker?.terminate();
});

describe('Arrow golden files and fuzz regressions', () => {
  it.each(list('golden'))('golden %s is refused with a clear reason (none is flowbook events)', async (f) => {
    const out = await ingest(read('golden', f));
    expect('error' in out, JSON.stringify(out)).toBe(true);
    const error = (out as { error: string }).error;
    if (f === 'v1_bigendian_primitive.stream')
      expect(error).toBe(
        'ArrowInputError: refused: it is big-endian Arrow, which this reader would decode into wrong values',
      );
    else
      expect(error).toMatch(
        /^(SchemaError: not flowbook events: missing column\(s\) type, ts \(found: |ArrowInputError: )/,
      );
  });

  it('reads the endianness and version of the first message, for streams, files and legacy framing', () => {
    expect(ipcHeaderProblem(read('golden', 'v1_bigendian_primitive.stream'))).toMatch(/big-endian/);
    expect(ipcHeaderProblem(read('golden', 'v1_littleendian_primitive.stream'))).toBeNull();
    expect(ipcHeaderProblem(read('golden', 'cpp21_primitive.arrow_file'))).toBeNull();
    expect(ipcHeaderProblem(read('golden', 'v0_14_1_primitive.stream'))).toBeNull();
    expect(ipcHeaderProblem(read('fuzz-regression', 'forward-compat_schema_v6.arrow'))).toMatch(
      /metadata version is V6/,
    );
    expect(ipcHeaderProblem(day())).toBeNull();
  });

  it('refuses every fuzz regression (or the watchdog stops it), and the next valid file still loads', async () => {
    const outcomes: Record<string, string> = {};
    for (const f of list('fuzz-regression')) {
      const out = await ingest(read('fuzz-regression', f));
      outcomes[f] =
        'hung' in out ? 'hung' : 'error' in out ? 'error' : out.rows === 0 ? 'empty' : `rows ${out.rows}`;
    }
    const loaded = Object.entries(outcomes).filter(([, o]) => o.startsWith('rows'));
    expect(loaded).toEqual([]);
    expect(outcomes['file_clusterfuzz-testcase-minimized-arrow-ipc-file-fuzz-6240547580936192']).toMatch(
      /hung|error/,
    );
    expect(outcomes['forward-compat_schema_v6.arrow']).toBe('error');
    const ok = await ingest(day());
    expect(ok).toMatchObject({ skipped: 0 });
    expect((ok as { trades: number }).trades).toBeGreaterThan(0);
  }, 600_000);
});

// The same corpus through openEventFile, the reader of files a user opens in the browser (its parse
// worker runs it under a watchdog) and of `flowbook query`.
describe('Arrow golden files and fuzz regressions, opened as files', () => {
  it.each(list('golden'))('golden %s is refused naming the file and the reason', async (f) => {
    const out = await ingest(read('golden', f), f);
    expect('error' in out, JSON.stringify(out)).toBe(true);
    const error = (out as { error: string }).error;
    if (f === 'v1_bigendian_primitive.stream')
      expect(error).toBe(
        `EventFileError: ${f}: refused: it is big-endian Arrow, which this reader would decode into wrong values`,
      );
    else
      expect(error).toMatch(
        new RegExp(
          `^EventFileError: ${f.replaceAll('.', '\\.')}: (not flowbook events: missing column\\(s\\) type, ts \\(found: |corrupt Arrow IPC: )`,
        ),
      );
  });

  it('refuses every fuzz regression (or the watchdog stops it), and the next valid file still loads', async () => {
    const outcomes: Record<string, string> = {};
    for (const f of list('fuzz-regression')) {
      const out = await ingest(read('fuzz-regression', f), f);
      outcomes[f] =
        'hung' in out ? 'hung' : 'error' in out ? out.error : out.rows === 0 ? 'empty' : `rows ${out.rows}`;
    }
    const loaded = Object.entries(outcomes).filter(([, o]) => o.startsWith('rows'));
    expect(loaded).toEqual([]);
    for (const [f, o] of Object.entries(outcomes))
      if (o !== 'hung' && o !== 'empty')
        expect(o, f).toMatch(new RegExp(`^EventFileError: ${f.replaceAll('.', '\\.')}: `));
    const ok = await ingest(day(), 'day.arrows');
    expect(ok).toMatchObject({ skipped: 0 });
    expect((ok as { trades: number }).trades).toBeGreaterThan(0);
  }, 600_000);
});
