import { tableFromIPC } from 'apache-arrow';
import { createSignal, onCleanup } from 'solid-js';
import type { EngineClient } from '../engine-client.ts';

const SQL = `SELECT count(*) AS streams, count(*) FILTER (WHERE partial) AS partial,
  string_agg(stream || ' ' || symbol || ' (' || CASE WHEN stale THEN 'stale ' || round(staleness_s) || ' s'
    ELSE 'coverage ' || round(coverage * 100) || '%' END || ')', ', ' ORDER BY stream, symbol)
    FILTER (WHERE partial) AS which
FROM data_quality`;
const POLL_MS = 2000;

interface Quality {
  streams: number;
  partial: number;
  which: string;
}

/** Data quality of the session's streams (the data_quality view): ok, or how many are partial and why. */
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
    <span
      class={`badge badge-quality-${state()}`}
      title={error() ?? (q()?.which || 'every stream fresh and covered (data_quality)')}
      data-testid="quality"
      data-state={state()}
    >
      <span class="dot" />
      {label()}
    </span>
  );
}
