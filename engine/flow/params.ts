import { type ParamSpecs, parseSpecParam, resolveSpecParams, specDefaults } from '../params/param-spec.ts';

/**
 * Every threshold the clustering and the classifiers use. Definitions, defaults and their sources are
 * in docs/classifiers.md; each is settable with `--param name=value` and `engine.setParams({ flow })`.
 */
export interface FlowParams {
  readonly sweepGapMs: number;
  readonly sweepMinVenues: number;
  readonly maxOrderPrints: number;
  readonly maxPackagePrints: number;
  readonly repeatedMaxOrders: number;
  readonly ladderMaxOrders: number;
  readonly blockMinSize: number;
  readonly blockMinPremium: number;
  readonly repeatedGapMs: number;
  readonly repeatedMinOrders: number;
  readonly legGapMs: number;
  readonly inferLegs: boolean;
  readonly inferredLegMaxRatio: number;
  readonly strategyDeltaBand: number;
  readonly rollSizeTolerance: number;
  readonly ladderGapMs: number;
  readonly ladderMinStrikes: number;
  readonly ladderMaxSizeRatio: number;
  readonly goldenMinPremium: number;
  readonly goldenRequireAboveOi: boolean;
  readonly sweepFloorWindowMs: number;
  readonly flowHorizonMs: number;
  readonly putSellMinPremium: number;
  readonly overwriteMinPremium: number;
  readonly zeroDteMinGammaUsd: number;
  readonly farDatedMinDte: number;
  readonly farDatedMinPremium: number;
  readonly unusualMinVolOi: number;
  readonly unusualMinPremium: number;
  readonly unusualPremiumMultiple: number;
  readonly unusualMinHistory: number;
  readonly equityBlockMinShares: number;
  readonly equityBlockMinNotional: number;
  readonly darkPoolBucketMinutes: number;
  readonly darkPoolMinShare: number;
  readonly darkPoolMinImbalance: number;
  readonly absorptionMinVolumeMultiple: number;
  readonly absorptionMaxMovePct: number;
}

/** Defaults, bounds and one-line meanings (the long form is docs/classifiers.md). */
export const FLOW_PARAM_SPECS: ParamSpecs<FlowParams> = {
  sweepGapMs: {
    value: 50,
    min: 0,
    max: 10_000,
    doc: 'most time between consecutive fragments of one sweep or split',
  },
  sweepMinVenues: { value: 2, min: 2, max: 20, integer: true, doc: 'venues a cluster needs to be a sweep' },
  maxOrderPrints: {
    value: 500,
    min: 2,
    max: 1e6,
    integer: true,
    doc: 'prints after which a run in one contract and side is cut into a new order',
  },
  maxPackagePrints: {
    value: 64,
    min: 2,
    max: 1e6,
    integer: true,
    doc: 'prints after which a run of multi-leg prints is cut into a new package',
  },
  repeatedMaxOrders: {
    value: 50,
    min: 2,
    max: 1e6,
    integer: true,
    doc: 'orders after which repeated hits are cut into a new group',
  },
  ladderMaxOrders: {
    value: 12,
    min: 2,
    max: 1000,
    integer: true,
    doc: 'orders after which a run in one expiry, right and side is cut (a longer run is activity, not a ladder)',
  },
  blockMinSize: {
    value: 1000,
    min: 1,
    max: 1e7,
    integer: true,
    doc: 'contracts that make one print a block',
  },
  blockMinPremium: { value: 500_000, min: 0, max: 1e12, doc: 'premium (USD) that makes one print a block' },
  repeatedGapMs: {
    value: 100,
    min: 0,
    max: 60_000,
    doc: 'most time between orders grouped as repeated hits',
  },
  repeatedMinOrders: { value: 3, min: 2, max: 1000, integer: true, doc: 'orders that make repeated hits' },
  legGapMs: {
    value: 1,
    min: 0,
    max: 1000,
    doc: 'most time between legs of one multi-leg print on one venue',
  },
  inferLegs: {
    value: true,
    doc: 'group unflagged prints of one underlying, venue and instant into a package',
  },
  inferredLegMaxRatio: {
    value: 3,
    min: 1,
    max: 20,
    doc: 'largest leg-size ratio an inferred package may have',
  },
  strategyDeltaBand: { value: 0.1, min: 0, max: 5, doc: 'net delta per unit within ±band is neutral' },
  rollSizeTolerance: { value: 0.1, min: 0, max: 1, doc: 'relative leg-size difference a roll allows' },
  ladderGapMs: { value: 1000, min: 0, max: 600_000, doc: 'most time between orders of one ladder' },
  ladderMinStrikes: { value: 3, min: 2, max: 50, integer: true, doc: 'adjacent strikes a ladder needs' },
  ladderMaxSizeRatio: { value: 2, min: 1, max: 100, doc: 'largest/smallest size across a ladder' },
  goldenMinPremium: { value: 1_000_000, min: 0, max: 1e12, doc: 'premium (USD) of a golden sweep' },
  goldenRequireAboveOi: { value: false, doc: 'a golden sweep must also be larger than open interest' },
  sweepFloorWindowMs: {
    value: 300_000,
    min: 0,
    max: 86_400_000,
    doc: 'how long after a sweep a floor print is tagged sweep-then-floor',
  },
  flowHorizonMs: {
    value: 600_000,
    min: 60_000,
    max: 86_400_000,
    doc: 'how far behind the latest print flows are sealed (final) and leave memory',
  },
  putSellMinPremium: { value: 50_000, min: 0, max: 1e12, doc: 'premium (USD) of a put-selling tag' },
  overwriteMinPremium: { value: 50_000, min: 0, max: 1e12, doc: 'premium (USD) of a call-overwrite tag' },
  zeroDteMinGammaUsd: {
    value: 1_000_000,
    min: 0,
    max: 1e15,
    doc: 'dollar gamma per 1% move of a 0DTE order tagged 0dte-gamma',
  },
  farDatedMinDte: {
    value: 180,
    min: 1,
    max: 5000,
    integer: true,
    doc: 'days to expiry of far-dated conviction',
  },
  farDatedMinPremium: { value: 250_000, min: 0, max: 1e12, doc: 'premium (USD) of far-dated conviction' },
  unusualMinVolOi: { value: 1, min: 0, max: 1e6, doc: 'day volume / open interest that is unusual' },
  unusualMinPremium: { value: 25_000, min: 0, max: 1e12, doc: 'least premium (USD) for an unusual tag' },
  unusualPremiumMultiple: {
    value: 10,
    min: 1,
    max: 1e6,
    doc: 'premium vs the mean of the contract’s earlier orders that day',
  },
  unusualMinHistory: {
    value: 5,
    min: 1,
    max: 1e6,
    integer: true,
    doc: 'earlier orders the premium comparison needs',
  },
  equityBlockMinShares: {
    value: 10_000,
    min: 1,
    max: 1e9,
    integer: true,
    doc: 'shares that make an equity print a block',
  },
  equityBlockMinNotional: {
    value: 200_000,
    min: 0,
    max: 1e12,
    doc: 'notional (USD) that makes an equity print a block',
  },
  darkPoolBucketMinutes: {
    value: 5,
    min: 1,
    max: 390,
    integer: true,
    doc: 'interval of the off-exchange inferences',
  },
  darkPoolMinShare: {
    value: 0.4,
    min: 0,
    max: 1,
    doc: 'off-exchange share of volume an accumulation/distribution needs',
  },
  darkPoolMinImbalance: {
    value: 0.6,
    min: 0.5,
    max: 1,
    doc: 'buy (or sell) share of signed off-exchange volume',
  },
  absorptionMinVolumeMultiple: {
    value: 3,
    min: 1,
    max: 1000,
    doc: 'off-exchange volume vs the symbol’s mean interval',
  },
  absorptionMaxMovePct: {
    value: 0.1,
    min: 0,
    max: 100,
    doc: 'largest price move (%) over an absorbing interval',
  },
};

export const FLOW_PARAM_NAMES = Object.keys(FLOW_PARAM_SPECS) as (keyof FlowParams)[];

export const DEFAULT_FLOW_PARAMS: FlowParams = specDefaults(FLOW_PARAM_SPECS);

export const isFlowParam = (name: string): name is keyof FlowParams => Object.hasOwn(FLOW_PARAM_SPECS, name);

/** Validates overrides and merges them with the defaults; throws naming the bad parameter. */
export const resolveFlowParams = (p: Partial<FlowParams> = {}): FlowParams =>
  resolveSpecParams(FLOW_PARAM_SPECS, 'flow', DEFAULT_FLOW_PARAMS, p);

/** Parses a `--param` value for a flow parameter (numbers, or true/false for switches). */
export const parseFlowParam = (name: keyof FlowParams, text: string): number | boolean =>
  parseSpecParam(FLOW_PARAM_SPECS[name], name, text);
