import { type RecordBatch, RecordBatchReader } from 'apache-arrow';
import type { Connector } from './db/connector.ts';
import { cancelSql, nextOiSql, SCHEMA_SQL } from './db/tables.ts';
import type { EnrichParams } from './enrich/params.ts';
import { type RowError, TradeEnricher } from './enrich/trade-enricher.ts';
import { batchesToIpc, EventEncoder } from './events/event-encoder.ts';
import { EVENT_TYPES, type EventType } from './events/event-types.ts';
import { EventView } from './events/event-view.ts';
import { WIRE_COLUMNS } from './events/wire-schema.ts';

export interface IngestReport {
  readonly rows: number;
  readonly byType: Readonly<Record<EventType, number>>;
  /** Rows skipped as malformed, with the first few reasons. */
  readonly skipped: number;
  readonly errors: readonly RowError[];
  readonly optionTrades: number;
}

export interface EngineStats {
  readonly optionTrades: number;
  readonly batches: number;
  readonly events: number;
  readonly skipped: number;
}

export interface Engine {
  /** Ingests one Arrow IPC stream (one or many record batches) of events. */
  ingest(ipc: Uint8Array): IngestReport;
  /** Runs SQL; the result as Arrow IPC stream bytes. */
  query(sql: string): Uint8Array;
  stats(): EngineStats;
  /** The enrichment parameters in force. */
  params(): EnrichParams;
  /** Replaces the enrichment parameters (validated; a bad value throws naming it) for prints from now on. */
  setParams(params: Partial<EnrichParams>): EnrichParams;
}

/** Thrown when bytes are not a readable Arrow IPC stream (truncated, corrupt, not Arrow). */
export class ArrowInputError extends Error {
  override readonly name = 'ArrowInputError';
}

const MAX_REPORTED_ERRORS = 20;
const WIRE_SIGNATURE = WIRE_COLUMNS.map((f) => `${f.name}:${f.type}`).join(',');

export function createEngine(deps: {
  connector: Connector;
  params?: Partial<EnrichParams> | undefined;
}): Engine {
  const enricher = new TradeEnricher(deps.params);
  const db = deps.connector;
  db.exec(SCHEMA_SQL);
  // SQL typed by the user must not reach the disk or the network; data only enters through ingest().
  db.exec('SET enable_external_access = false; SET lock_configuration = true;');
  let batches = 0;
  let events = 0;
  let skipped = 0;

  const ingestBatch = (
    batch: RecordBatch,
    whole: Uint8Array | null,
    counts: Record<EventType, number>,
    errors: RowError[],
  ) => {
    const view = new EventView(batch);
    const cancels: string[] = [];
    const oiDays = new Set<number>();
    const trades = enricher.process(view, errors, { counts, cancels, oiDays });
    if (trades) db.insertArrow('_option_trades', batchesToIpc([trades]));
    const canonical = batch.schema.fields.map((f) => `${f.name}:${f.type}`).join(',') === WIRE_SIGNATURE;
    db.insertArrow('_events', canonical ? (whole ?? batchesToIpc([batch])) : reencode(view));
    if (cancels.length > 0) db.exec(cancelSql(cancels));
    if (oiDays.size > 0) db.exec(nextOiSql([...oiDays]));
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
      while (!next.done) {
        const after = read();
        ingestBatch(next.value, rows === 0 && after.done ? ipc : null, counts, errors);
        rows += next.value.numRows;
        next = after;
      }
      skipped += errors.length;
      return {
        rows,
        byType: counts,
        skipped: errors.length,
        errors: errors.slice(0, MAX_REPORTED_ERRORS),
        optionTrades: enricher.rows - before,
      };
    },
    query: (sql) => db.query(sql),
    stats: () => ({ optionTrades: enricher.rows, batches, events, skipped }),
    params: () => enricher.parameters,
    setParams(params) {
      enricher.setParams(params);
      return enricher.parameters;
    },
  };
}

/** Rewrites a batch whose schema differs from the wire schema (a user's own Arrow file) into it. */
function reencode(v: EventView): Uint8Array {
  const enc = new EventEncoder();
  for (let i = 0; i < v.length; i++) {
    const type = v.type(i);
    const ts = v.tsNs(i) as never;
    const date = v.date(i);
    enc.addRaw({
      type: type ?? 'status',
      ts,
      date,
      contract: v.contract(i),
      symbol: v.symbol(i),
      price: v.price(i),
      size: v.size(i),
      bid: v.bid(i),
      ask: v.ask(i),
      bidSize: v.bidSize(i),
      askSize: v.askSize(i),
      exchange: v.exchange(i),
      conditions: v.conditions(i),
      rawConditions: v.rawConditions(i),
      id: v.id(i),
      oi: v.oi(i),
      status: type === null ? 'error' : v.status(i),
      message: type === null ? 'row with unknown event type' : v.message(i),
    });
  }
  return batchesToIpc([enc.finish()]);
}
