/** Enrichment parameters; defaults and their reasons are in docs/conventions.md. */
export interface EnrichParams {
  /** Continuously compounded risk-free rate (CLI `--rate`). */
  readonly rate: number;
  /** Continuous dividend yield per underlying (CLI `--dividend SYM=Q`); others use `defaultDividendYield`. */
  readonly dividendYields: Readonly<Record<string, number>>;
  readonly defaultDividendYield: number;
  /** A prevailing quote older than this at the print is `stale_quote`. */
  readonly staleQuoteMs: number;
  /** Floor on time to expiry in the last minutes before the close, in seconds. */
  readonly minExpirySeconds: number;
  /** Solve implied volatility and Greeks (off: only the quote-based fields). */
  readonly greeks: boolean;
}

/** Approximate trailing 12-month yields (late 2026) of the simulated universe's underlyings. */
export const DEFAULT_DIVIDEND_YIELDS: Readonly<Record<string, number>> = {
  SPX: 0.013,
  XSP: 0.013,
  SPY: 0.012,
  QQQ: 0.006,
  NDX: 0.006,
  IWM: 0.011,
  RUT: 0.011,
  AAPL: 0.004,
  MSFT: 0.007,
  GOOGL: 0.003,
  AMZN: 0,
  NVDA: 0.0002,
  META: 0.003,
  TSLA: 0,
};

export const DEFAULT_ENRICH_PARAMS: EnrichParams = {
  rate: 0.04,
  dividendYields: DEFAULT_DIVIDEND_YIELDS,
  defaultDividendYield: 0,
  staleQuoteMs: 60_000,
  minExpirySeconds: 60,
  greeks: true,
};

/** Validates user-supplied overrides and merges them with the defaults; throws naming the bad value. */
export function resolveEnrichParams(p: Partial<EnrichParams> = {}): EnrichParams {
  const out = {
    ...DEFAULT_ENRICH_PARAMS,
    ...p,
    dividendYields: { ...DEFAULT_DIVIDEND_YIELDS, ...p.dividendYields },
  };
  const check = (name: string, v: number, lo: number, hi: number) => {
    if (!(v >= lo && v <= hi)) throw new RangeError(`${name} must be between ${lo} and ${hi}, got ${v}`);
  };
  check('rate', out.rate, -0.2, 1);
  check('defaultDividendYield', out.defaultDividendYield, -0.2, 1);
  for (const [sym, q] of Object.entries(out.dividendYields)) check(`dividend yield of ${sym}`, q, -0.2, 1);
  check('staleQuoteMs', out.staleQuoteMs, 0, 86_400_000);
  check('minExpirySeconds', out.minExpirySeconds, 1, 86_400);
  return out;
}

export const dividendYieldOf = (p: EnrichParams, underlying: string): number =>
  p.dividendYields[underlying] ?? p.defaultDividendYield;
