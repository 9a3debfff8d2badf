/** Where ingest time goes, ms summed since the engine started (docs/sessions.md, "Speed"). */
export interface IngestTimes {
  /** Reading Arrow IPC into record batches. */
  decode: number;
  /** Enrichment of every event (NBBO, side, IV and Greeks…) into `_option_trades` columns. */
  enrich: number;
  /** DuckDB insert of the enriched prints into `_option_trades`. */
  tradeStore: number;
  /** DuckDB insert of the raw events into `_events`. */
  eventStore: number;
  /**
   * DuckDB updates: `_option_trades` (cancels, next-day open interest), the watermark, and at each
   * checkpoint the commit, the deletes of replaced flow rows and the checkpoint itself.
   */
  updates: number;
  /** Grouping and classifying prints into flows. */
  flows: number;
  /** Building the flow, flow-print and evidence rows. */
  flowRows: number;
  /** DuckDB inserts of flow, flow-print and evidence rows. */
  flowStore: number;
}

export type IngestPhase = keyof IngestTimes;

/** Adds the time since the last lap to a phase; one clock for one engine's ingest. */
export class PhaseClock {
  readonly times: IngestTimes = {
    decode: 0,
    enrich: 0,
    tradeStore: 0,
    eventStore: 0,
    updates: 0,
    flows: 0,
    flowRows: 0,
    flowStore: 0,
  };
  private last = performance.now();

  start(): void {
    this.last = performance.now();
  }

  /** Adds time measured elsewhere (the flow worker's, or a step timed on its own). */
  add(phase: IngestPhase, ms: number): void {
    this.times[phase] += ms;
  }

  lap(phase: IngestPhase): void {
    const now = performance.now();
    this.times[phase] += now - this.last;
    this.last = now;
  }
}
