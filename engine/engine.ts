import { type RecordBatch, RecordBatchReader } from 'apache-arrow';
import { ANALYTICS_SQL } from './analytics/analytics-sql.ts';
import { AnalyticsTables, type RefreshReport } from './analytics/analytics.ts';
import { type AnalyticsParams, resolveAnalyticsParams } from './analytics/params.ts';
import { MinutePrices } from './analytics/minute-prices.ts';
import { StreamQuality } from './analytics/stream-quality.ts';
import type { Connector } from './db/connector.ts';
import {
  CLEAR_FLOWS_SQL,
  cancelRidsSql,
  cancelSql,
  deleteFlowsSql,
  paramsSql,
  nextOiSql,
  SCHEMA_SQL,
  sqlString,
  watermarkSql,
} from './db/tables.ts';
import { type EnrichParams, resolveEnrichParams } from './enrich/params.ts';
import { type PrintCancel, type RowError, TradeEnricher } from './enrich/trade-enricher.ts';
import { batchesToIpc, EventEncoder } from './events/event-encoder.ts';
import { EVENT_TYPES, type EventType } from './events/event-types.ts';
import { EventView } from './events/event-view.ts';
import { isWireSchema } from './events/wire-schema.ts';
import { FlowBuilder, type FlowChanges } from './flow/flow-builder.ts';
import { flowBatches } from './flow/flow-columns.ts';
import type { FlowPrint } from './flow/flow-print.ts';
import { type FlowParams, resolveFlowParams } from './flow/params.ts';
import { storedPrints } from './flow/stored-prints.ts';
import { ipcHeaderProblem } from './events/ipc-header.ts';
import { viewRow } from './events/view-rows.ts';
import { type IngestTimes, PhaseClock } from './phase-clock.ts';

/**
 * Every parameter the engine uses: enrichment (docs/conventions.md), flows (docs/classifiers.md) and
 * analytics (docs/analytics.md).
 */
export type EngineParams = EnrichParams & { readonly flow: FlowParams; readonly analytics: AnalyticsParams };
/** Overrides: any enrichment parameter, any flow parameter under `flow`, any analytics one under `analytics`. */
export type EngineParamsInput = Partial<EnrichParams> & {
  readonly flow?: Partial<FlowParams> | undefined;
  readonly analytics?: Partial<AnalyticsParams> | undefined;
};

export interface IngestReport {
  readonly rows: number;
  readonly byType: Readonly<Record<EventType, number>>;
  /** Rows skipped as malformed, with the first few reasons. */
  readonly skipped: number;
  readonly errors: readonly RowError[];
  readonly optionTrades: number;
  /** Flows written (new or changed) and deleted by this ingest. */
  readonly flowsWritten: number;
  readonly flowsDeleted: number;
  /** The relay sequence range of a live message (docs/events.md), or null for other input. */
  readonly seq: { readonly session: string; readonly from: number; readonly to: number } | null;
  /** Live messages missed just before this one (the socket dropped, or the relay disconnected us). */
  readonly gap: { readonly from: number; readonly to: number } | null;
  /** A message already ingested (same relay session, sequence not past the last): skipped whole. */
  readonly duplicate: boolean;
}

export interface EngineStats {
  readonly optionTrades: number;
  readonly batches: number;
  readonly events: number;
  readonly skipped: number;
  /** Live messages missed (sum of gap lengths) and duplicates skipped. */
  readonly missedMessages: number;
  readonly duplicateMessages: number;
  /** Option prints the flow builder holds in memory, not yet sealed (docs/classifiers.md). */
  readonly flowPrintsHeld: number;
  /** Where ingest time went, ms per phase. */
  readonly ingestMs: Readonly<IngestTimes>;
}

export interface Engine {
  /** Ingests one Arrow IPC stream (one or many record batches) of events. */
  ingest(ipc: Uint8Array): IngestReport;
  /**
   * Runs SQL; the result as Arrow IPC stream bytes. A query reading option_chain, gamma_profile,
   * bar_indicators or a view over them first recomputes them when due (docs/analytics.md).
   */
  query(sql: string): Uint8Array;
  /** Recomputes option_chain, gamma_profile and bar_indicators now. */
  refreshAnalytics(): RefreshReport;
  stats(): EngineStats;
  /** The parameters in force. */
  params(): EngineParams;
  /**
   * Replaces parameters (validated; a bad value throws naming it). Enrichment parameters apply to
   * prints from now on; flow parameters regroup and reclassify every print received so far;
   * analytics parameters apply to the next read of every analytics table and view.
   */
  setParams(params: EngineParamsInput): EngineParams;
}

/** Thrown when bytes are not a readable Arrow IPC stream (truncated, corrupt, not Arrow). */
export class ArrowInputError extends Error {
  override readonly name = 'ArrowInputError';
}

const MAX_REPORTED_ERRORS = 20;
/** The engine's database: in memory, compressed. */
const DATABASE = 'flowbook';
/** Events ingested between checkpoints (each compresses what was appended since the last). */
const CHECKPOINT_ROWS = 1_000_000;
/** A checkpoint threshold no session reaches: DuckDB never checkpoints on its own. */
const NO_AUTO_CHECKPOINT = '1000TB';
/** Prints read back per step when a flow parameter change regroups the session. */
const REGROUP_CHUNK = 65_536;

/**
 * Where the engine's tables live: in memory (the default), or in a database file the connector can
 * open (in the browser, an Origin Private File System file registered with DuckDB-WASM), under a
 * memory limit: DuckDB then keeps checkpointed blocks in the file and only the ones in use in memory.
 */
export interface EngineStorage {
  /** A path the connector's file system opens; it must hold an empty database (emptyDatabaseFile). */
  readonly path: string;
  /** DuckDB's `memory_limit`, e.g. '1GB'. */
  readonly memoryLimit: string;
}

export function createEngine(deps: {
  connector: Connector;
  params?: EngineParamsInput | undefined;
  storage?: EngineStorage | undefined;
}): Engine {
  const { flow: flowParams, analytics: analyticsInput, ...enrichParams } = deps.params ?? {};
  const enricher = new TradeEnricher(enrichParams);
  const flows = new FlowBuilder(flowParams);
  let analyticsParams = resolveAnalyticsParams(analyticsInput);
  const db = deps.connector;
  // In memory, attached with COMPRESS (a file database always compresses), a CHECKPOINT compresses
  // the row groups appended since the last one (dictionary and FSST strings, bit-packed integers,
  // ALP doubles): 55 instead of 98 MiB for 2M simulated events (duckdb_memory()); rows not yet
  // checkpointed stay uncompressed.
  if (deps.storage) {
    db.exec(`ATTACH ${sqlString(deps.storage.path)} AS ${DATABASE}; USE ${DATABASE};`);
    db.exec(`SET memory_limit = ${sqlString(deps.storage.memoryLimit)};`);
  } else db.exec(`ATTACH ':memory:' AS ${DATABASE} (COMPRESS); USE ${DATABASE};`);
  // DuckDB also checkpoints by itself whenever 16 MiB of changes pile up (checkpoint_threshold), a
  // pass that rewrites what changed; on a day of events that ran every few inserts and made the raw
  // event insert 7× slower (21.3 s instead of 2.9 s for 1.86M events). Only the CHECKPOINT below runs.
  db.exec(`SET checkpoint_threshold = '${NO_AUTO_CHECKPOINT}';`);
  db.exec(SCHEMA_SQL);
  db.exec(ANALYTICS_SQL);
  const writeParams = () => db.exec(paramsSql({ ...flows.parameters, ...analyticsParams }));
  writeParams();
  // DuckDB runs an ASOF join whose left side it estimates at 64 rows or fewer as a nested loop; it
  // estimates an unnest (the vpin view's bucket boundaries) at one row per input, so that plan took 16 s
  // instead of 0.2 s on an hour of prints. The sort-merge ASOF join is right at every size here.
  db.exec('SET asof_loop_join_threshold = 0;');
  // SQL typed by the user must not reach the disk or the network; data only enters through ingest().
  // Without the autoload switches off, a query naming an extension's function (json_extract) waits
  // forever for a download that cannot happen offline, instead of failing with a clear error.
  db.exec(
    'SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;' +
      'SET enable_external_access = false; SET lock_configuration = true;',
  );
  let batches = 0;
  let events = 0;
  let sinceCheckpoint = 0;
  let skipped = 0;
  let watermark = -1n;
  let written = -1n;
  let session: string | null = null;
  let lastSeq = 0;
  let missed = 0;
  let duplicates = 0;
  const streams = new StreamQuality();
  const prices = new MinutePrices();
  const analytics = new AnalyticsTables(
    db,
    enricher,
    () => ({ enrich: enricher.parameters, analytics: analyticsParams }),
    () => (watermark < 0n ? null : Number(watermark / 1000n) / 1000),
    streams,
    prices,
  );

  const clock = new PhaseClock();
  const writeFlows = (ch: FlowChanges) => {
    clock.lap('flows');
    if (ch.removed.size > 0) db.exec(deleteFlowsSql(ch.removed, ch.since));
    clock.lap('flowStore');
    if (ch.upserted.length > 0) {
      const b = flowBatches(ch.upserted, ch.written);
      const ipc = [b.flows, b.prints, b.evidence].map((x) => (x ? batchesToIpc([x]) : null));
      clock.lap('flowRows');
      db.insertArrow('_flows', ipc[0]!);
      db.insertArrow('_flow_prints', ipc[1]!);
      if (ipc[2]) db.insertArrow('_flow_evidence', ipc[2]);
      clock.lap('flowStore');
    }
    return ch;
  };

  /** Feeds every live print back from `_option_trades`, in arrival order, to a builder started over. */
  const regroup = () => {
    for (let after = 0; ;) {
      const prints = storedPrints(db, after, REGROUP_CHUNK);
      for (const p of prints) flows.add(p);
      writeFlows(flows.flush());
      if (prints.length < REGROUP_CHUNK) break;
      after = prints[prints.length - 1]!.rid;
    }
  };

  const ingestBatch = (
    batch: RecordBatch,
    whole: Uint8Array | null,
    counts: Record<EventType, number>,
    errors: RowError[],
  ) => {
    clock.lap('decode');
    const view = new EventView(batch);
    const cancels: PrintCancel[] = [];
    const oiDays = new Set<number>();
    const prints: FlowPrint[] = [];
    const tally = { counts, cancels, oiDays, prints, maxTsNs: -1n, quality: streams, prices };
    const trades = enricher.process(view, errors, tally);
    const tradesIpc = trades ? batchesToIpc([trades]) : null;
    clock.lap('enrich');
    if (tradesIpc) db.insertArrow('_option_trades', tradesIpc);
    clock.lap('tradeStore');
    for (const p of prints) flows.add(p);
    // A held print is marked by row id (row-group min/max prune the scan); others by a scan for the id.
    const unheld: PrintCancel[] = [];
    const rids: number[] = [];
    for (const c of cancels) {
      const found = flows.cancel(c.id, c.rid);
      if (found === null) unheld.push(c);
      else rids.push(...found);
    }
    if (tally.maxTsNs > watermark) watermark = tally.maxTsNs;
    clock.lap('flows');
    const canonical = isWireSchema(batch.schema);
    db.insertArrow('_events', canonical ? (whole ?? batchesToIpc([batch])) : reencode(view));
    clock.lap('eventStore');
    if (unheld.length > 0) db.exec(cancelSql(unheld));
    if (rids.length > 0) db.exec(cancelRidsSql(rids));
    if (oiDays.size > 0) db.exec(nextOiSql([...oiDays]));
    clock.lap('updates');
    batches += 1;
    events += view.length;
  };

  return {
    ingest(ipc) {
      const counts = Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])) as Record<EventType, number>;
      const errors: RowError[] = [];
      const before = enricher.rows;
      let rows = 0;
      let reader: Iterator<RecordBatch>;
      clock.start();
      const refused = ipcHeaderProblem(ipc);
      if (refused) throw new ArrowInputError(`refused: ${refused}`);
      try {
        reader = RecordBatchReader.from(ipc)[Symbol.iterator]();
      } catch (cause) {
        throw new ArrowInputError(`not an Arrow IPC stream: ${(cause as Error).message}`, { cause });
      }
      const read = (): IteratorResult<RecordBatch> => {
        try {
          return reader.next();
        } catch (cause) {
          throw new ArrowInputError(
            `truncated or corrupt Arrow IPC stream after ${rows} rows: ${(cause as Error).message}`,
            { cause },
          );
        }
      };
      // One batch of lookahead: a single-batch stream (every relay message) goes to DuckDB as the
      // bytes it arrived in instead of being written again.
      let next = read();
      const live = next.done ? null : liveSeq(next.value);
      let gap: IngestReport['gap'] = null;
      if (live) {
        if (live.session !== session) {
          // A new relay (or its first message to us): numbering starts where we joined.
          session = live.session;
          lastSeq = live.from - 1;
        }
        if (live.to <= lastSeq) {
          duplicates += 1;
          const byType = Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])) as Record<EventType, number>;
          return { ...EMPTY_REPORT, byType, seq: live, duplicate: true };
        }
        if (live.from > lastSeq + 1) {
          gap = { from: lastSeq + 1, to: live.from - 1 };
          missed += gap.to - gap.from + 1;
        }
        lastSeq = live.to;
      }
      while (!next.done) {
        const after = read();
        ingestBatch(next.value, rows === 0 && after.done ? ipc : null, counts, errors);
        rows += next.value.numRows;
        next = after;
      }
      skipped += errors.length;
      clock.lap('decode');
      const ch = writeFlows(flows.flush());
      if (watermark > written) {
        db.exec(watermarkSql(watermark));
        written = watermark;
      }
      sinceCheckpoint += rows;
      if (sinceCheckpoint >= CHECKPOINT_ROWS) {
        db.exec('CHECKPOINT');
        sinceCheckpoint = 0;
      }
      clock.lap('updates');
      analytics.changed();
      return {
        rows,
        byType: counts,
        skipped: errors.length,
        errors: errors.slice(0, MAX_REPORTED_ERRORS),
        optionTrades: enricher.rows - before,
        flowsWritten: ch.upserted.length,
        flowsDeleted: ch.removed.size,
        seq: live,
        gap,
        duplicate: false,
      };
    },
    query(sql) {
      analytics.beforeQuery(sql);
      const out = db.query(sql);
      analytics.afterQuery(sql);
      return out;
    },
    refreshAnalytics: () => analytics.refresh(),
    stats: () => ({
      optionTrades: enricher.rows,
      batches,
      events,
      skipped,
      missedMessages: missed,
      duplicateMessages: duplicates,
      flowPrintsHeld: flows.heldPrints,
      ingestMs: { ...clock.times },
    }),
    params: () => ({ ...enricher.parameters, flow: flows.parameters, analytics: analyticsParams }),
    setParams(params) {
      const { flow, analytics: nextAnalyticsInput, ...enrich } = params;
      // Validate all before changing any, so a bad value leaves everything as it was.
      const nextFlow = resolveFlowParams({ ...flows.parameters, ...flow });
      const nextEnrich = resolveEnrichParams({ ...enricher.parameters, ...enrich });
      const nextAnalytics = resolveAnalyticsParams(nextAnalyticsInput, analyticsParams);
      enricher.setParams(nextEnrich);
      analyticsParams = nextAnalytics;
      if (flow !== undefined && Object.keys(flow).length > 0) {
        flows.setParams(nextFlow);
        db.exec(CLEAR_FLOWS_SQL);
        regroup();
      }
      writeParams();
      analytics.invalidate();
      return { ...enricher.parameters, flow: flows.parameters, analytics: analyticsParams };
    },
  };
}

const EMPTY_REPORT = {
  rows: 0,
  skipped: 0,
  errors: [],
  optionTrades: 0,
  flowsWritten: 0,
  flowsDeleted: 0,
  gap: null,
} as const;

/** The relay's sequence metadata of a live message (`flowbook.seq`, `flowbook.seq_from`, `flowbook.session`). */
function liveSeq(batch: RecordBatch): IngestReport['seq'] {
  const m = batch.schema.metadata;
  const to = Number(m.get('flowbook.seq'));
  if (!Number.isSafeInteger(to) || to < 1) return null;
  const from = Number(m.get('flowbook.seq_from') ?? to);
  return {
    session: m.get('flowbook.session') ?? '',
    from: Number.isSafeInteger(from) && from <= to ? from : to,
    to,
  };
}

/** Rewrites a batch whose schema differs from the wire schema (a user's own Arrow file) into it. */
function reencode(v: EventView): Uint8Array {
  const enc = new EventEncoder();
  for (let i = 0; i < v.length; i++) enc.addRaw(viewRow(v, i));
  return batchesToIpc([enc.finish()]);
}
