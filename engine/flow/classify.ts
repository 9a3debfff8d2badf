import { FLAG_BIT } from '../events/conditions.ts';
import type { Evidence, FlowNode } from './flow-node.ts';
import type { FlowParams } from './params.ts';

const NO_PATTERNS: readonly FlowNode[] = [];
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

/** Dollar gamma per 1% move of the underlying: Σ |Γ| × size × multiplier × S² / 100. */
export function dollarGamma(n: FlowNode): number | null {
  let total = 0;
  for (const p of n.prints) {
    if (p.gamma === null || p.spot === null) return null;
    total += Math.abs(p.gamma) * p.size * p.multiplier * p.spot * p.spot * 0.01;
  }
  return total;
}

/**
 * The tags of a flow, each with its evidence (docs/classifiers.md defines every rule). Descriptive
 * tags (iso, floor, cross, late, stock-tied, multi-leg, inferred-legs, 0dte) restate facts of the
 * prints; the classifiers below them are inferences and carry the parameters and numbers they used.
 */
export function classify(n: FlowNode, p: FlowParams): void {
  const tags: string[] = [];
  const ev: Record<string, Evidence> = {};
  // Called for every flow written, most of them single prints: facts are bit tests inline, and
  // `tag` is the one closure.
  const tag = (name: string, e: Evidence) => {
    tags.push(name);
    ev[name] = e;
  };
  const first = n.first;
  const single = n.extra.legs === undefined;
  const pattern = n.extra.members !== undefined;
  let bits = 0;
  let dte = Infinity;
  for (const x of n.prints) {
    bits |= x.bits;
    if (x.dte < dte) dte = x.dte;
  }

  if ((bits & FLAG_BIT.ISO) !== 0) tags.push('iso');
  if ((bits & FLAG_BIT.FLOOR) !== 0) tags.push('floor');
  if ((bits & FLAG_BIT.CROSS) !== 0) tags.push('cross');
  if ((bits & FLAG_BIT.LATE) !== 0) tags.push('late');
  if ((bits & FLAG_BIT.STOCK_TIED) !== 0) tags.push('stock-tied');
  if (n.kind === 'multi_leg') tags.push(n.extra.inferred === true ? 'inferred-legs' : 'multi-leg');
  if (dte === 0) tags.push('0dte');

  if (n.kind === 'sweep') {
    if (n.sentiment !== 'neutral')
      tag(`${n.sentiment}-sweep`, {
        rule: 'sweep whose side and right read bullish (calls bought, puts sold) or bearish',
        params: {},
        values: { side: n.side, put_call: first.right },
      });
    const aboveOi = first.oi !== null && n.size > first.oi;
    if (n.premium >= p.goldenMinPremium && (!p.goldenRequireAboveOi || aboveOi))
      tag('golden-sweep', {
        rule: 'sweep premium ≥ goldenMinPremium (and size > open interest when goldenRequireAboveOi)',
        params: { goldenMinPremium: p.goldenMinPremium, goldenRequireAboveOi: p.goldenRequireAboveOi },
        values: { premium: round(n.premium, 2), size: n.size, oi: first.oi },
      });
  }

  if (!pattern) {
    for (const r of n.patterns ?? NO_PATTERNS) {
      const name = r.kind === 'repeated' ? 'repeated-hits' : 'ladder';
      tag(name, {
        rule: `member of ${r.kind} flow`,
        params: {},
        values: { flow_id: r.id, orders: r.extra.members?.length ?? 0 },
      });
    }
  } else {
    tag(n.kind === 'repeated' ? 'repeated-hits' : 'ladder', n.kindEvidence);
  }

  if (single && !pattern) {
    if (n.afterSweep !== null && (first.bits & FLAG_BIT.FLOOR) !== 0)
      tag('sweep-then-floor', {
        rule: 'floor print in a contract swept within sweepFloorWindowMs before it',
        params: { sweepFloorWindowMs: p.sweepFloorWindowMs },
        values: {
          sweep_id: n.afterSweep.id,
          ms_after_sweep: round(n.t0 - n.afterSweep.t1, 3),
          sweep_premium: round(n.afterSweep.premium, 2),
        },
      });
    if (n.side === 'sell' && first.right === 'P' && n.premium >= p.putSellMinPremium)
      tag('put-selling', {
        rule: 'puts sold (at or below the bid, or down-tick) with premium ≥ putSellMinPremium',
        params: { putSellMinPremium: p.putSellMinPremium },
        values: { premium: round(n.premium, 2), side: n.side, otm_pct: nullableRound(first.otmPct) },
      });
    const stockTied = (bits & FLAG_BIT.STOCK_TIED) !== 0;
    const otm = first.otmPct !== null && first.otmPct >= 0;
    if (
      n.side === 'sell' &&
      first.right === 'C' &&
      (stockTied || (otm && n.premium >= p.overwriteMinPremium))
    )
      tag('call-overwrite', {
        rule: 'calls sold tied to stock, or out of the money with premium ≥ overwriteMinPremium',
        params: { overwriteMinPremium: p.overwriteMinPremium },
        values: { premium: round(n.premium, 2), stock_tied: stockTied, otm_pct: nullableRound(first.otmPct) },
      });
    unusual(n, p, tag);
    if (first.oi !== null && n.size > first.oi)
      tag('opening', {
        rule: 'order size > open interest at its first print: at least part must open',
        params: {},
        values: { size: n.size, oi: first.oi },
      });
  }

  if (!single && n.extra.legs !== undefined) {
    const s = n.extra.strategy;
    if ((s === 'straddle' || s === 'strangle') && n.side !== null)
      tag(n.side === 'buy' ? 'long-volatility' : 'short-volatility', {
        rule: `${s} ${n.side === 'buy' ? 'bought' : 'sold'}`,
        params: {},
        values: { strategy: s, side: n.side, premium: round(n.premium, 2) },
      });
    if (s === 'roll') tags.push('roll');
    const opening = n.extra.legs.filter((l) => l.oi !== null && l.size > l.oi);
    if (opening.length > 0)
      tag('opening', {
        rule: 'a leg larger than its open interest',
        params: {},
        values: Object.fromEntries(opening.map((l) => [l.contract, `${l.size} > oi ${l.oi}`])),
      });
  }

  if (dte === 0) {
    const g = dollarGamma(n);
    if (g !== null && g >= p.zeroDteMinGammaUsd)
      tag('0dte-gamma', {
        rule: 'expires today and dollar gamma per 1% move ≥ zeroDteMinGammaUsd',
        params: { zeroDteMinGammaUsd: p.zeroDteMinGammaUsd },
        values: { dollar_gamma_1pct: round(g, 0), spot: first.spot },
      });
  }
  if (dte >= p.farDatedMinDte && n.premium >= p.farDatedMinPremium)
    tag('far-dated-conviction', {
      rule: 'days to expiry ≥ farDatedMinDte and premium ≥ farDatedMinPremium',
      params: { farDatedMinDte: p.farDatedMinDte, farDatedMinPremium: p.farDatedMinPremium },
      values: { dte, premium: round(n.premium, 2) },
    });
  n.tags = tags;
  n.tagEvidence = ev;
}

function unusual(n: FlowNode, p: FlowParams, tag: (name: string, e: Evidence) => void): void {
  const h = n.history;
  if (h === null || n.premium < p.unusualMinPremium) return;
  const oi = n.first.oi;
  const volume = h.size + n.size;
  const volOi = oi !== null && oi > 0 ? volume / oi : null;
  const mean = h.count > 0 ? h.premium / h.count : null;
  const byVolume = volOi !== null && volOi >= p.unusualMinVolOi;
  const byPremium =
    h.count >= p.unusualMinHistory && mean !== null && n.premium >= p.unusualPremiumMultiple * mean;
  if (!byVolume && !byPremium) return;
  tag('unusual', {
    rule: 'premium ≥ unusualMinPremium and (day volume / OI ≥ unusualMinVolOi or premium ≥ unusualPremiumMultiple × mean of the contract’s earlier orders that day, given unusualMinHistory of them)',
    params: {
      unusualMinPremium: p.unusualMinPremium,
      unusualMinVolOi: p.unusualMinVolOi,
      unusualPremiumMultiple: p.unusualPremiumMultiple,
      unusualMinHistory: p.unusualMinHistory,
    },
    values: {
      premium: round(n.premium, 2),
      day_volume: volume,
      oi,
      vol_oi: volOi === null ? null : round(volOi),
      earlier_orders: h.count,
      earlier_mean_premium: mean === null ? null : round(mean, 2),
      by: byVolume && byPremium ? 'volume and premium' : byVolume ? 'volume' : 'premium',
    },
  });
}

const nullableRound = (x: number | null) => (x === null ? null : round(x));
