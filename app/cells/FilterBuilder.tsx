import { createSignal, For, onMount, Show } from 'solid-js';
import { SIDES as ENGINE_SIDES, FLOW_KINDS } from '../../engine/index.ts';
import {
  deleteFilterPreset,
  type FilterPreset,
  filterPresets,
  saveFilterPreset,
} from '../notebook/notebook-store.ts';
import type { FlowKindName, Sentiment, TapeFilter, TradeSide } from '../notebook/spec.ts';

const SIDES: readonly TradeSide[] = ENGINE_SIDES;
const SENTIMENTS: readonly Sentiment[] = ['bullish', 'bearish', 'neutral'];
const KINDS: readonly FlowKindName[] = FLOW_KINDS;
const WORD = /^[A-Za-z0-9_.-]{1,32}$/;

const words = (text: string, upper: boolean): string[] =>
  text
    .split(/[\s,]+/)
    .map((w) => (upper ? w.toUpperCase() : w))
    .filter((w) => WORD.test(w));

function Toggles<T extends string>(props: {
  label: string;
  all: readonly T[];
  value: readonly T[] | undefined;
  set: (v: T[] | undefined) => void;
}) {
  const on = (x: T) => props.value?.includes(x) ?? false;
  return (
    <div class="fb-row">
      <span class="fb-label">{props.label}</span>
      <For each={props.all}>
        {(x) => (
          <button
            type="button"
            class={`chip ${on(x) ? 'on' : ''}`}
            data-testid={`filter-${props.label.toLowerCase()}-${x}`}
            onClick={() => {
              const next = on(x) ? (props.value ?? []).filter((v) => v !== x) : [...(props.value ?? []), x];
              props.set(next.length === 0 ? undefined : next);
            }}
          >
            {x.replace('_', ' ')}
          </button>
        )}
      </For>
    </div>
  );
}

function NumberField(props: {
  label: string;
  value: number | undefined;
  set: (v: number | undefined) => void;
  testId: string;
}) {
  return (
    <label class="fb-num">
      {props.label}
      <input
        type="number"
        min="0"
        value={props.value ?? ''}
        data-testid={props.testId}
        onChange={(e) => {
          const v = e.currentTarget.value.trim();
          const n = Number(v);
          props.set(v === '' || !Number.isFinite(n) || n < 0 ? undefined : n);
        }}
      />
    </label>
  );
}

function WordsField(props: {
  label: string;
  value: string[] | undefined;
  set: (v: string[] | undefined) => void;
  upper: boolean;
  placeholder: string;
  testId: string;
}) {
  return (
    <label class="fb-words">
      {props.label}
      <input
        type="text"
        value={(props.value ?? []).join(', ')}
        placeholder={props.placeholder}
        data-testid={props.testId}
        onChange={(e) => {
          const w = words(e.currentTarget.value, props.upper);
          props.set(w.length === 0 ? undefined : w);
        }}
      />
    </label>
  );
}

/**
 * The tape's filter: ticker, side, sentiment, premium, size, DTE, moneyness, flow kind, tags, venue
 * and condition flags; presets are kept in this browser (IndexedDB) for every notebook.
 */
export function FilterBuilder(props: { value: TapeFilter; onChange: (f: TapeFilter) => void }) {
  const [presets, setPresets] = createSignal<FilterPreset[]>([]);
  const [error, setError] = createSignal<string | null>(null);
  onMount(() => void filterPresets().then(setPresets, (e: Error) => setError(e.message)));
  const set = <K extends keyof TapeFilter>(k: K, v: TapeFilter[K] | undefined) => {
    const next = { ...props.value };
    if (v === undefined) delete next[k];
    else next[k] = v;
    props.onChange(next);
  };
  const [presetName, setPresetName] = createSignal('');
  const save = () => {
    const name = presetName().trim();
    if (!name) return setError('name the preset first');
    saveFilterPreset({ name: name.slice(0, 60), filter: props.value }).then(
      (p) => {
        setPresets(p);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  };
  return (
    <div class="filter-builder" data-testid="filter-builder">
      <div class="fb-row">
        <WordsField
          label="Tickers"
          value={props.value.tickers}
          set={(v) => set('tickers', v)}
          upper
          placeholder="SPY, QQQ"
          testId="filter-tickers"
        />
        <NumberField
          label="Premium ≥"
          value={props.value.minPremium}
          set={(v) => set('minPremium', v)}
          testId="filter-min-premium"
        />
        <NumberField
          label="≤"
          value={props.value.maxPremium}
          set={(v) => set('maxPremium', v)}
          testId="filter-max-premium"
        />
        <NumberField
          label="Size ≥"
          value={props.value.minSize}
          set={(v) => set('minSize', v)}
          testId="filter-min-size"
        />
        <NumberField
          label="DTE ≥"
          value={props.value.minDte}
          set={(v) => set('minDte', v)}
          testId="filter-min-dte"
        />
        <NumberField
          label="≤"
          value={props.value.maxDte}
          set={(v) => set('maxDte', v)}
          testId="filter-max-dte"
        />
        <label class="fb-num">
          Moneyness
          <select
            value={props.value.moneyness ?? 'any'}
            data-testid="filter-moneyness"
            onChange={(e) => {
              const v = e.currentTarget.value;
              set('moneyness', v === 'otm' || v === 'itm' ? v : undefined);
            }}
          >
            <option value="any">any</option>
            <option value="otm">OTM</option>
            <option value="itm">ITM</option>
          </select>
        </label>
      </div>
      <Toggles label="Side" all={SIDES} value={props.value.sides} set={(v) => set('sides', v)} />
      <Toggles
        label="Sentiment"
        all={SENTIMENTS}
        value={props.value.sentiments}
        set={(v) => set('sentiments', v)}
      />
      <Toggles label="Kind" all={KINDS} value={props.value.kinds} set={(v) => set('kinds', v)} />
      <div class="fb-row">
        <WordsField
          label="Tags"
          value={props.value.tags}
          set={(v) => set('tags', v)}
          upper={false}
          placeholder="golden-sweep, iso"
          testId="filter-tags"
        />
        <WordsField
          label="Venues"
          value={props.value.venues}
          set={(v) => set('venues', v)}
          upper
          placeholder="XCBO, XPHO"
          testId="filter-venues"
        />
        <WordsField
          label="Conditions"
          value={props.value.conditions}
          set={(v) => set('conditions', v)}
          upper
          placeholder="ISO, MULTI_LEG"
          testId="filter-conditions"
        />
        <label>
          <input
            type="checkbox"
            checked={props.value.excludeCancelled !== false}
            onChange={(e) => set('excludeCancelled', e.currentTarget.checked ? undefined : false)}
          />{' '}
          hide cancelled
        </label>
      </div>
      <div class="fb-row">
        <span class="fb-label">Presets</span>
        <For each={presets()}>
          {(p) => (
            <span class="chip preset">
              <button
                type="button"
                class="link"
                onClick={() => props.onChange(structuredClone(p.filter))}
                data-testid="preset-apply"
              >
                {p.name}
              </button>
              <button
                type="button"
                class="link"
                title={`delete preset ${p.name}`}
                onClick={() => deleteFilterPreset(p.name).then(setPresets, (e: Error) => setError(e.message))}
              >
                ×
              </button>
            </span>
          )}
        </For>
        <input
          type="text"
          class="preset-name"
          placeholder="preset name"
          value={presetName()}
          onInput={(e) => setPresetName(e.currentTarget.value)}
          data-testid="preset-name"
        />
        <button type="button" onClick={save} data-testid="preset-save">
          save preset
        </button>
        <button type="button" onClick={() => props.onChange({})}>
          clear
        </button>
        <Show when={error()}>
          <span class="warn">{error()}</span>
        </Show>
      </div>
    </div>
  );
}
