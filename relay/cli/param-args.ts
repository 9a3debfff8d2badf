import {
  type AnalyticsParams,
  type EngineParamsInput,
  isAnalyticsParam,
  parseAnalyticsParam,
  resolveAnalyticsParams,
  type FlowParams,
  isFlowParam,
  parseFlowParam,
  resolveEnrichParams,
  resolveFlowParams,
} from '../../engine/index.ts';

/** Option specs shared by `serve` and `query`. */
export const PARAM_OPTIONS = { rate: 'string', dividend: 'multi', param: 'multi' } as const;

const NUMERIC_PARAMS = ['rate', 'defaultDividendYield', 'staleQuoteMs', 'minExpirySeconds'] as const;

/**
 * `--rate 0.05`, repeatable `--dividend SPY=0.012` and `--param name=value` (an enrichment parameter:
 * staleQuoteMs, minExpirySeconds, defaultDividendYield, rate, greeks; any flow parameter of
 * docs/classifiers.md; any analytics parameter of docs/analytics.md) → engine parameters, validated; an error names the bad flag. Returns only what
 * was given, so the engine's defaults apply to the rest.
 */
export function engineParamsFromArgs(opts: Record<string, string | boolean | string[]>): EngineParamsInput {
  const out: {
    rate?: number;
    defaultDividendYield?: number;
    staleQuoteMs?: number;
    minExpirySeconds?: number;
    greeks?: boolean;
    dividendYields?: Record<string, number>;
  } = {};
  const flow: Record<string, number | boolean> = {};
  const analytics: Record<string, number | boolean> = {};
  for (const p of (opts.param as string[] | undefined) ?? []) {
    const [name = '', value = ''] = p.split('=', 2);
    if (isFlowParam(name) || isAnalyticsParam(name)) {
      try {
        if (isFlowParam(name)) flow[name] = parseFlowParam(name, value);
        else analytics[name] = parseAnalyticsParam(name as keyof AnalyticsParams, value);
      } catch (e) {
        throw new Error(`--param ${p}: ${(e as Error).message}`);
      }
    } else if (name === 'greeks') {
      if (value !== 'true' && value !== 'false')
        throw new Error(`--param greeks=${value}: use true or false`);
      out.greeks = value === 'true';
    } else if ((NUMERIC_PARAMS as readonly string[]).includes(name)) {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n)) throw new Error(`--param ${p}: ${name} needs a number`);
      out[name as (typeof NUMERIC_PARAMS)[number]] = n;
    } else {
      throw new Error(
        `--param ${p}: unknown parameter ${name} (known: ${[...NUMERIC_PARAMS, 'greeks'].join(', ')}, and the flow and analytics parameters \`flowbook params\` lists)`,
      );
    }
  }
  if (opts.rate !== undefined) {
    const r = Number(opts.rate);
    if (!Number.isFinite(r))
      throw new Error(`--rate must be a number such as 0.045, got ${String(opts.rate)}`);
    out.rate = r;
  }
  const dividends = (opts.dividend as string[] | undefined) ?? [];
  for (const d of dividends) {
    const m = /^([A-Z][A-Z0-9.]{0,9})=(-?\d+(?:\.\d+)?)$/.exec(d);
    if (!m) throw new Error(`--dividend ${d}: use SYMBOL=YIELD, e.g. SPY=0.012`);
    out.dividendYields = { ...out.dividendYields, [m[1]!]: Number(m[2]) };
  }
  try {
    resolveEnrichParams(out);
  } catch (e) {
    throw new Error(`invalid pricing parameter: ${(e as Error).message}`);
  }
  try {
    resolveFlowParams(flow as Partial<FlowParams>);
  } catch (e) {
    throw new Error(`invalid flow parameter: ${(e as Error).message}`);
  }
  try {
    resolveAnalyticsParams(analytics as Partial<AnalyticsParams>);
  } catch (e) {
    throw new Error(`invalid analytics parameter: ${(e as Error).message}`);
  }
  return {
    ...out,
    ...(Object.keys(flow).length > 0 ? { flow: flow as Partial<FlowParams> } : {}),
    ...(Object.keys(analytics).length > 0 ? { analytics: analytics as Partial<AnalyticsParams> } : {}),
  };
}
