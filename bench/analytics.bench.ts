/**
 * Analytics refresh and query cost, measured in one run:
 *   chain     — option_chain rebuilt from the engine's state: mid IV (Let's Be Rational) and Greeks for
 *               every live contract of the simulated universe (SPX alone is an SPX-sized chain)
 *   profile   — gamma_profile: total GEX re-priced on the zero-gamma grid, in TypeScript
 *   peer      — the same grid in DuckDB-WASM SQL (contracts × grid cross join with the BSM gamma
 *               formula), the usual notebook answer
 *   views     — exposure_by_strike, gamma_levels (walls, flips, max pain) over the fresh chain
 *   tide      — market_tide (market, groups, tickers; 1 and 5 minutes) over a full simulated day, against
 *               the same tide aggregated straight from the prints for every scope and interval
 * Usage: node --import tsx bench/analytics.bench.ts [--trade-rate 40 --hours 6.5]
 */
import { tableFromIPC } from 'apache-arrow';
import { PROFILE_INPUT_SQL, profileContracts } from '../engine/analytics/analytics.ts';
import { gammaProfile } from '../engine/analytics/gamma-profile.ts';
import { createEngine, encodeEvents, SimMarket } from '../engine/index.ts';
import { createNodeConnector } from '../engine/node/index.ts';
import { arg } from './bench-args.ts';

const rate = arg('trade-rate', 40);
const hours = arg('hours', 6.5);

const median = (f: () => void, runs = 5): { ms: number; lo: number; hi: number } => {
  const t: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return { ms: t[Math.floor(runs / 2)]!, lo: t[0]!, hi: t[runs - 1]! };
};
const fmt = (m: { ms: number; lo: number; hi: number }) =>
  `${m.ms.toFixed(1).padStart(8)} ms  (median of 5, ${m.lo.toFixed(1)}–${m.hi.toFixed(1)})`;

const engine = createEngine({ connector: await createNodeConnector() });
const market = new SimMarket({ seed: 1, rate, startMs: Date.UTC(2026, 10, 20, 14, 30) });
const end = market.startMs + hours * 3_600_000;
const t0 = performance.now();
let events = 0;
for (let t = market.startMs; t < end;) {
  t = Math.min(end, t + 60_000);
  const chunk = market.take(t);
  events += chunk.length;
  engine.ingest(encodeEvents(chunk));
}
const ingestS = (performance.now() - t0) / 1000;
const count = (sql: string) => Number(tableFromIPC(engine.query(sql)).getChild('n')!.get(0));
const trades = count('SELECT count(*) AS n FROM _option_trades');
console.log(
  `session: ${hours} h simulated at ${rate} trades/s: ${events.toLocaleString()} events, ${trades.toLocaleString()} option prints, ingested in ${ingestS.toFixed(1)} s`,
);

// Exposures.
engine.refreshAnalytics();
const contracts = count('SELECT count(*) AS n FROM option_chain');
const spx = count("SELECT count(*) AS n FROM option_chain WHERE underlying = 'SPX'");
const priced = count('SELECT count(*) AS n FROM option_chain WHERE gamma IS NOT NULL');
const points = engine.params().analytics.gammaGridPoints;
const reports = [0, 1, 2, 3, 4].map(() => engine.refreshAnalytics());
const part = (k: 'chainMs' | 'indicatorsMs') => {
  const t = reports.map((r) => r[k]).sort((a, b) => a - b);
  return { ms: t[2]!, lo: t[0]!, hi: t[4]! };
};
console.log(
  `chain + gamma_profile   ${fmt(part('chainMs'))}  ${contracts.toLocaleString()} contracts (${spx.toLocaleString()} SPX), ${priced.toLocaleString()} priced, ${points}-point grid`,
);
console.log(
  `bar_indicators          ${fmt(part('indicatorsMs'))}  ${reports[0]!.indicatorRows.toLocaleString()} bars`,
);
const grid = `
WITH c AS (
  SELECT underlying, spot, strike, iv, years, dividend_yield AS q, rate AS r, dealer_oi * multiplier AS pos
  FROM exposure_by_contract WHERE gamma IS NOT NULL AND dealer_oi <> 0),
g AS (SELECT range AS j FROM range(${points})),
s AS (SELECT c.*, j, c.spot * (1 + ${engine.params().analytics.gammaGridPct} / 100 * (2 * j / (${points} - 1) - 1)) AS x FROM c, g)
SELECT underlying, j, sum(exp(-q * years) * exp(-0.5 * pow((ln(x / strike) + (r - q + iv * iv / 2) * years) / (iv * sqrt(years)), 2))
  / sqrt(2 * pi()) / (x * iv * sqrt(years)) * pos * x * x * 0.01) AS gex
FROM s GROUP BY underlying, j`;
const rows = count(`SELECT count(*) AS n FROM (${grid})`);
const peer = median(() => engine.query(grid));
const inputs = profileContracts(tableFromIPC(engine.query(PROFILE_INPUT_SQL)));
const buckets = [
  { bucket: '0dte', maxDte: 0 },
  { bucket: '7d', maxDte: 7 },
  { bucket: '30d', maxDte: 30 },
  { bucket: 'all', maxDte: 2147483647 },
];
const gridOpts = { pct: engine.params().analytics.gammaGridPct, points };
const profile = median(() => gammaProfile(inputs, buckets, gridOpts, 0n));
console.log(
  `  of which the grid     ${fmt(profile)}  ${inputs.length.toLocaleString()} positions × ${points} points × 2 bases`,
);
console.log(
  `sql grid (peer)         ${fmt(peer)}  ${rows.toLocaleString()} underlying × point rows, OI basis only`,
);
console.log(
  `ratio                   the TypeScript grid (both bases, 4 buckets) is ${(peer.ms / profile.ms).toFixed(1)}× the speed of the SQL grid (one basis, no buckets)`,
);
for (const v of ['exposure_by_strike', 'gamma_levels', 'max_pain']) {
  const m = median(() => engine.query(`SELECT * FROM ${v}`));
  console.log(`${v.padEnd(23)} ${fmt(m)}`);
}

// Tide over the day.
const tide = median(() => engine.query('SELECT * FROM market_tide'));
const tideRows = count('SELECT count(*) AS n FROM market_tide');
const naive = `
WITH p AS (
  SELECT underlying, trade_date, ts, put_call, premium,
    CASE WHEN side IN ('at_ask', 'above_ask', 'to_ask') THEN 1 WHEN side IN ('at_bid', 'below_bid', 'to_bid') THEN -1 ELSE 0 END AS dir
  FROM _option_trades WHERE NOT cancelled),
s AS (
  SELECT 'market' AS scope, p.* FROM p
  UNION ALL SELECT g.group_name, p.* FROM p JOIN ticker_groups g ON g.symbol = p.underlying
  UNION ALL SELECT p.underlying, p.* FROM p)
SELECT scope, trade_date, i.m, epoch_ns(ts) // (i.m * 60000000000) AS b,
  sum(dir * premium) FILTER (WHERE put_call = 'C') AS net_call, sum(dir * premium) FILTER (WHERE put_call = 'P') AS net_put
FROM s CROSS JOIN (VALUES (1), (5)) i(m) GROUP BY ALL`;
const peerTide = median(() => engine.query(naive));
console.log(
  `market_tide             ${fmt(tide)}  ${tideRows.toLocaleString()} rows over ${trades.toLocaleString()} prints (${Math.round(trades / (tide.ms / 1000)).toLocaleString()} prints/s)`,
);
console.log(`tide from prints (peer) ${fmt(peerTide)}  no cumulative sums, prices or coverage`);
console.log(
  `ratio                   market_tide ${(peerTide.ms / tide.ms).toFixed(2)}× the speed of the straight aggregation`,
);
for (const v of ['net_premium_ticks', 'net_flow', 'interval_flow', 'bars', 'vpin', 'data_quality']) {
  const m = median(() => engine.query(`SELECT count(*) FROM ${v}`), 3);
  console.log(`${v.padEnd(23)} ${m.ms.toFixed(1).padStart(8)} ms  (median of 3)`);
}
