import { type RecordBatch, RecordBatchReader, tableFromIPC } from 'apache-arrow';
import { ANALYTICS_SQL } from './analytics/analytics-sql.ts';
import { AnalyticsTables, type RefreshReport } from './analytics/analytics.ts';
import { type AnalyticsParams, resolveAnalyticsParams } from './analytics/params.ts';
import { MinutePrices } from './analytics/minute-prices.ts';
import { StreamQuality } from './analytics/stream-quality.ts';
import type { Connector } from './db/connector.ts';
import { StaleFlows } from './db/stale-flows.ts';
import { WriteTransaction } from './db/write-transaction.ts';
import {
  CLEAR_FLOWS_SQL,
  cancelRidsSql,
  cancelSql,
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
import { FlowBuilder } from './flow/flow-builder.ts';
import { type FlowRequest, type FlowResult, runFlowStep } from './flow/flow-step.ts';
import { type FlowParams, resolveFlowParams } from './flow/params.ts';
import { PRINT_COLUMNS } from './flow/trade-prints.ts';
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
  /**
   * Flows written (new or changed) and deleted by this ingest; null when a flow worker builds them
   * (they land when its result arrives: Engine.flowsApplied).
   */
  readonly flowsWritten: number | null;
  readonly flowsDeleted: number | null;
  /** The relay sequence range of a live message (docs/events.md), or null for other input. */
  readonly seq: { readonly session: string; readonly from: number; readonly to: number } | null;
  /** Live messages missed just before this one (the socket dropped, or the relay disconnected us). */
  readonly gap: { readonly from: number; readonly to: number } | null;
  /** A message already ingested (same relay session, sequence not past the last): skipped whole. */
  readonly duplicate: boolean;
  /** The latest event time ingested so far, ns since the epoch (null before any). */
  readonly latestTs: bigint | null;
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
   * analytics parameters apply to the next read of every analytics table and view. Flow parameters
   * equal to those in force change nothing; a change during a regroup starts the regroup over.
   * A `params` event in the stream (docs/sessions.md) does the same between its neighbours.
   */
  setParams(params: EngineParamsInput): EngineParams;
  /** With a flow worker: applies one of its messages (results come in the order requests went). */
  receiveFlows(message: FlowReply): void;
  /**
   * Flow requests sent so far, results applied, and whether a regroup is still reading prints back:
   * a reader waits until applied reaches the count it saw and no regroup runs.
   */
  flowsApplied(): { readonly sent: number; readonly applied: number; readonly regrouping: boolean };
}

/** What the engine sends a flow worker: parameters (which start its builder over), or a step. */
export type FlowMessage = { readonly params: FlowParams } | { readonly step: FlowRequest };
/** What a flow worker answers: a step's result, or why it stopped (no later result comes). */
export type FlowReply = { readonly result: FlowResult } | { readonly error: string };

/**
 * A flow worker (engine/flow/flow-worker.ts) reached by messages: flows are then grouped and
 * classified on another core while this one enriches and stores, and their rows arrive as Arrow IPC.
 */
export interface FlowChannel {
  post(message: FlowMessage): void;
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
  /** Builds flows in a flow worker instead of in place. */
  flowChannel?: FlowChannel | undefined;
}): Engine {
  const { flow: flowInput, analytics: analyticsInput, ...enrichParams } = deps.params ?? {};
  const enricher = new TradeEnricher(enrichParams);
  let flowParams = resolveFlowParams(flowInput ?? {});
  const channel = deps.flowChannel ?? null;
  const builder = channel ? null : new FlowBuilder(flowParams);
  channel?.post({ params: flowParams });
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
  // Each commit of the write transaction (db/write-transaction.ts) leaves a partly filled row group
  // at the end of each table, and a checkpoint's vacuum merged them, decompressing and compressing
  // them again: checkpoints took about 2 s per million events instead of 0.1 s (Node, the simulated
  // day). Without it those row groups stay as they are, and rows deleted from a row group stay in
  // its storage, marked deleted; the file was smaller, 322 MB instead of 408 MB after 3.1M events.
  db.exec('SET max_vacuum_tasks = 0;');
  db.exec(SCHEMA_SQL);
  db.exec(ANALYTICS_SQL);
  const tx = new WriteTransaction(db);
  const stale = new StaleFlows();
  /** Commits the ingested rows, then deletes the flow rows they replaced (in a transaction of their own). */
  const commit = () => {
    tx.commit();
    const deletes = stale.take();
    if (deletes === null) return;
    tx.write(() => db.exec(deletes));
    tx.commit();
  };
  const writeParams = () => tx.write(() => db.exec(paramsSql({ ...flowParams, ...analyticsParams })));
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
  const latestTs = () => (watermark < 0n ? null : watermark);
  let written = -1n;
  let session: string | null = null;
  let lastSeq = 0;
  let missed = 0;
  let duplicates = 0;
  let held = 0;
  let sent = 0;
  let applied = 0;
  /** A regroup in progress reads prints up to this row id; steps of later ingests wait for it. */
  let regroupUntil: number | null = null;
  /** A flow worker's regroup starts once the results of the steps sent before the change are in. */
  let regroupAt: number | null = null;
  const deferred: FlowRequest[] = [];
  /** Results of the requests sent before this count belong to a regroup that was started over: dropped. */
  let dropUntil = 0;
  let flowFailure: string | null = null;
  const streams = new StreamQuality();
  const prices = new MinutePrices();
  const analytics = new AnalyticsTables(
    db,
    enricher,
    () => ({ enrich: enricher.parameters, analytics: analyticsParams }),
    () => {
      const ns = latestTs();
      return ns === null ? null : Number(ns / 1000n) / 1000;
    },
    streams,
    prices,
  );

  const clock = new PhaseClock();
  /** A held print is marked by row id (row-group min/max prune the scan); others by a scan for the id. */
  const markCancels = (r: FlowResult) => {
    if (r.unheld.length > 0) db.exec(cancelSql(r.unheld));
    if (r.heldRids.length > 0) db.exec(cancelRidsSql(r.heldRids));
  };
  const applyFlows = (r: FlowResult) => {
    clock.add('flows', r.flowsMs);
    clock.add('flowRows', r.flowRowsMs);
    if (applied < dropUntil) {
      // Its flows are rebuilt by the regroup that replaced it; the cancels it found still stand.
      tx.write(() => markCancels(r));
      applied += 1;
      if (regroupAt !== null && applied >= regroupAt) startRegroup();
      return;
    }
    tx.write(() => {
      const t0 = performance.now();
      if (r.removed.length > 0) stale.add(r.removed, r.since, r.written);
      if (r.flows) db.insertArrow('_flows', r.flows);
      if (r.prints) db.insertArrow('_flow_prints', r.prints);
      if (r.evidence) db.insertArrow('_flow_evidence', r.evidence);
      const t1 = performance.now();
      clock.add('flowStore', t1 - t0);
      markCancels(r);
      clock.add('updates', performance.now() - t1);
    });
    held = r.held;
    applied += 1;
    analytics.changed();
    if (regroupAt !== null && applied >= regroupAt) startRegroup();
    else if (r.regroup) {
      if (r.printCount === REGROUP_CHUNK) regroupAfter(r.lastRid);
      else {
        regroupUntil = null;
        for (const req of deferred.splice(0)) post(req);
      }
    }
  };
  const post = (req: FlowRequest) => channel!.post({ step: req });
  /** The flow worker failed, or its rows could not be stored: no more results will come. */
  const stopFlows = (why: string) => {
    flowFailure = why;
    // Readers waiting on results stop waiting.
    applied = sent;
    deferred.length = 0;
    regroupUntil = null;
    regroupAt = null;
  };

  /** Sends one request to the builder: run in place, or posted to the flow worker (deferred behind a regroup). */
  const submit = (req: FlowRequest): FlowResult | null => {
    sent += 1;
    if (builder) {
      const r = runFlowStep(builder, req);
      applyFlows(r);
      return r;
    }
    if (regroupUntil !== null && !req.regroup) deferred.push(req);
    else post(req);
    return null;
  };

  const startRegroup = () => {
    regroupAt = null;
    stale.clear();
    tx.write(() => db.exec(CLEAR_FLOWS_SQL));
    regroupAfter(0);
  };

  /**
   * Feeds live prints back from `_option_trades`, in arrival order and chunks, to a builder started
   * over: each chunk's result asks for the next, up to the last print stored when the regroup began.
   */
  const regroupAfter = (after: number) => {
    const trades = db.query(
      `SELECT ${PRINT_COLUMNS.join(', ')} FROM _option_trades WHERE NOT cancelled AND rid > ${after} AND rid <= ${regroupUntil} ORDER BY rid LIMIT ${REGROUP_CHUNK}`,
    );
    submit({ batches: [{ trades, cancels: [] }], regroup: true });
  };

  const ingestBatch = (
    view: EventView,
    whole: Uint8Array | null,
    counts: Record<EventType, number>,
    errors: RowError[],
  ) => {
    const batch = view.batch;
    const cancels: PrintCancel[] = [];
    const oiDays = new Set<number>();
    const tally = { counts, cancels, oiDays, maxTsNs: -1n, quality: streams, prices };
    const enriched = enricher.process(view, errors, tally);
    const trades = enriched ? batchesToIpc([enriched]) : null;
    clock.lap('enrich');
    // DuckDB copies the bytes in; the flow builder gets them after (transferred to a flow worker).
    if (trades) db.insertArrow('_option_trades', trades);
    if (trades || cancels.length > 0) step.push({ trades, cancels });
    if (tally.maxTsNs > watermark) watermark = tally.maxTsNs;
    clock.lap('tradeStore');
    const canonical = isWireSchema(batch.schema);
    db.insertArrow('_events', canonical ? (whole ?? batchesToIpc([batch])) : reencode(view));
    clock.lap('eventStore');
    if (oiDays.size > 0) db.exec(nextOiSql([...oiDays]));
    clock.lap('updates');
    batches += 1;
    events += view.length;
  };
  let step: { trades: Uint8Array | null; cancels: PrintCancel[] }[] = [];

  const setParams = (params: EngineParamsInput): EngineParams => {
    const { flow, analytics: nextAnalyticsInput, ...enrich } = params;
    // Validate all before changing any, so a bad value leaves everything as it was.
    if (flowFailure !== null) throw new Error(`flows stopped: ${flowFailure}`);
    const nextFlow = resolveFlowParams({ ...flowParams, ...flow });
    const nextEnrich = resolveEnrichParams({ ...enricher.parameters, ...enrich });
    const nextAnalytics = resolveAnalyticsParams(nextAnalyticsInput, analyticsParams);
    enricher.setParams(nextEnrich);
    analyticsParams = nextAnalytics;
    if (!sameValues(nextFlow, flowParams)) {
      flowParams = nextFlow;
      if (builder) {
        regroupUntil = lastRid(db);
        builder.setParams(nextFlow);
        startRegroup();
      } else {
        if (regroupUntil !== null) {
          // A regroup is under way: its results still to come are dropped and the regroup starts over
          // with these parameters. The prints held back for it are stored (the new regroup reads them);
          // their cancels are marked by id here, as the builder never sees them.
          const held = deferred.splice(0);
          // They were counted as sent when they were held back and will never be answered: count them
          // as answered, so every count a reader waits for is still reached.
          applied += held.length;
          dropUntil = sent;
          const cancels = held.flatMap((req) => req.batches.flatMap((b) => b.cancels));
          if (cancels.length > 0) tx.write(() => db.exec(cancelSql(cancels)));
        }
        regroupUntil = lastRid(db);
        channel!.post({ params: nextFlow });
        regroupAt = sent;
        if (applied >= regroupAt) startRegroup();
      }
    }
    writeParams();
    analytics.invalidate();
    return { ...enricher.parameters, flow: flowParams, analytics: analyticsParams };
  };

  /**
   * A `params` event: the prints before it go to the flows first, then its parameters apply. A bad
   * one is a row error; the events around it are ingested all the same.
   */
  const applyParamsEvent = (text: string | null, row: number, errors: RowError[]) => {
    flushStep();
    try {
      const input: unknown = JSON.parse(text ?? '');
      if (typeof input !== 'object' || input === null || Array.isArray(input))
        throw new Error('not a JSON object');
      setParams(input as EngineParamsInput);
    } catch (e) {
      errors.push({ row, reason: `params event not applied: ${(e as Error).message}` });
    }
  };
  /** Flows written and deleted by this ingest's steps (with the builder in place). */
  const flowsChanged = { written: 0, deleted: 0 };
  /** Sends the prints and cancels stored since the last step to the flows. */
  const flushStep = () => {
    if (step.length === 0) return;
    const r = submit({ batches: step, regroup: false });
    step = [];
    if (r) flowsChanged.written += r.upserted;
    if (r) flowsChanged.deleted += r.removed.length;
  };

  return {
    ingest(ipc) {
      if (flowFailure !== null) throw new Error(`flows stopped: ${flowFailure}`);
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
          return {
            ...EMPTY_REPORT,
            byType,
            seq: live,
            duplicate: true,
            latestTs: latestTs(),
          };
        }
        if (live.from > lastSeq + 1) {
          gap = { from: lastSeq + 1, to: live.from - 1 };
          missed += gap.to - gap.from + 1;
        }
        lastSeq = live.to;
      }
      flowsChanged.written = 0;
      flowsChanged.deleted = 0;
      tx.write(() => {
        try {
          while (!next.done) {
            const after = read();
            clock.lap('decode');
            const view = new EventView(next.value);
            const cuts = view.rowsOf('params');
            if (cuts.length === 0) ingestBatch(view, rows === 0 && after.done ? ipc : null, counts, errors);
            else {
              // Each params event applies between the events before and after it.
              let from = 0;
              for (const cut of [...cuts, view.length - 1]) {
                if (cut < from) continue;
                const part = new EventView(next.value.slice(from, cut + 1));
                const seen = errors.length;
                ingestBatch(part, null, counts, errors);
                for (let e = seen; e < errors.length; e++)
                  errors[e] = { ...errors[e]!, row: errors[e]!.row + from };
                if (part.type(part.length - 1) === 'params')
                  applyParamsEvent(part.message(part.length - 1), cut, errors);
                from = cut + 1;
              }
            }
            rows += next.value.numRows;
            next = after;
          }
        } finally {
          // Batches stored before a failure reach the flows too.
          clock.lap('decode');
          flushStep();
          clock.start();
        }
        if (watermark > written) {
          db.exec(watermarkSql(watermark));
          written = watermark;
        }
      });
      skipped += errors.length;
      sinceCheckpoint += rows;
      if (sinceCheckpoint >= CHECKPOINT_ROWS) {
        commit();
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
        flowsWritten: builder ? flowsChanged.written : null,
        flowsDeleted: builder ? flowsChanged.deleted : null,
        seq: live,
        gap,
        duplicate: false,
        latestTs: latestTs(),
      };
    },
    query(sql) {
      commit();
      analytics.beforeQuery(sql);
      let out: Uint8Array;
      try {
        out = db.query(sql);
      } finally {
        tx.endUserTransaction();
      }
      analytics.afterQuery(sql);
      return out;
    },
    refreshAnalytics: () => {
      commit();
      return analytics.refresh();
    },
    stats: () => ({
      optionTrades: enricher.rows,
      batches,
      events,
      skipped,
      missedMessages: missed,
      duplicateMessages: duplicates,
      flowPrintsHeld: held,
      ingestMs: { ...clock.times },
    }),
    params: () => ({ ...enricher.parameters, flow: flowParams, analytics: analyticsParams }),
    setParams,
    receiveFlows(message) {
      if (flowFailure !== null) return;
      if ('error' in message) return stopFlows(message.error);
      try {
        applyFlows(message.result);
      } catch (cause) {
        stopFlows(`storing flows failed: ${(cause as Error).message}`);
      }
    },
    flowsApplied: () => ({ sent, applied, regrouping: regroupUntil !== null }),
  };
}

const sameValues = (a: object, b: object): boolean => {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return Object.keys(x).length === Object.keys(y).length && Object.keys(x).every((k) => x[k] === y[k]);
};

/** The last row id in `_option_trades` (0 when empty). */
function lastRid(db: Connector): number {
  const t = tableFromIPC(db.query('SELECT CAST(coalesce(max(rid), 0) AS DOUBLE) AS r FROM _option_trades'));
  return Number(t.getChild('r')?.get(0) ?? 0);
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
