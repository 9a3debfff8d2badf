import { Float64, Int32, type RecordBatch, TimestampNanosecond } from 'apache-arrow';
import { BigIntColumn, NumberColumn, recordBatch, Utf8Column } from '../events/columns.ts';

/** The event streams whose health is tracked: one per event type that carries market data. */
export const STREAMS = ['option_trade', 'option_quote', 'equity_trade', 'equity_quote'] as const;
export type Stream = (typeof STREAMS)[number];

const MINUTE_NS = 60_000_000_000n;
/** Silences shorter than this are not remembered (qualityGapSeconds cannot go below it). */
const MIN_GAP_NS = 1_000_000_000n;

interface StreamState {
  first: bigint;
  last: bigint;
  events: number;
  minutes: Set<number>;
  /** Every silence of at least a second between consecutive event times, in ns. */
  gaps: bigint[];
  maxGap: bigint;
}

/**
 * Per stream and symbol, as events arrive: first and last event time, count, the minutes with data and
 * the silences between events. `data_quality` reads a snapshot of it (docs/analytics.md).
 */
export class StreamQuality {
  private readonly states = STREAMS.map(() => new Map<string, StreamState>());
  /** The session's first non-late print (quotes and open interest arrive before the open). */
  private start = -1n;

  observe(stream: Stream, symbol: string, ts: bigint): void {
    const map = this.states[STREAMS.indexOf(stream)]!;
    let s = map.get(symbol);
    if (s === undefined) {
      s = { first: ts, last: ts, events: 0, minutes: new Set(), gaps: [], maxGap: 0n };
      map.set(symbol, s);
    }
    s.events += 1;
    s.minutes.add(Number(ts / MINUTE_NS));
    if (ts > s.last) {
      const gap = ts - s.last;
      if (gap >= MIN_GAP_NS) s.gaps.push(gap);
      if (gap > s.maxGap) s.maxGap = gap;
      s.last = ts;
    }
    if (ts < s.first) s.first = ts;
  }

  /** A print that opens the session if it is the earliest so far. */
  print(ts: bigint): void {
    if (this.start < 0n || ts < this.start) this.start = ts;
  }

  /** The rows of `_stream_quality` as of the watermark, gaps counted against `gapSeconds`. */
  batch(watermarkNs: bigint, gapSeconds: number): RecordBatch {
    const cols = {
      stream: new Utf8Column(),
      symbol: new Utf8Column(),
      first_ts: new BigIntColumn(new TimestampNanosecond()),
      last_ts: new BigIntColumn(new TimestampNanosecond()),
      events: new NumberColumn(new Float64()),
      gaps: new NumberColumn(new Int32()),
      max_gap_s: new NumberColumn(new Float64()),
      minutes_with_data: new NumberColumn(new Int32()),
      session_minutes: new NumberColumn(new Int32()),
    };
    const gapNs = BigInt(Math.round(gapSeconds * 1e9));
    let n = 0;
    STREAMS.forEach((stream, k) => {
      for (const [symbol, s] of this.states[k]!) {
        const first = this.start >= 0n ? this.start : s.first;
        const firstMinute = Number(first / MINUTE_NS);
        let minutes = 0;
        for (const m of s.minutes) if (m >= firstMinute) minutes += 1;
        let gaps = 0;
        for (const g of s.gaps) if (g > gapNs) gaps += 1;
        cols.stream.set(n, stream);
        cols.symbol.set(n, symbol);
        cols.first_ts.set(n, s.first);
        cols.last_ts.set(n, s.last);
        cols.events.set(n, s.events);
        cols.gaps.set(n, gaps);
        cols.max_gap_s.set(n, Number(s.maxGap) / 1e9);
        cols.minutes_with_data.set(n, minutes);
        cols.session_minutes.set(n, Number(watermarkNs / MINUTE_NS) - firstMinute + 1);
        n += 1;
      }
    });
    return recordBatch(Object.entries(cols), n);
  }
}
