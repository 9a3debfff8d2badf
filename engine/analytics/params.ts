import { type ParamSpecs, parseSpecParam, resolveSpecParams, specDefaults } from '../params/param-spec.ts';

/**
 * Every parameter of the analytics (docs/analytics.md): sign conventions, grids, windows and the
 * thresholds of the regime label and the data-quality flags. Settable with `--param name=value` and
 * `engine.setParams({ analytics })`; SQL reads them with `flowbook_param('name')`.
 */
export interface AnalyticsParams {
  readonly gexCallSign: number;
  readonly gexPutSign: number;
  readonly exposureRefreshMs: number;
  readonly gammaGridPct: number;
  readonly gammaGridPoints: number;
  readonly atmMaxOtmPct: number;
  readonly atmMinDte: number;
  readonly atmMaxDte: number;
  readonly rsiPeriod: number;
  readonly macdFast: number;
  readonly macdSlow: number;
  readonly macdSignal: number;
  readonly bollingerPeriod: number;
  readonly bollingerWidth: number;
  readonly vpinBucketShares: number;
  readonly vpinWindow: number;
  readonly vpinMinBuckets: number;
  readonly ewmaLambda: number;
  readonly forecastIvWeight: number;
  readonly regimeMaBars: number;
  readonly regimeSlopeBars: number;
  readonly regimeSlopeZ: number;
  readonly regimeMinBars: number;
  readonly regimeWeightSlope: number;
  readonly regimeWeightVol: number;
  readonly regimeWeightLiquidity: number;
  readonly regimeTrendScore: number;
  readonly liquiditySpreadBps: number;
  readonly liquidityDepthUsd: number;
  readonly liquidityMinQuotes: number;
  readonly qualityGapSeconds: number;
  readonly qualityStaleSeconds: number;
  readonly qualityMinCoverage: number;
}

export const ANALYTICS_PARAM_SPECS: ParamSpecs<AnalyticsParams> = {
  gexCallSign: {
    value: 1,
    min: -1,
    max: 1,
    integer: true,
    doc: 'dealer position sign of call open interest (+1: dealers long calls)',
  },
  gexPutSign: {
    value: -1,
    min: -1,
    max: 1,
    integer: true,
    doc: 'dealer position sign of put open interest (-1: dealers short puts)',
  },
  exposureRefreshMs: {
    value: 5000,
    min: 0,
    max: 3_600_000,
    doc: 'event time after which option_chain, gamma_profile and bar_indicators are recomputed when queried',
  },
  gammaGridPct: { value: 12, min: 0.5, max: 90, doc: 'half-width (% of spot) of the zero-gamma spot grid' },
  gammaGridPoints: {
    value: 241,
    min: 3,
    max: 10_001,
    integer: true,
    doc: 'hypothetical spot prices on the zero-gamma grid',
  },
  atmMaxOtmPct: { value: 2.5, min: 0, max: 50, doc: 'largest |otm_pct| of an at-the-money contract' },
  atmMinDte: { value: 7, min: 0, max: 3650, integer: true, doc: 'least DTE of the contracts in ATM IV' },
  atmMaxDte: { value: 60, min: 0, max: 3650, integer: true, doc: 'most DTE of the contracts in ATM IV' },
  rsiPeriod: { value: 14, min: 2, max: 500, integer: true, doc: 'RSI period (bars, Wilder smoothing)' },
  macdFast: { value: 12, min: 1, max: 500, integer: true, doc: 'MACD fast EMA (bars)' },
  macdSlow: { value: 26, min: 2, max: 1000, integer: true, doc: 'MACD slow EMA (bars)' },
  macdSignal: { value: 9, min: 1, max: 500, integer: true, doc: 'MACD signal EMA (bars)' },
  bollingerPeriod: { value: 20, min: 2, max: 1000, integer: true, doc: 'Bollinger moving average (bars)' },
  bollingerWidth: { value: 2, min: 0.1, max: 10, doc: 'Bollinger band half-width in standard deviations' },
  vpinBucketShares: {
    value: 1000,
    min: 1,
    max: 1e9,
    integer: true,
    doc: 'shares in one VPIN volume bucket',
  },
  vpinWindow: { value: 50, min: 1, max: 10_000, integer: true, doc: 'buckets in the VPIN rolling average' },
  vpinMinBuckets: {
    value: 30,
    min: 1,
    max: 10_000,
    integer: true,
    doc: 'buckets before a VPIN value is confident',
  },
  ewmaLambda: { value: 0.94, min: 0, max: 0.9999, doc: 'decay of the EWMA variance (RiskMetrics 0.94)' },
  forecastIvWeight: {
    value: 0.5,
    min: 0,
    max: 1,
    doc: 'weight of ATM implied volatility in the volatility forecast (the rest is EWMA realized)',
  },
  regimeMaBars: {
    value: 20,
    min: 2,
    max: 1000,
    integer: true,
    doc: 'moving average of the regime slope (bars)',
  },
  regimeSlopeBars: {
    value: 5,
    min: 1,
    max: 1000,
    integer: true,
    doc: 'bars over which the moving-average slope is measured',
  },
  regimeSlopeZ: {
    value: 1,
    min: 0.01,
    max: 100,
    doc: 'moving-average move (in standard deviations of close) that counts as a full trend',
  },
  regimeMinBars: {
    value: 30,
    min: 1,
    max: 100_000,
    integer: true,
    doc: 'bars before the volatility percentile is confident',
  },
  regimeWeightSlope: { value: 0.5, min: 0, max: 1, doc: 'weight of the slope input in the regime score' },
  regimeWeightVol: {
    value: 0.3,
    min: 0,
    max: 1,
    doc: 'weight of the volatility percentile in the regime score',
  },
  regimeWeightLiquidity: {
    value: 0.2,
    min: 0,
    max: 1,
    doc: 'weight of the liquidity score in the regime score',
  },
  regimeTrendScore: { value: 0.5, min: 0, max: 1, doc: 'regime score at or above which a bar is trending' },
  liquiditySpreadBps: {
    value: 5,
    min: 0.01,
    max: 10_000,
    doc: 'quoted spread (bps) at which the spread part of the liquidity score is 1/e',
  },
  liquidityDepthUsd: {
    value: 1_000_000,
    min: 1,
    max: 1e12,
    doc: 'top-of-book depth (USD) at which the depth part of the liquidity score is 1 - 1/e',
  },
  liquidityMinQuotes: {
    value: 5,
    min: 1,
    max: 1e6,
    integer: true,
    doc: 'quotes in a bar before its liquidity score is confident',
  },
  qualityGapSeconds: {
    value: 60,
    min: 1,
    max: 86_400,
    doc: 'silence (s) between two events of one stream that counts as a gap',
  },
  qualityStaleSeconds: {
    value: 30,
    min: 1,
    max: 86_400,
    doc: 'age (s) of a stream’s last event, against the latest event time, that makes it stale',
  },
  qualityMinCoverage: {
    value: 0.9,
    min: 0,
    max: 1,
    doc: 'share of minutes with data below which a stream, and the aggregates using it, are partial',
  },
};

export const ANALYTICS_PARAM_NAMES = Object.keys(ANALYTICS_PARAM_SPECS) as (keyof AnalyticsParams)[];

export const DEFAULT_ANALYTICS_PARAMS: AnalyticsParams = specDefaults(ANALYTICS_PARAM_SPECS);

export const isAnalyticsParam = (name: string): name is keyof AnalyticsParams =>
  Object.hasOwn(ANALYTICS_PARAM_SPECS, name);

/** Validates overrides against `base` (the defaults unless given); throws naming the bad parameter. */
export function resolveAnalyticsParams(
  p: Partial<AnalyticsParams> = {},
  base: AnalyticsParams = DEFAULT_ANALYTICS_PARAMS,
): AnalyticsParams {
  const out = resolveSpecParams(ANALYTICS_PARAM_SPECS, 'analytics', base, p);
  if (out.macdFast >= out.macdSlow)
    throw new RangeError(`macdFast (${out.macdFast}) must be less than macdSlow (${out.macdSlow})`);
  if (out.atmMinDte > out.atmMaxDte)
    throw new RangeError(`atmMinDte (${out.atmMinDte}) must not exceed atmMaxDte (${out.atmMaxDte})`);
  return out;
}

export const parseAnalyticsParam = (name: keyof AnalyticsParams, text: string): number | boolean =>
  parseSpecParam(ANALYTICS_PARAM_SPECS[name], name, text);
