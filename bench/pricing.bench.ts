/**
 * Pricing and enrichment speed on one core, each against a peer measured in the same run:
 *   IV        — Let's Be Rational (bsmImpliedVol) vs a plain Newton–Raphson solver, with error counts at 1e-9
 *   Greeks    — BSM price + seven Greeks per second
 *   enrichment — TradeEnricher over a simulated session with quotes (decoded batches), without and with IV/Greeks
 * Usage: npm run bench [-- --options 1000000 --seconds 60 --trade-rate 5000]
 */
import { RecordBatchReader } from 'apache-arrow';
import { bsmGreeks, bsmImpliedVol, bsmPrice, emptyGreeks, encodeEvents, SimMarket } from '../engine/index.ts';
import { TradeEnricher } from '../engine/enrich/trade-enricher.ts';
import { EVENT_TYPES, type EventType } from '../engine/events/event-types.ts';
import { EventView } from '../engine/events/event-view.ts';
import { normCdf, normPdf } from '../engine/pricing/normal.ts';
import { arg } from './bench-args.ts';

const N = arg('options', 1_000_000);
const seconds = arg('seconds', 60);
const tradeRate = arg('trade-rate', 5000);

// A seeded grid of European options: 1 minute to 2 years, |ln K/F| up to 4 standard deviations, vol 5%–150%.
let seed = 12345;
const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const S = 100;
const R = 0.045;
const Q = 0.012;
const call = new Uint8Array(N);
const K = new Float64Array(N);
const T = new Float64Array(N);
const V = new Float64Array(N);
const PX = new Float64Array(N);
const resolvable = new Uint8Array(N);
const g = emptyGreeks();
for (let i = 0; i < N; i++) {
  const t = Math.exp(Math.log(1 / (365 * 24 * 60)) + rnd() * Math.log(2 * 365 * 24 * 60));
  const v = 0.05 + rnd() * 1.45;
  const k = S * Math.exp((R - Q) * t + (rnd() * 8 - 4) * v * Math.sqrt(t));
  const c = rnd() < 0.5;
  call[i] = c ? 1 : 0;
  K[i] = k;
  T[i] = t;
  V[i] = v;
  PX[i] = bsmPrice(c, S, k, t, R, Q, v);
  bsmGreeks(c, S, k, t, R, Q, v, g);
  // Where rounding the price to a double moves the volatility by more than 1e-10, no solver can reach 1e-9.
  resolvable[i] = (8 * Number.EPSILON * PX[i]!) / (g.vega * 100) < 1e-10 ? 1 : 0;
}

/** Plain Newton–Raphson on the BSM price from σ = 0.5, vega step, σ kept positive: the usual hand-rolled solver. */
function newtonIv(price: number, c: boolean, s: number, k: number, t: number, r: number, q: number): number {
  let sigma = 0.5;
  for (let it = 0; it < 100; it++) {
    const sd = sigma * Math.sqrt(t);
    const d1 = (Math.log(s / k) + (r - q + 0.5 * sigma * sigma) * t) / sd;
    const d2 = d1 - sd;
    const dfq = Math.exp(-q * t);
    const dfr = Math.exp(-r * t);
    const p = c
      ? s * dfq * normCdf(d1) - k * dfr * normCdf(d2)
      : k * dfr * normCdf(-d2) - s * dfq * normCdf(-d1);
    const vega = s * dfq * normPdf(d1) * Math.sqrt(t);
    if (!(vega > 1e-300)) return Number.NaN;
    const step = (p - price) / vega;
    sigma = Math.max(sigma - step, 1e-6);
    if (Math.abs(step) < 1e-12) return sigma;
  }
  return Number.NaN;
}

function solveAll(name: string, solve: (i: number) => number | string) {
  let errors = 0;
  let failures = 0;
  let worst = 0;
  const t0 = performance.now();
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const v = solve(i);
    out[i] = typeof v === 'number' ? v : Number.NaN;
  }
  const s = (performance.now() - t0) / 1000;
  let tested = 0;
  for (let i = 0; i < N; i++) {
    if (!resolvable[i]) continue;
    tested += 1;
    const v = out[i]!;
    if (Number.isNaN(v)) failures += 1;
    else {
      const e = Math.abs(v - V[i]!);
      worst = Math.max(worst, e);
      if (e > 1e-9) errors += 1;
    }
  }
  const rate = N / s;
  console.log(
    `${name.padEnd(16)} ${Math.round(rate).toLocaleString().padStart(11)} solves/s   ${errors.toLocaleString().padStart(7)} errors > 1e-9, ${failures.toLocaleString()} no answer (of ${tested.toLocaleString()} resolvable); worst ${worst.toExponential(1)}`,
  );
  return rate;
}

console.log(`IV: ${N.toLocaleString()} options, 1 minute to 2 years, ±4 sd of log-moneyness, vol 5%–150%`);
// Warm both up so the JIT has compiled them before timing.
for (let i = 0; i < 20_000; i++) {
  bsmImpliedVol(PX[i]!, call[i] === 1, S, K[i]!, T[i]!, R, Q);
  newtonIv(PX[i]!, call[i] === 1, S, K[i]!, T[i]!, R, Q);
}
const lbr = solveAll("Let's Be Rational", (i) => bsmImpliedVol(PX[i]!, call[i] === 1, S, K[i]!, T[i]!, R, Q));
const nr = solveAll('Newton–Raphson', (i) => newtonIv(PX[i]!, call[i] === 1, S, K[i]!, T[i]!, R, Q));
console.log(`ratio            ${(lbr / nr).toFixed(2)}× Newton–Raphson`);

{
  const t0 = performance.now();
  let sink = 0;
  for (let i = 0; i < N; i++) {
    const c = call[i] === 1;
    sink += bsmPrice(c, S, K[i]!, T[i]!, R, Q, V[i]!);
    sink += bsmGreeks(c, S, K[i]!, T[i]!, R, Q, V[i]!, g).delta;
  }
  const s = (performance.now() - t0) / 1000;
  console.log(
    `price + Greeks   ${Math.round(N / s)
      .toLocaleString()
      .padStart(11)} /s (checksum ${sink.toFixed(3)})`,
  );
}

// Enrichment: decode once, then time only TradeEnricher.process over the batches.
const market = new SimMarket({ seed: 1, rate: tradeRate, startMs: Date.UTC(2026, 10, 20, 14, 30) });
const views: EventView[] = [];
let trades = 0;
let events = 0;
for (let t = market.startMs; t < market.startMs + seconds * 1000;) {
  t += 250;
  const chunk = market.take(t);
  if (chunk.length === 0) continue;
  trades += chunk.filter((e) => e.type === 'option_trade').length;
  events += chunk.length;
  for (const b of RecordBatchReader.from(encodeEvents(chunk))) views.push(new EventView(b));
}
console.log(
  `enrichment: ${trades.toLocaleString()} option trades among ${events.toLocaleString()} events (${seconds} s simulated at ${tradeRate}/s)`,
);
/** Median of 5 runs, each with a fresh enricher (so each run also meets every contract for the first time). */
function enrich(name: string, greeks: boolean): number {
  const rates: number[] = [];
  for (let run = 0; run < 5; run++) {
    const enricher = new TradeEnricher({ greeks });
    const t0 = performance.now();
    for (const v of views) {
      const counts = Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])) as Record<EventType, number>;
      enricher.process(v, [], { counts, cancels: [], oiDays: new Set(), maxTsNs: -1n });
    }
    rates.push(trades / ((performance.now() - t0) / 1000));
  }
  const rate = rates.sort((a, b) => a - b)[2]!;
  console.log(
    `${name.padEnd(16)} ${Math.round(rate).toLocaleString().padStart(11)} trades/s  (${Math.round((rate * events) / trades).toLocaleString()} events/s; median of 5, range ${Math.round(rates[0]!).toLocaleString()}–${Math.round(rates[4]!).toLocaleString()})`,
  );
  return rate;
}
enrich('warm-up', true);
const plain = enrich('without IV', false);
const full = enrich('with IV + Greeks', true);
console.log(`ratio            ${(full / plain).toFixed(2)}× (IV and Greeks cost)`);
