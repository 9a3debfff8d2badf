import { tableFromIPC } from 'apache-arrow';
import { createSignal, onCleanup } from 'solid-js';
import type { EngineClient } from '../engine-client.ts';

const SQL = `SELECT count(*) AS streams, count(*) FILTER (WHERE partial) AS partial,
  string_agg(stream || ' ' || symbol || ' (' || CASE WHEN stale THEN 'stale ' || round(staleness_s) || ' s'
    ELSE 'coverage ' || round(coverage * 100) || '%' END || ')', ', ' ORDER BY stream, symbol)
    FILTER (WHERE partial) AS which,
  (SELECT status FROM feed_status ORDER BY ts DESC LIMIT 1) AS feed,
  (SELECT message FROM feed_status ORDER BY ts DESC LIMIT 1) AS feed_message
FROM data_quality`;
const POLL_MS = 1000;

interface Quality {
  streams: number;
  partial: number;
  which: string;
  /** The upstream feed's latest status event (connected, stale, disconnected, gap, error…). */
  feed: string | null;
  feedMessage: string;
}

/**
 * The upstream feed's latest status (feed_status) and the data quality of the session's streams
 * (data_quality): ok, or how many are partial and why.
 */
export function QualityBadge(props: { engine: EngineClient }) {
  const [q, setQ] = createSignal<Quality | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  let running = false;
  const poll = async () => {
    if (running) return;
    running = true;
    try {
      const t = tableFromIPC(await props.engine.query(SQL));
      setQ({
        streams: Number(t.getChild('streams')?.get(0) ?? 0),
        partial: Number(t.getChild('partial')?.get(0) ?? 0),
        which: String(t.getChild('which')?.get(0) ?? ''),
        feed: (t.getChild('feed')?.get(0) as string | null) ?? null,
        feedMessage: String(t.getChild('feed_message')?.get(0) ?? ''),
      });
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void poll(), POLL_MS);
  void poll();
  onCleanup(() => clearInterval(timer));
  const state = () =>
    error() ? 'error' : !q() || q()!.streams === 0 ? 'empty' : q()!.partial > 0 ? 'partial' : 'ok';
  const label = () => {
    const v = q();
    if (error()) return 'quality ?';
    if (!v || v.streams === 0) return 'no data';
    return v.partial > 0 ? `${v.partial}/${v.streams} partial` : `data ok · ${v.streams} streams`;
  };
  return (
    <>
      <span
        class={`badge badge-feed-${q()?.feed ?? 'none'}`}
        title={q()?.feedMessage ?? ''}
        data-testid="feed-status"
      >
        <span class="dot" />
        feed {q()?.feed ?? '…'}
      </span>
      <span
        class={`badge badge-quality-${state()}`}
        title={error() ?? (q()?.which || 'every stream fresh and covered (data_quality)')}
        data-testid="quality"
        data-state={state()}
      >
        <span class="dot" />
        {label()}
      </span>
    </>
  );
}
