import { createSignal, For, Show } from 'solid-js';
import { formatNyTime } from '../../engine/index.ts';
import { type ReplayController, SPEEDS } from './replay-controller.ts';

const speedLabel = (s: number) => (Number.isFinite(s) ? `${s}×` : 'max');
const nyTime = (ms: number) => formatNyTime(ms).slice(0, 8);

/** The replay timeline: play/pause, speed, a scrubbable clock, and loading and replay progress. */
export function ReplayBar(props: { replay: ReplayController; onClose: () => void }) {
  const r = props.replay;
  const [scrub, setScrub] = createSignal<number | null>(null);
  const position = () => {
    const g = r.range();
    return g && g.end > g.start ? (r.clock() - g.start) / (g.end - g.start) : 0;
  };
  return (
    <div class="replay-bar" data-testid="replay-bar" data-phase={r.phase()}>
      <strong title={r.name}>Replay: {r.name}</strong>
      <Show when={r.phase() === 'starting' || r.phase() === 'scanning'}>
        <label>
          reading file <progress data-testid="replay-loading" max="1" value={r.loaded()} />
        </label>
      </Show>
      <Show when={r.range()}>
        <button
          type="button"
          data-testid="replay-play"
          onClick={() => (r.phase() === 'playing' ? r.pause() : r.play())}
          disabled={r.phase() === 'error'}
        >
          {r.phase() === 'playing' ? '⏸ Pause' : '⏵ Play'}
        </button>
        <select
          data-testid="replay-speed"
          value={String(r.speed())}
          onChange={(e) => r.setSpeed(Number(e.currentTarget.value))}
        >
          <For each={SPEEDS}>{(s) => <option value={String(s)}>{speedLabel(s)}</option>}</For>
        </select>
        <input
          type="range"
          class="replay-scrub"
          data-testid="replay-scrub"
          min={r.range()!.start}
          max={r.range()!.end}
          step="1000"
          value={scrub() ?? r.clock()}
          onInput={(e) => setScrub(Number(e.currentTarget.value))}
          onChange={(e) => {
            setScrub(null);
            r.seek(Number(e.currentTarget.value));
          }}
        />
        <span class="replay-clock" data-testid="replay-clock" data-ms={Math.round(r.clock())}>
          {nyTime(scrub() ?? r.clock())} NY
        </span>
        <progress data-testid="replay-progress" max="1" value={position()} title="replay position" />
        <span class="stat" data-testid="replay-ingested">
          {r.ingested().toLocaleString()} / {r.range()!.rows.toLocaleString()} events
        </span>
        <span class="stat">{r.phase()}</span>
      </Show>
      <Show when={r.problems().skipped > 0}>
        <span class="warn" title={r.problems().first.join('\n')}>
          {r.problems().skipped} malformed row(s) skipped: {r.problems().first[0]}
        </span>
      </Show>
      <Show when={r.error()}>
        <span class="warn" data-testid="replay-error">
          {r.error()}
        </span>
      </Show>
      <button type="button" data-testid="replay-close" onClick={() => props.onClose()}>
        Back to live
      </button>
    </div>
  );
}
