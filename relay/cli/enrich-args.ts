import { type EnrichParams, resolveEnrichParams } from '../../engine/index.ts';

/** Option specs shared by `serve` and `query`. */
export const ENRICH_OPTIONS = { rate: 'string', dividend: 'multi', param: 'multi' } as const;

const NUMERIC_PARAMS = ['rate', 'defaultDividendYield', 'staleQuoteMs', 'minExpirySeconds'] as const;

/**
 * `--rate 0.05`, repeatable `--dividend SPY=0.012` and `--param name=value` (staleQuoteMs,
 * minExpirySeconds, defaultDividendYield, rate, greeks) → engine parameters, validated; an error names
 * the bad flag. Returns only what was given, so the engine's defaults apply to the rest.
 */
export function enrichParamsFromArgs(
  opts: Record<string, string | boolean | string[]>,
): Partial<EnrichParams> {
  const out: {
    rate?: number;
    defaultDividendYield?: number;
    staleQuoteMs?: number;
    minExpirySeconds?: number;
    greeks?: boolean;
    dividendYields?: Record<string, number>;
  } = {};
  for (const p of (opts.param as string[] | undefined) ?? []) {
    const [name = '', value = ''] = p.split('=', 2);
    if (name === 'greeks') {
      if (value !== 'true' && value !== 'false')
        throw new Error(`--param greeks=${value}: use true or false`);
      out.greeks = value === 'true';
    } else if ((NUMERIC_PARAMS as readonly string[]).includes(name)) {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n)) throw new Error(`--param ${p}: ${name} needs a number`);
      out[name as (typeof NUMERIC_PARAMS)[number]] = n;
    } else {
      throw new Error(
        `--param ${p}: unknown parameter ${name} (known: ${[...NUMERIC_PARAMS, 'greeks'].join(', ')})`,
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
  return out;
}
