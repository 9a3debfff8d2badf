import { createResource, createSignal, For, Show } from 'solid-js';
import {
  ANALYTICS_PARAM_SPECS,
  type AnalyticsParams,
  type FlowParams,
  type EngineParams,
  FLOW_PARAM_SPECS,
  type ParamSpec,
  parseAnalyticsParam,
  parseFlowParam,
  resolveAnalyticsParams,
  resolveFlowParams,
} from '../../engine/index.ts';
import { DraftInput } from '../components/DraftInput.tsx';
import { useNotebook } from '../notebook/notebook-context.ts';
import type { NotebookParams, ParamsCell as ParamsCellSpec } from '../notebook/spec.ts';

type Group = 'flow' | 'analytics';
const SPECS: Record<Group, Readonly<Record<string, ParamSpec>>> = {
  flow: FLOW_PARAM_SPECS,
  analytics: ANALYTICS_PARAM_SPECS,
};
/** The value, checked against its spec's type and bounds by the engine's own resolvers. */
function parse(group: Group, name: string, text: string): number | boolean {
  if (group === 'flow') {
    const v = parseFlowParam(name as keyof FlowParams, text);
    resolveFlowParams({ [name]: v });
    return v;
  }
  const v = parseAnalyticsParam(name as keyof AnalyticsParams, text);
  resolveAnalyticsParams({ [name]: v });
  return v;
}

/**
 * Every classifier (flow) and analytics threshold with its meaning, default and bounds. An edit is
 * checked by the engine, applied to the session at once and saved in the notebook's `params`.
 */
export function ParamsCell(props: {
  cell: ParamsCellSpec;
  params: NotebookParams | undefined;
  setParam: (group: Group, name: string, value: number | boolean | undefined) => void;
}) {
  const env = useNotebook();
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [filter, setFilter] = createSignal('');
  const [live, { refetch }] = createResource<EngineParams>(() => env.engine.params());
  const current = (group: Group, name: string): unknown => {
    const p = live();
    if (!p) return undefined;
    return group === 'flow'
      ? (p.flow as unknown as Record<string, unknown>)[name]
      : (p.analytics as unknown as Record<string, unknown>)[name];
  };
  /** Applies an edit; false when it was refused (its error is shown). */
  const apply = async (group: Group, name: string, text: string): Promise<boolean> => {
    const key = `${group}.${name}`;
    try {
      const value = text.trim() === '' ? SPECS[group][name]!.value : parse(group, name, text.trim());
      if (env.trusted()) await env.engine.setParams({ [group]: { [name]: value } });
      props.setParam(group, name, text.trim() === '' ? undefined : value);
      setErrors((old) => {
        const rest = { ...old };
        delete rest[key];
        return rest;
      });
      void refetch();
      return true;
    } catch (e) {
      setErrors((old) => ({ ...old, [key]: (e as Error).message }));
      return false;
    }
  };
  const rows = () =>
    props.cell.groups.flatMap((g) =>
      Object.entries(SPECS[g])
        .filter(([n, s]) => filter() === '' || `${n} ${s.doc}`.toLowerCase().includes(filter().toLowerCase()))
        .map(([name, spec]) => ({ group: g, name, spec })),
    );
  return (
    <div class="params-cell">
      <div class="cell-tools">
        <input
          type="search"
          placeholder="filter parameters"
          value={filter()}
          onInput={(e) => setFilter(e.currentTarget.value)}
        />
        <span class="meta">{rows().length} parameters · edits are saved in this notebook</span>
        <Show when={!env.trusted()}>
          <span class="warn">untrusted: edits are saved but not applied until you run the notebook</span>
        </Show>
      </div>
      <div class="params-grid">
        <For each={rows()}>
          {(r) => {
            const key = `${r.group}.${r.name}`;
            const override = () => props.params?.[r.group]?.[r.name];
            return (
              <div class={`param ${override() !== undefined ? 'overridden' : ''}`} data-param={r.name}>
                <span class="param-name" title={key}>
                  {r.name}
                </span>
                <DraftInput
                  value={String(override() ?? current(r.group, r.name) ?? r.spec.value)}
                  data-testid={`param-${r.name}`}
                  commit={(text) => apply(r.group, r.name, text)}
                />
                <span class="param-doc">
                  {r.spec.doc}{' '}
                  <span class="muted">
                    (default {String(r.spec.value)}
                    {r.spec.min !== undefined ? `, min ${r.spec.min}` : ''}
                    {r.spec.max !== undefined ? `, max ${r.spec.max}` : ''})
                  </span>
                </span>
                <Show when={errors()[key]}>
                  <span class="cell-error param-error" data-testid="param-error">
                    {errors()[key]}
                  </span>
                </Show>
              </div>
            );
          }}
        </For>
      </div>
    </div>
  );
}
