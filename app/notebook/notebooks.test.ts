import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../engine/engine.ts';
import { FLOW_KINDS, SIDES } from '../../engine/index.ts';
import { encodeEvents } from '../../engine/events/event-encoder.ts';
import { createNodeConnector } from '../../engine/node/index.ts';
import { SimMarket } from '../../engine/sim/market.ts';
import { notebookSchema, SCHEMA_FILE } from '../../scripts/notebook-schema.ts';
import { CHART_KINDS, missingColumns } from '../charts/chart-kinds.ts';
import { toBase64Url } from './base64url.ts';
import { assertSupported, type JsonSchema, validate } from './json-schema.ts';
import { NOTEBOOK_SCHEMA, NotebookError, parseNotebook, serializeNotebook } from './notebook-io.ts';
import { decodeShare, encodeShare } from './share-link.ts';
import type { Notebook } from './spec.ts';
import { flowPredicate, printPredicate, selectionPredicate } from './tape-filter.ts';

const DIR = new URL('../../notebooks/', import.meta.url);
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const read = (f: string) => readFileSync(new URL(f, DIR), 'utf8');
const ajv = new Ajv({ strict: false, allErrors: true }).addFormat(
  'date-time',
  (v: string) =>
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(v) && !Number.isNaN(Date.parse(v)),
);
const ajvValidate = ajv.compile(NOTEBOOK_SCHEMA as object);
const base = JSON.parse(read('live-flow.json')) as Notebook;

describe('notebook schema', () => {
  it('public/notebook.schema.json is generated from app/notebook/spec.ts (npm run schema)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(notebookSchema());
  });

  it('uses only keywords the in-app validator implements', () => {
    expect(() => assertSupported(NOTEBOOK_SCHEMA)).not.toThrow();
    expect(() => assertSupported({ oneOf: [] } as JsonSchema)).toThrow(
      /unsupported JSON Schema keyword oneOf/,
    );
  });

  it('names the same sides and flow kinds as the engine', () => {
    const defs = NOTEBOOK_SCHEMA.definitions!;
    expect(defs.TradeSide!.enum).toEqual([...SIDES]);
    expect(defs.FlowKindName!.enum).toEqual([...FLOW_KINDS]);
  });

  it('ships the seven example notebooks', () => {
    expect(files.sort()).toEqual([
      'dark-pool.json',
      'gex-dex.json',
      'live-flow.json',
      'market-tide.json',
      'microstructure.json',
      'sweeps.json',
      'zero-dte.json',
    ]);
  });

  it.each(files)('%s validates (in-app validator and Ajv agree)', (f) => {
    const value: unknown = JSON.parse(read(f));
    expect(validate(NOTEBOOK_SCHEMA, value)).toEqual([]);
    expect(ajvValidate(value), JSON.stringify(ajvValidate.errors)).toBe(true);
    expect(serializeNotebook(parseNotebook(read(f), f))).toBe(read(f));
  });

  const broken: [string, (nb: Record<string, unknown>) => void, RegExp][] = [
    ['unknown top-level key', (nb) => (nb.data = [1, 2]), /^\/: unknown property data/],
    ['wrong format', (nb) => (nb.format = 'jupyter'), /^\/format: must be "flowbook.notebook"/],
    ['missing cells', (nb) => delete nb.cells, /missing required property cells/],
    [
      'bad cell kind',
      (nb) => ((nb.cells as object[])[0] = { id: 'x', kind: 'python' }),
      /^\/cells\/0: kind must be one of/,
    ],
    [
      'sql not text',
      (nb) => ((nb.cells as object[])[3] = { id: 'q', kind: 'sql', sql: 1, live: false }),
      /^\/cells\/3\/sql: must be string/,
    ],
    ['bad id', (nb) => (nb.id = 'has space'), /^\/id: must match/],
    ['bad date', (nb) => (nb.updated = 'yesterday'), /^\/updated: must be an ISO 8601 date-time/],
    [
      'height out of range',
      (nb) => (((nb.cells as object[])[1] as { height: number }).height = 5),
      /height: must be ≥ 60/,
    ],
    [
      'filter side',
      (nb) => (((nb.cells as object[])[2] as { filter: object }).filter = { sides: ['up'] }),
      /filter\/sides\/0: must be one of/,
    ],
    [
      'market data smuggled into a cell',
      (nb) => (((nb.cells as object[])[3] as { rows: unknown }).rows = [[1]]),
      /unknown property rows/,
    ],
  ];
  it.each(broken)('rejects a notebook with %s, naming the path', (_name, mutate, reason) => {
    const nb = structuredClone(base) as unknown as Record<string, unknown>;
    mutate(nb);
    const errors = validate(NOTEBOOK_SCHEMA, nb);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(reason);
    expect(ajvValidate(nb)).toBe(false);
    expect(() => parseNotebook(JSON.stringify(nb), 'bad.json')).toThrow(NotebookError);
  });

  it('the example in docs/notebooks.md is a valid notebook', () => {
    const doc = readFileSync(new URL('../../docs/notebooks.md', import.meta.url), 'utf8');
    const json = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(json).toBeDefined();
    expect(() => parseNotebook(json!, 'docs/notebooks.md')).not.toThrow();
  });

  it('refuses non-JSON, a newer version, duplicate cell ids and oversized files with a clear reason', () => {
    expect(() => parseNotebook('{"format":', 'a.json')).toThrow(
      /a\.json is not a flowbook notebook: not JSON/,
    );
    expect(() => parseNotebook(JSON.stringify({ ...base, version: 2 }), 'b.json')).toThrow(
      /format version 2; this flowbook reads version 1/,
    );
    const dup = { ...base, cells: [base.cells[0], base.cells[0]] };
    expect(() => parseNotebook(JSON.stringify(dup), 'c.json')).toThrow(/two cells have the id intro/);
    expect(() => parseNotebook(' '.repeat(3 * 1024 * 1024), 'd.json')).toThrow(/over the 2097152 byte limit/);
  });
});

describe('share links', () => {
  it.each(files)('%s survives encode → decode unchanged', async (f) => {
    const nb = parseNotebook(read(f), f);
    const link = await encodeShare(nb);
    expect(link).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(link.length).toBeLessThan(JSON.stringify(nb).length);
    expect(await decodeShare(link)).toEqual(nb);
  });

  it('names what is wrong with a cut, garbled or hostile link', async () => {
    const link = await encodeShare(base);
    await expect(decodeShare(link.slice(0, link.length >> 1))).rejects.toThrow(
      /the shared link is not a flowbook notebook: .*cut short/,
    );
    await expect(decodeShare('%%%')).rejects.toThrow(/not base64url/);
    const bomb = new Uint8Array(
      await new Response(
        new Blob([new Uint8Array(8 * 1024 * 1024)])
          .stream()
          .pipeThrough(new CompressionStream('deflate-raw')),
      ).arrayBuffer(),
    );
    await expect(decodeShare(toBase64Url(bomb))).rejects.toThrow(/expands past the 2097152 byte limit/);
    const evil = await encodeShare({ ...base, cells: [{ id: 'x', kind: 'python' }] } as unknown as Notebook);
    await expect(decodeShare(evil)).rejects.toThrow(/cells\/0: kind must be one of/);
  });
});

describe('example notebooks against a simulated session', () => {
  let engine: Engine;
  const rows = (sql: string) =>
    [...tableFromIPC(engine.query(sql))].map((r) => r.toJSON() as Record<string, unknown>);
  beforeAll(async () => {
    engine = createEngine({ connector: await createNodeConnector() });
    const m = new SimMarket({ seed: 3, rate: 600, startMs: Date.UTC(2026, 10, 20, 14, 30) });
    engine.ingest(encodeEvents(m.take(m.startMs + 8 * 60_000)));
    engine.refreshAnalytics();
  });

  const cells = files.flatMap((f) =>
    (JSON.parse(read(f)) as Notebook).cells.map((c) => [`${f} ${c.id} (${c.kind})`, c] as const),
  );
  it.each(cells)('%s runs', (_name, c) => {
    switch (c.kind) {
      case 'sql':
        expect(() => engine.query(c.sql)).not.toThrow();
        break;
      case 'chart': {
        const t = tableFromIPC(engine.query(c.sql));
        expect(
          missingColumns(
            c.chart,
            t.schema.fields.map((f) => f.name),
          ),
        ).toEqual([]);
        expect(t.numRows).toBeGreaterThan(0);
        break;
      }
      case 'tape':
      case 'flowview':
        expect(() =>
          engine.query(`SELECT count(*) FROM option_trades WHERE ${printPredicate(c.filter)}`),
        ).not.toThrow();
        expect(() =>
          engine.query(`SELECT count(*) FROM flows WHERE ${flowPredicate(c.filter)}`),
        ).not.toThrow();
        break;
      default:
        break;
    }
  });

  it('every chart kind’s default query returns its columns and rows', () => {
    for (const [kind, spec] of Object.entries(CHART_KINDS)) {
      const t = tableFromIPC(engine.query(spec.defaultSql));
      expect(
        missingColumns(
          kind as keyof typeof CHART_KINDS,
          t.schema.fields.map((f) => f.name),
        ),
        kind,
      ).toEqual([]);
      expect(t.numRows, kind).toBeGreaterThan(0);
    }
  });

  it('a print filter keeps exactly the prints its fields say', () => {
    const all = rows(
      'SELECT rid, underlying, side, sentiment, premium, size, dte, otm_pct, exchange, conditions, cancelled FROM option_trades',
    );
    const filter = {
      tickers: ['spy', 'QQQ'],
      minPremium: 5000,
      maxDte: 7,
      moneyness: 'otm' as const,
      sentiments: ['bullish' as const, 'bearish' as const],
    };
    const want = all
      .filter(
        (r) =>
          !r.cancelled &&
          ['SPY', 'QQQ'].includes(String(r.underlying)) &&
          Number(r.premium) >= 5000 &&
          Number(r.dte) <= 7 &&
          Number(r.otm_pct) > 0 &&
          ['bullish', 'bearish'].includes(String(r.sentiment)),
      )
      .map((r) => Number(r.rid));
    const got = rows(`SELECT rid FROM option_trades WHERE ${printPredicate(filter)} ORDER BY rid`).map((r) =>
      Number(r.rid),
    );
    expect(want.length).toBeGreaterThan(10);
    expect(got).toEqual(want);
    const iso = rows(
      `SELECT rid FROM option_trades WHERE ${printPredicate({ conditions: ['ISO'], venues: ['XCBO', 'XPHO'] })}`,
    );
    const isoWant = all.filter(
      (r) =>
        !r.cancelled &&
        ['XCBO', 'XPHO'].includes(String(r.exchange)) &&
        [...(r.conditions as Iterable<string>)].includes('ISO'),
    );
    expect(iso.length).toBe(isoWant.length);
    expect(iso.length).toBeGreaterThan(0);
  });

  it('kind and tag filters follow the parent orders, for prints and for flows', () => {
    const sweeps = rows(`SELECT id, prints FROM flows WHERE ${flowPredicate({ kinds: ['sweep'] })}`);
    expect(sweeps.length).toBeGreaterThan(0);
    const printsInSweeps = rows(
      `SELECT count(*) AS n FROM option_trades WHERE ${printPredicate({ kinds: ['sweep'], excludeCancelled: false })}`,
    );
    expect(Number(printsInSweeps[0]!.n)).toBe(sweeps.reduce((s, r) => s + Number(r.prints), 0));
    const golden = rows(`SELECT count(*) AS n FROM flows WHERE ${flowPredicate({ tags: ['golden-sweep'] })}`);
    const goldenWant = rows("SELECT count(*) AS n FROM flows WHERE list_contains(tags, 'golden-sweep')");
    expect(golden).toEqual(goldenWant);
    const sel = { source: 'v', ranges: [{ field: 'strike' as const, lo: 400, hi: 700 }] };
    const flowsInSel = rows(`SELECT count(*) AS n FROM flows WHERE ${flowPredicate({}, sel)}`);
    const flowsInSelWant = rows(
      'SELECT count(DISTINCT p.flow_id) AS n FROM flow_prints p JOIN option_trades t USING (rid) WHERE t.strike BETWEEN 400 AND 700',
    );
    expect(flowsInSel).toEqual(flowsInSelWant);
  });

  it('a brushed selection keeps only the prints of its view: its ranges and its filter', () => {
    const sel = {
      source: 'view',
      filter: { tickers: ['SPY'] },
      ranges: [
        { field: 'strike' as const, lo: 700, hi: 600 },
        { field: 'ts' as const, lo: Date.UTC(2026, 10, 20, 14, 31), hi: Date.UTC(2026, 10, 20, 14, 33) },
      ],
    };
    const all = rows('SELECT rid, underlying, strike, epoch_ms(ts) AS ms, cancelled FROM option_trades');
    const want = all
      .filter(
        (r) => r.underlying === 'SPY' && !r.cancelled && Number(r.strike) >= 600 && Number(r.strike) <= 700,
      )
      .filter((r) => Number(r.ms) >= sel.ranges[1]!.lo && Number(r.ms) <= sel.ranges[1]!.hi)
      .map((r) => Number(r.rid))
      .sort((a, b) => a - b);
    const got = rows(`SELECT rid FROM option_trades WHERE ${printPredicate({}, sel)} ORDER BY rid`).map((r) =>
      Number(r.rid),
    );
    expect(want.length).toBeGreaterThan(10);
    expect(got).toEqual(want);
    expect(selectionPredicate({ source: 'v', ranges: [] })).toBe('TRUE');
  });

  it('a filter value cannot break out of its SQL string', () => {
    const sql = `SELECT count(*) AS n FROM option_trades WHERE ${printPredicate({ tickers: ["SPY') OR (1=1"] })}`;
    expect(Number(rows(sql)[0]!.n)).toBe(0);
    expect(() => printPredicate({ minPremium: Number.NaN })).toThrow(/not a finite number/);
  });
});
