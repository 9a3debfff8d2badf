import { Float64, Int32, type RecordBatch, TimestampNanosecond } from 'apache-arrow';
import { BigIntColumn, NumberColumn, recordBatch, Utf8Column } from '../events/columns.ts';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
/** φ(d) underflows any sum of gamma beyond this many standard deviations. */
const MAX_D = 38;

/** One priced contract's dealer position, as exposure_by_contract gives it. */
export interface ProfileContract {
  readonly underlying: string;
  readonly dte: number;
  readonly strike: number;
  readonly years: number;
  readonly iv: number;
  readonly rate: number;
  readonly dividendYield: number;
  readonly multiplier: number;
  /** Spot at as-of: the grid is centred on it. */
  readonly spot: number;
  /** Dealer contracts by the sign convention (OI basis) and volume-adjusted (vol basis). */
  readonly dealerOi: number;
  readonly dealerVol: number;
}

export interface DteBucket {
  readonly bucket: string;
  readonly maxDte: number;
}

export interface GammaGrid {
  readonly pct: number;
  readonly points: number;
}

/**
 * Total dealer gamma exposure (USD per 1% move) re-priced at hypothetical spot prices
 * S_j = spot × (1 + pct/100 × (2j/(points−1) − 1)), each contract keeping its implied volatility and
 * time to expiry (sticky strike), for every underlying, DTE bucket and basis (OI / volume-adjusted).
 */
export function gammaProfile(
  contracts: readonly ProfileContract[],
  buckets: readonly DteBucket[],
  grid: GammaGrid,
  asOfNs: bigint,
): RecordBatch {
  const order = [...buckets].sort((a, b) => a.maxDte - b.maxDte);
  const n = grid.points;
  const byUnderlying = new Map<
    string,
    { spot: number; s: Float64Array; lnS: Float64Array; bands: Float64Array }
  >();
  // Each contract adds to the narrowest bucket that holds it ("band"); a bucket is the sum of its bands.
  const nb = order.length;
  for (const c of contracts) {
    if (!(c.spot > 0 && c.years > 0 && c.iv > 0 && c.strike > 0)) continue;
    const band = order.findIndex((b) => c.dte <= b.maxDte);
    if (band < 0) continue;
    let u = byUnderlying.get(c.underlying);
    if (u === undefined) {
      const s = new Float64Array(n);
      for (let j = 0; j < n; j++) s[j] = c.spot * (1 + moveAt(grid, j) / 100);
      u = { spot: c.spot, s, lnS: s.map(Math.log), bands: new Float64Array(nb * 2 * n) };
      byUnderlying.set(c.underlying, u);
    }
    const { s: sGrid, lnS } = u;
    const sd = c.iv * Math.sqrt(c.years);
    const drift = (c.rate - c.dividendYield + 0.5 * c.iv * c.iv) * c.years - Math.log(c.strike);
    // gamma × S² × 0.01 × multiplier = e^(−qT) φ(d1) S / (σ√T) × 0.01 × multiplier
    const scale = (Math.exp(-c.dividendYield * c.years) * INV_SQRT_2PI * 0.01 * c.multiplier) / sd;
    const oOi = band * 2 * n;
    const oVol = oOi + n;
    for (let j = 0; j < n; j++) {
      const d1 = (lnS[j]! + drift) / sd;
      if (d1 > MAX_D || d1 < -MAX_D) continue;
      const g = scale * Math.exp(-0.5 * d1 * d1) * sGrid[j]!;
      u.bands[oOi + j]! += g * c.dealerOi;
      u.bands[oVol + j]! += g * c.dealerVol;
    }
  }
  const cols = {
    as_of: new BigIntColumn(new TimestampNanosecond()),
    underlying: new Utf8Column(),
    bucket: new Utf8Column(),
    basis: new Utf8Column(),
    point: new NumberColumn(new Int32()),
    move_pct: new NumberColumn(new Float64()),
    spot: new NumberColumn(new Float64()),
    gex: new NumberColumn(new Float64()),
  };
  let row = 0;
  const sum = new Float64Array(2 * n);
  for (const [underlying, u] of [...byUnderlying].sort(([a], [b]) => (a < b ? -1 : 1))) {
    sum.fill(0);
    for (let k = 0; k < nb; k++) {
      for (let j = 0; j < 2 * n; j++) sum[j]! += u.bands[k * 2 * n + j]!;
      for (let b = 0; b < 2; b++) {
        for (let j = 0; j < n; j++) {
          const move = moveAt(grid, j);
          cols.as_of.set(row, asOfNs);
          cols.underlying.set(row, underlying);
          cols.bucket.set(row, order[k]!.bucket);
          cols.basis.set(row, b === 0 ? 'oi' : 'vol');
          cols.point.set(row, j);
          cols.move_pct.set(row, move);
          cols.spot.set(row, u.s[j]!);
          cols.gex.set(row, sum[b * n + j]!);
          row += 1;
        }
      }
    }
  }
  return recordBatch(Object.entries(cols), row);
}

/** The % move of grid point j from spot. */
const moveAt = (grid: GammaGrid, j: number): number => grid.pct * ((2 * j) / (grid.points - 1) - 1);
