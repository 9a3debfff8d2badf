import { CONDITION_FLAGS } from '../events/conditions.ts';
import { EQUITY_VENUES } from '../events/venues.ts';
import { SINGLE_RULE } from '../flow/flow-node.ts';

const offExchangeMics = EQUITY_VENUES.filter((v) => v.offExchange)
  .map((v) => `'${v.mic}'`)
  .join(', ');

export const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;
// A single print's kind evidence, as flow-columns.ts leaves it out: the JSON text JSON.stringify
// makes, and the evidence row, from the flow's size (a whole number of contracts).
const [singleJsonHead, singleJsonTail] = JSON.stringify({
  kind: { rule: SINGLE_RULE, params: {}, values: { size: 0 } },
  tags: {},
}).split('"size":0') as [string, string];
const singleJson = `${sqlString(`${singleJsonHead}"size":`)} || CAST(CAST(size AS BIGINT) AS VARCHAR) || ${sqlString(singleJsonTail)}`;

const flagCases = CONDITION_FLAGS.map((f, i) => `CASE WHEN (b & ${1 << i}) <> 0 THEN '${f}' END`).join(', ');

/** DDL for every table and view the engine writes (documented in docs/schema.md). */
export const SCHEMA_SQL = `
-- The compact OSI key of any accepted symbol form (padded, O:-prefixed, Intrinio underscores and
-- Intrinio's wire form SPY_251219C650.00), as parseOsi makes it.
CREATE MACRO flowbook_osi_key(c) AS CASE
  WHEN regexp_matches(c, '^[A-Z0-9]{1,6}_\\d{6}[CP]\\d{1,5}\\.\\d{2,3}$') THEN
    regexp_extract(c, '^([A-Z0-9]+)_', 1) || regexp_extract(c, '_(\\d{6}[CP])', 1) ||
    lpad((CAST(regexp_extract(c, '[CP](\\d+)\\.', 1) AS INTEGER) * 1000 +
          CAST(rpad(regexp_extract(c, '\\.(\\d+)$', 1), 3, '0') AS INTEGER))::VARCHAR, 8, '0')
  ELSE regexp_replace(c, '^O:|[ _]', '', 'g') END;
-- New York wall-clock time of a UTC timestamp, by the US rule since 2007 (daylight time from 02:00 local on
-- the second Sunday of March to 02:00 local on the first Sunday of November): DuckDB-WASM has no ICU, so
-- AT TIME ZONE is unavailable. Same arithmetic as engine/time/ny-time.ts.
CREATE MACRO flowbook_nth_sunday(y, m, n) AS
  make_date(y, m, 1) + CAST((7 - dayofweek(make_date(y, m, 1))) % 7 + (n - 1) * 7 AS INTEGER);
CREATE MACRO flowbook_ny_time(t) AS CAST(t AS TIMESTAMP) + CASE
  WHEN CAST(t AS TIMESTAMP) >= CAST(flowbook_nth_sunday(year(t), 3, 2) AS TIMESTAMP) + INTERVAL '7 hours'
   AND CAST(t AS TIMESTAMP) < CAST(flowbook_nth_sunday(year(t), 11, 1) AS TIMESTAMP) + INTERVAL '6 hours'
  THEN INTERVAL '-4 hours' ELSE INTERVAL '-5 hours' END;
CREATE MACRO flowbook_flags(b) AS list_filter([${flagCases}], x -> x IS NOT NULL);
-- Every event as received, in arrival order; the per-type tables below are views over it.
CREATE TABLE _events (type VARCHAR, ts TIMESTAMP_NS, date DATE, contract VARCHAR, symbol VARCHAR, price DOUBLE,
  size INTEGER, bid DOUBLE, ask DOUBLE, bid_size INTEGER, ask_size INTEGER, exchange VARCHAR, conditions INTEGER,
  raw_conditions VARCHAR, id VARCHAR, oi INTEGER, status VARCHAR, message VARCHAR, multiplier INTEGER);
CREATE TABLE _option_trades (rid BIGINT, ts TIMESTAMP_NS, trade_date DATE, contract VARCHAR, underlying VARCHAR,
  root VARCHAR, expiry DATE, put_call VARCHAR, strike DOUBLE, multiplier INTEGER, nonstandard BOOLEAN, price DOUBLE,
  size INTEGER, premium DOUBLE, exchange VARCHAR, condition_bits INTEGER, raw_conditions VARCHAR, id VARCHAR,
  multi_leg BOOLEAN, late BOOLEAN, bid DOUBLE, ask DOUBLE, bid_size INTEGER, ask_size INTEGER, quote_age_ms DOUBLE,
  side VARCHAR, side_method VARCHAR, aggressor VARCHAR, sentiment VARCHAR, dte INTEGER, years DOUBLE, spot DOUBLE,
  otm_pct DOUBLE, volume INTEGER, oi INTEGER, vol_oi DOUBLE, opening_size_oi BOOLEAN,
  opening_size_oi_volume BOOLEAN, iv DOUBLE, iv_reason VARCHAR, iv_mid DOUBLE, iv_mid_reason VARCHAR,
  greeks_from VARCHAR, delta DOUBLE, gamma DOUBLE, theta DOUBLE, vega DOUBLE, rho DOUBLE, vanna DOUBLE,
  charm DOUBLE, cancelled BOOLEAN, oi_next INTEGER);
CREATE VIEW option_trades AS
  SELECT * EXCLUDE (condition_bits, sentiment, oi_next, cancelled),
    flowbook_flags(condition_bits) AS conditions,
    CASE WHEN cancelled THEN 'neutral' ELSE sentiment END AS sentiment,
    oi_next,
    oi_next - oi AS oi_change,
    oi_next - oi >= size AS opening_oi_change,
    cancelled,
    list_filter([
      CASE WHEN (condition_bits & 1) <> 0 THEN 'iso' END,
      CASE WHEN multi_leg THEN 'multi-leg' END,
      CASE WHEN (condition_bits & 8) <> 0 THEN 'cross' END,
      CASE WHEN (condition_bits & 16) <> 0 THEN 'floor' END,
      CASE WHEN late THEN 'late' END,
      CASE WHEN opening_size_oi THEN 'above-oi' END,
      CASE WHEN nonstandard THEN 'nonstandard' END,
      CASE WHEN cancelled THEN 'cancelled' END], x -> x IS NOT NULL) AS tags
  FROM _option_trades;
-- The app's brushed selection replaces this view (docs/notebooks.md); without one it is every print.
CREATE VIEW selected_trades AS SELECT * FROM option_trades;
CREATE VIEW option_quotes AS
  SELECT ts, contract, bid, ask, bid_size, ask_size FROM _events
  WHERE type = 'option_quote' AND contract IS NOT NULL AND bid IS NOT NULL AND ask IS NOT NULL;
-- Flow and analytics parameters (classifiers.md, analytics.md) as the SQL views read them; rewritten by setParams.
CREATE TABLE _flow_params (name VARCHAR, value DOUBLE);
CREATE MACRO flowbook_param(n) AS (SELECT value FROM _flow_params WHERE name = n);
CREATE VIEW equity_trades AS
  SELECT ts, symbol, price, size, price * size AS notional, exchange, raw_conditions, id,
    flowbook_flags(coalesce(conditions, 0)) AS conditions,
    exchange IN (${offExchangeMics}) AS off_exchange,
    size >= flowbook_param('equityBlockMinShares') OR price * size >= flowbook_param('equityBlockMinNotional')
      AS block
  FROM _events WHERE type = 'equity_trade' AND symbol IS NOT NULL AND price IS NOT NULL AND size IS NOT NULL;
CREATE VIEW equity_quotes AS
  SELECT ts, symbol, bid, ask, bid_size, ask_size FROM _events
  WHERE type = 'equity_quote' AND symbol IS NOT NULL AND bid IS NOT NULL AND ask IS NOT NULL;
CREATE VIEW open_interest AS
  SELECT date, contract, flowbook_osi_key(contract) AS key, oi, multiplier FROM _events
  WHERE type = 'open_interest' AND contract IS NOT NULL AND oi IS NOT NULL AND date IS NOT NULL;
CREATE VIEW trade_cancels AS SELECT ts, id FROM _events WHERE type = 'trade_cancel' AND id IS NOT NULL;
CREATE VIEW feed_status AS SELECT ts, status, message FROM _events WHERE type = 'status';
-- Parameter changes recorded in a session (docs/sessions.md): the parameters in force from then on, as JSON.
CREATE VIEW param_changes AS SELECT ts, message AS params FROM _events WHERE type = 'params';
-- Flows (docs/classifiers.md): rewritten by the engine as prints arrive, are cancelled or parameters change.
CREATE TABLE _flows (id BIGINT, kind VARCHAR, strategy VARCHAR, underlying VARCHAR, contract VARCHAR,
  contracts VARCHAR, expiry DATE, put_call VARCHAR, strike DOUBLE, legs INTEGER, first_ts TIMESTAMP_NS,
  last_ts TIMESTAMP_NS, window_end TIMESTAMP_NS, prints INTEGER, venues VARCHAR, size DOUBLE, premium DOUBLE,
  avg_price DOUBLE, side VARCHAR, sentiment VARCHAR, dte INTEGER, spot DOUBLE, oi INTEGER, net_delta DOUBLE,
  members VARCHAR, tags VARCHAR, evidence VARCHAR, written BIGINT);
-- \`written\` numbers the engine's flow writes (it only grows): a rewrite's old rows are deleted by id
-- and write number (engine/db/stale-flows.ts), and row-group min/max skip everything older.
CREATE TABLE _flow_prints (flow_id BIGINT, rid BIGINT, seq INTEGER, leg INTEGER, written BIGINT);
CREATE VIEW flow_prints AS SELECT flow_id, rid, seq, leg FROM _flow_prints;
CREATE TABLE _flow_evidence (flow_id BIGINT, subject VARCHAR, rule VARCHAR, name VARCHAR, role VARCHAR,
  value DOUBLE, text VARCHAR, written BIGINT);
CREATE VIEW flow_evidence AS SELECT flow_id, subject, rule, name, role, value, text FROM _flow_evidence
  UNION ALL
  SELECT id, 'single', ${sqlString(SINGLE_RULE)}, 'size', 'value', size, CAST(CAST(size AS BIGINT) AS VARCHAR)
  FROM _flows WHERE kind = 'single';
-- Off-exchange (dark-pool) price levels: notional aggregated by price, largest first per symbol.
CREATE VIEW dark_pool_levels AS
  -- Summed in exact 1/10000 dollars: a float sum depends on the order rows are scanned in, which the
  -- storage layout (batch sizes, checkpoints) changes, and live and replay must agree.
  SELECT symbol, round(price, 2) AS price, CAST(sum(size) AS BIGINT) AS shares,
    CAST(sum(CAST(round(notional * 1e4) AS HUGEINT)) AS DOUBLE) / 1e4 AS notional,
    count(*) AS prints, count(*) FILTER (WHERE block) AS blocks, min(ts) AS first_ts, max(ts) AS last_ts,
    rank() OVER (PARTITION BY symbol ORDER BY sum(notional) DESC) AS rank
  FROM equity_trades WHERE off_exchange GROUP BY symbol, round(price, 2);
-- Per symbol and interval: off-exchange volume, its side against the prevailing mid, and the price move.
CREATE VIEW dark_pool_intervals AS
  WITH q AS (SELECT symbol, ts, (bid + ask) / 2 AS mid FROM equity_quotes WHERE ask >= bid AND bid > 0),
  t AS (
    SELECT e.*, q.mid,
      make_timestamp_ns(epoch_ns(e.ts) // b.ns * b.ns) AS bucket
    FROM equity_trades e ASOF LEFT JOIN q ON e.symbol = q.symbol AND e.ts >= q.ts
    CROSS JOIN (SELECT CAST(flowbook_param('darkPoolBucketMinutes') * 60e9 AS BIGINT) AS ns) b),
  g AS (
    SELECT symbol, bucket, CAST(sum(size) AS BIGINT) AS shares,
      CAST(coalesce(sum(size) FILTER (WHERE off_exchange), 0) AS BIGINT) AS off_exchange_shares,
      CAST(coalesce(sum(size) FILTER (WHERE off_exchange AND price > mid), 0) AS BIGINT) AS buy_shares,
      CAST(coalesce(sum(size) FILTER (WHERE off_exchange AND price < mid), 0) AS BIGINT) AS sell_shares,
      arg_min(price, ts) AS open, arg_max(price, ts) AS close, min(price) AS low, max(price) AS high
    FROM t GROUP BY symbol, bucket)
  SELECT *, off_exchange_shares / shares AS off_exchange_share,
    CASE WHEN buy_shares + sell_shares > 0 THEN buy_shares / (buy_shares + sell_shares) END AS buy_share,
    (close - open) / open * 100 AS move_pct,
    off_exchange_shares / avg(off_exchange_shares) OVER (PARTITION BY symbol) AS volume_multiple
  FROM g;
-- Inferences, never facts: each row names the rule, the parameters and the numbers that met them.
CREATE VIEW dark_pool_signals AS
  WITH i AS (SELECT * FROM dark_pool_intervals), p AS (
    SELECT flowbook_param('darkPoolMinShare') AS min_share, flowbook_param('darkPoolMinImbalance') AS imb,
      flowbook_param('absorptionMinVolumeMultiple') AS vol_mult, flowbook_param('absorptionMaxMovePct') AS max_move)
  SELECT symbol, bucket, 'accumulation' AS signal, off_exchange_shares, off_exchange_share, buy_share, move_pct,
    volume_multiple,
    format('inferred: {:.0f}% of volume off-exchange (>= {:.0f}%), {:.0f}% of it above the mid (>= {:.0f}%)',
      off_exchange_share * 100, min_share * 100, buy_share * 100, imb * 100) AS evidence
  FROM i, p WHERE off_exchange_share >= min_share AND buy_share >= imb
  UNION ALL
  SELECT symbol, bucket, 'distribution', off_exchange_shares, off_exchange_share, buy_share, move_pct,
    volume_multiple,
    format('inferred: {:.0f}% of volume off-exchange (>= {:.0f}%), {:.0f}% of it below the mid (>= {:.0f}%)',
      off_exchange_share * 100, min_share * 100, (1 - buy_share) * 100, imb * 100)
  FROM i, p WHERE off_exchange_share >= min_share AND 1 - buy_share >= imb
  UNION ALL
  SELECT symbol, bucket, 'absorption', off_exchange_shares, off_exchange_share, buy_share, move_pct,
    volume_multiple,
    format('inferred: off-exchange volume {:.1f}x the symbol''s mean interval (>= {:.1f}x) while price moved {:.3f}% (<= {:.3f}%)',
      volume_multiple, vol_mult, move_pct, max_move)
  FROM i, p WHERE volume_multiple >= vol_mult AND abs(move_pct) <= max_move;
CREATE TABLE _clock (watermark TIMESTAMP_NS);
INSERT INTO _clock VALUES (NULL);
CREATE VIEW flows AS
  SELECT id, kind, strategy, underlying, contract, string_split(contracts, ',') AS contracts, expiry, put_call,
    strike, legs, first_ts, last_ts, (epoch_ns(last_ts) - epoch_ns(first_ts)) / 1e6 AS duration_ms, prints,
    string_split(venues, ',') AS venues, CAST(len(string_split(venues, ',')) AS INTEGER) AS venue_count, CAST(size AS BIGINT) AS size,
    premium, avg_price, side, sentiment, dte, spot, oi, net_delta,
    CASE WHEN members IS NOT NULL THEN list_transform(string_split(members, ','), x -> CAST(x AS BIGINT)) END
      AS members,
    CASE WHEN tags = '' THEN CAST([] AS VARCHAR[]) ELSE string_split(tags, ',') END AS tags,
    coalesce(evidence, ${singleJson}) AS evidence,
    coalesce(window_end > (SELECT watermark FROM _clock), true) AS open
  FROM _flows;
`;

/** Rewrites the flow and analytics parameters the SQL views read (`flowbook_param(name)`). */
export const paramsSql = (p: Readonly<Record<string, number | boolean>>): string =>
  `DELETE FROM _flow_params; INSERT INTO _flow_params VALUES ${Object.entries(p)
    .map(([k, v]) => `(${sqlString(k)}, ${Number(v)})`)
    .join(', ')};`;

export const CLEAR_FLOWS_SQL = 'DELETE FROM _flows; DELETE FROM _flow_prints; DELETE FROM _flow_evidence;';

export const watermarkSql = (ns: bigint): string =>
  `UPDATE _clock SET watermark = make_timestamp_ns(${ns}) WHERE watermark IS NULL OR watermark < make_timestamp_ns(${ns})`;

/** Marks the prints named by trade_cancel events (only prints that arrived before each cancel). */
export const cancelSql = (cancels: readonly { id: string; rid: number }[]): string =>
  `UPDATE _option_trades SET cancelled = true WHERE ${cancels.map((c) => `(id = ${sqlString(c.id)} AND rid <= ${c.rid})`).join(' OR ')}`;

/** Marks prints cancelled by row id. */
export const cancelRidsSql = (rids: readonly number[]): string =>
  `UPDATE _option_trades SET cancelled = true WHERE rid BETWEEN ${Math.min(...rids)} AND ${Math.max(...rids)} AND rid IN (${rids.join(', ')})`;

/**
 * Fills `oi_next` (the first open-interest figure published after the print's trade date) once a
 * later open_interest record arrives; `days` are the OI dates just ingested, as day numbers.
 */
export const nextOiSql = (days: readonly number[]): string => `
UPDATE _option_trades t SET oi_next = o.oi
FROM (SELECT key, date, oi FROM open_interest
      WHERE date IN (${days.map((d) => `DATE '1970-01-01' + INTERVAL ${d} DAY`).join(', ')})) o
WHERE t.oi_next IS NULL AND t.contract = o.key AND o.date > t.trade_date`;
