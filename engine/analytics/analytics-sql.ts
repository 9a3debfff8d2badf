/** Ask-side +1, bid-side -1, anything else (mid, no or stale quote) 0: the tide's direction of a print. */
const DIR = `CASE WHEN side IN ('at_ask', 'above_ask', 'to_ask') THEN 1
  WHEN side IN ('at_bid', 'below_bid', 'to_bid') THEN -1 ELSE 0 END`;

const bucketOf = (ts: string, minutes: string) =>
  `make_timestamp_ns(epoch_ns(${ts}) // (${minutes} * 60000000000) * (${minutes} * 60000000000))`;

/** The exposure sums of exposure_by_strike and exposure_by_expiry (over exposure_by_contract rows). */
const EXPOSURE_SUMS = `coalesce(sum(gex_oi) FILTER (WHERE put_call = 'C'), 0) AS call_gex_oi,
    coalesce(sum(gex_oi) FILTER (WHERE put_call = 'P'), 0) AS put_gex_oi,
    coalesce(sum(gex_oi), 0) AS gex_oi, coalesce(sum(gex_vol), 0) AS gex_vol,
    coalesce(sum(dex_oi), 0) AS dex_oi, coalesce(sum(dex_vol), 0) AS dex_vol,
    coalesce(sum(vex_oi), 0) AS vex_oi, coalesce(sum(vex_vol), 0) AS vex_vol,
    coalesce(sum(cex_oi), 0) AS cex_oi, coalesce(sum(cex_vol), 0) AS cex_vol,
    CAST(coalesce(sum(oi) FILTER (WHERE put_call = 'C'), 0) AS BIGINT) AS call_oi,
    CAST(coalesce(sum(oi) FILTER (WHERE put_call = 'P'), 0) AS BIGINT) AS put_oi,
    CAST(sum(volume) AS BIGINT) AS volume, CAST(sum(customer_net) AS BIGINT) AS customer_net,
    count(*) FILTER (WHERE gamma IS NULL AND oi > 0) AS unpriced`;

/** Per-minute ticks of contracts up to `maxDte`, with the day's running sums. */
const ticksOfDay = (
  maxDte: string,
) => `SELECT * EXCLUDE (spot_last), net_call_premium - net_put_premium AS net_premium,
    sum(net_call_premium) OVER (PARTITION BY underlying, trade_date ORDER BY bucket) AS cum_net_call_premium,
    sum(net_put_premium) OVER (PARTITION BY underlying, trade_date ORDER BY bucket) AS cum_net_put_premium,
    sum(net_delta) OVER (PARTITION BY underlying, trade_date ORDER BY bucket) AS cum_net_delta, spot_last AS spot
  FROM flowbook_ticks(${maxDte})`;

/**
 * DDL of the analytics (docs/analytics.md). `option_chain`, `gamma_profile` and `bar_indicators` are
 * tables the engine rewrites when a query reads them and data arrived since (at most once per
 * `exposureRefreshMs` of event time); everything else is a view, computed when queried.
 */
export const ANALYTICS_SQL = `
CREATE TABLE option_chain (as_of TIMESTAMP_NS, trade_date DATE, contract VARCHAR, underlying VARCHAR, expiry DATE,
  dte INTEGER, put_call VARCHAR, strike DOUBLE, multiplier INTEGER, oi INTEGER, volume INTEGER, bid DOUBLE,
  ask DOUBLE, mid DOUBLE, quote_age_ms DOUBLE, last_price DOUBLE, spot DOUBLE, years DOUBLE, rate DOUBLE,
  dividend_yield DOUBLE, iv DOUBLE, iv_source VARCHAR, delta DOUBLE, gamma DOUBLE, vanna DOUBLE, charm DOUBLE);
CREATE TABLE gamma_profile (as_of TIMESTAMP_NS, underlying VARCHAR, bucket VARCHAR, basis VARCHAR, point INTEGER,
  move_pct DOUBLE, spot DOUBLE, gex DOUBLE);
CREATE TABLE bar_indicators (symbol VARCHAR, interval_minutes INTEGER, bucket TIMESTAMP_NS, close DOUBLE,
  rsi DOUBLE, macd DOUBLE, macd_signal DOUBLE, macd_hist DOUBLE, bb_middle DOUBLE, bb_upper DOUBLE,
  bb_lower DOUBLE, realized_vol DOUBLE, ewma_vol DOUBLE, atm_iv DOUBLE, vol_forecast DOUBLE,
  forecast_from VARCHAR, vol_percentile DOUBLE, ma_slope_z DOUBLE, liquidity_score DOUBLE, regime_score DOUBLE,
  regime VARCHAR, regime_confidence DOUBLE, slope_confidence DOUBLE, vol_confidence DOUBLE,
  liquidity_confidence DOUBLE);
-- User-editable: DTE buckets of every exposure level, bar intervals, tide groups and their benchmarks.
CREATE TABLE dte_buckets (bucket VARCHAR, max_dte INTEGER);
INSERT INTO dte_buckets VALUES ('0dte', 0), ('7d', 7), ('30d', 30), ('all', 2147483647);
CREATE TABLE bar_intervals (minutes INTEGER);
INSERT INTO bar_intervals VALUES (1), (5), (15);
CREATE TABLE ticker_groups (group_name VARCHAR, symbol VARCHAR);
INSERT INTO ticker_groups VALUES ('index', 'SPX'), ('index', 'SPY'), ('index', 'QQQ'), ('index', 'IWM'),
  ('megacap_tech', 'AAPL'), ('megacap_tech', 'MSFT'), ('megacap_tech', 'GOOGL'), ('megacap_tech', 'AMZN'),
  ('megacap_tech', 'NVDA'), ('megacap_tech', 'META'), ('consumer', 'AMZN'), ('consumer', 'TSLA');
CREATE TABLE group_benchmarks (group_name VARCHAR, symbol VARCHAR);
INSERT INTO group_benchmarks VALUES ('market', 'SPY'), ('index', 'SPY'), ('megacap_tech', 'QQQ'), ('consumer', 'QQQ');

-- Every underlying price the engine saw: equity prints, NBBO mids and index levels.
CREATE VIEW underlying_prices AS
  SELECT symbol, ts, price FROM equity_trades
  UNION ALL SELECT symbol, ts, (bid + ask) / 2 FROM equity_quotes WHERE ask >= bid AND bid > 0;

CREATE VIEW exposure_by_contract AS
  WITH f AS (
    SELECT contract, trade_date,
      CAST(sum(CASE aggressor WHEN 'buy' THEN size WHEN 'sell' THEN -size ELSE 0 END) AS BIGINT) AS customer_net
    FROM _option_trades WHERE NOT cancelled GROUP BY contract, trade_date),
  c AS (
    SELECT o.*, coalesce(f.customer_net, 0) AS customer_net,
      CASE o.put_call WHEN 'C' THEN flowbook_param('gexCallSign') ELSE flowbook_param('gexPutSign') END AS dealer_sign
    FROM option_chain o LEFT JOIN f ON f.contract = o.contract AND f.trade_date = o.trade_date),
  d AS (
    SELECT *, dealer_sign * coalesce(oi, 0) AS dealer_oi, dealer_sign * coalesce(oi, 0) - customer_net AS dealer_vol
    FROM c)
  SELECT *,
    gamma * dealer_oi * multiplier * spot * spot * 0.01 AS gex_oi,
    gamma * dealer_vol * multiplier * spot * spot * 0.01 AS gex_vol,
    delta * dealer_oi * multiplier * spot AS dex_oi,
    delta * dealer_vol * multiplier * spot AS dex_vol,
    vanna * dealer_oi * multiplier * spot AS vex_oi,
    vanna * dealer_vol * multiplier * spot AS vex_vol,
    charm * dealer_oi * multiplier * spot AS cex_oi,
    charm * dealer_vol * multiplier * spot AS cex_vol
  FROM d;

CREATE VIEW exposure_by_strike AS
  SELECT e.underlying, b.bucket, e.strike, any_value(e.spot) AS spot,
    ${EXPOSURE_SUMS}
  FROM exposure_by_contract e JOIN dte_buckets b ON e.dte <= b.max_dte
  GROUP BY e.underlying, b.bucket, e.strike;

CREATE VIEW exposure_by_expiry AS
  SELECT underlying, expiry, dte, any_value(spot) AS spot,
    ${EXPOSURE_SUMS}
  FROM exposure_by_contract GROUP BY underlying, expiry, dte;

CREATE VIEW zero_dte_gex AS SELECT * EXCLUDE (bucket) FROM exposure_by_strike WHERE bucket = '0dte';

-- The strike where option holders' total payout at expiry (OI x multiplier) is least, per DTE bucket and
-- per expiry; the payout of every candidate strike P comes from running sums over the sorted strikes.
CREATE VIEW max_pain AS
  WITH s AS (
    SELECT underlying, 'bucket' AS scope_kind, b.bucket AS scope, strike,
      coalesce(sum(oi * multiplier) FILTER (WHERE put_call = 'C'), 0) AS c,
      coalesce(sum(oi * multiplier) FILTER (WHERE put_call = 'P'), 0) AS p
    FROM option_chain JOIN dte_buckets b ON dte <= b.max_dte WHERE oi > 0 GROUP BY ALL
    UNION ALL
    SELECT underlying, 'expiry', strftime(expiry, '%Y-%m-%d'), strike,
      coalesce(sum(oi * multiplier) FILTER (WHERE put_call = 'C'), 0),
      coalesce(sum(oi * multiplier) FILTER (WHERE put_call = 'P'), 0)
    FROM option_chain WHERE oi > 0 GROUP BY ALL),
  w AS (
    SELECT *,
      strike * sum(c) OVER lo - sum(c * strike) OVER lo + sum(p * strike) OVER hi - strike * sum(p) OVER hi AS payout
    FROM s WINDOW
      lo AS (PARTITION BY underlying, scope_kind, scope ORDER BY strike ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
      hi AS (PARTITION BY underlying, scope_kind, scope ORDER BY strike ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING))
  SELECT underlying, scope_kind, scope, first(strike ORDER BY payout, strike) AS max_pain,
    min(payout) AS payout_usd, count(*) AS strikes
  FROM w GROUP BY underlying, scope_kind, scope;

-- Every spot price at which total dealer gamma changes sign on the gamma_profile grid, interpolated linearly.
CREATE VIEW gamma_flips AS
  WITH g AS (
    SELECT *, lag(spot) OVER w AS prev_spot, lag(gex) OVER w AS prev_gex
    FROM gamma_profile WINDOW w AS (PARTITION BY underlying, bucket, basis ORDER BY point))
  SELECT underlying, bucket, basis, prev_spot + (spot - prev_spot) * (0 - prev_gex) / (gex - prev_gex) AS zero_gamma,
    CASE WHEN gex > prev_gex THEN 'negative_to_positive' ELSE 'positive_to_negative' END AS direction,
    prev_spot AS grid_low, spot AS grid_high
  FROM g WHERE prev_gex IS NOT NULL AND ((prev_gex < 0 AND gex >= 0) OR (prev_gex > 0 AND gex <= 0));

CREATE VIEW gamma_levels AS
  WITH s AS (SELECT * FROM exposure_by_strike),
  t AS (
    SELECT underlying, bucket, any_value(spot) AS spot, sum(gex_oi) AS gex_oi, sum(gex_vol) AS gex_vol,
      sum(dex_oi) AS dex_oi, sum(dex_vol) AS dex_vol, sum(vex_oi) AS vex_oi, sum(vex_vol) AS vex_vol,
      sum(cex_oi) AS cex_oi, sum(cex_vol) AS cex_vol,
      first(strike ORDER BY abs(call_gex_oi) DESC, strike) FILTER (WHERE call_gex_oi <> 0) AS call_wall,
      first(strike ORDER BY abs(put_gex_oi) DESC, strike) FILTER (WHERE put_gex_oi <> 0) AS put_wall,
      first(strike ORDER BY abs(call_gex_oi) + abs(put_gex_oi) DESC, strike)
        FILTER (WHERE call_gex_oi <> 0 OR put_gex_oi <> 0) AS abs_gamma_strike
    FROM s GROUP BY underlying, bucket),
  f AS (
    SELECT underlying, bucket, basis, list(zero_gamma ORDER BY zero_gamma) AS flips
    FROM gamma_flips GROUP BY ALL),
  a AS (SELECT max(as_of) AS as_of FROM option_chain)
  SELECT t.*, fo.flips AS zero_gamma_oi_all, fv.flips AS zero_gamma_vol_all,
    (SELECT first(x ORDER BY abs(x - t.spot)) FROM unnest(fo.flips) u(x)) AS zero_gamma_oi,
    (SELECT first(x ORDER BY abs(x - t.spot)) FROM unnest(fv.flips) u(x)) AS zero_gamma_vol,
    m.max_pain, a.as_of
  FROM t
  LEFT JOIN f fo ON fo.underlying = t.underlying AND fo.bucket = t.bucket AND fo.basis = 'oi'
  LEFT JOIN f fv ON fv.underlying = t.underlying AND fv.bucket = t.bucket AND fv.basis = 'vol'
  LEFT JOIN max_pain m ON m.underlying = t.underlying AND m.scope_kind = 'bucket' AND m.scope = t.bucket
  CROSS JOIN a;

-- Per-minute net premium of one underlying: ask-side minus bid-side premium (mid, no and stale quotes excluded).
CREATE MACRO flowbook_ticks(max_dte) AS TABLE
  WITH p AS (
    SELECT underlying, trade_date, ts, ${bucketOf('ts', '1')} AS bucket, put_call, premium, size, multiplier, delta,
      spot, ${DIR} AS dir
    FROM _option_trades WHERE NOT cancelled AND dte <= max_dte)
  SELECT underlying, trade_date, bucket,
    coalesce(sum(premium) FILTER (WHERE put_call = 'C' AND dir = 1), 0) AS call_ask_premium,
    coalesce(sum(premium) FILTER (WHERE put_call = 'C' AND dir = -1), 0) AS call_bid_premium,
    coalesce(sum(premium) FILTER (WHERE put_call = 'P' AND dir = 1), 0) AS put_ask_premium,
    coalesce(sum(premium) FILTER (WHERE put_call = 'P' AND dir = -1), 0) AS put_bid_premium,
    coalesce(sum(dir * premium) FILTER (WHERE put_call = 'C'), 0) AS net_call_premium,
    coalesce(sum(dir * premium) FILTER (WHERE put_call = 'P'), 0) AS net_put_premium,
    coalesce(sum(dir * delta * size * multiplier), 0) AS net_delta,
    coalesce(sum(dir * delta * size * multiplier * spot), 0) AS net_delta_usd,
    CAST(coalesce(sum(size) FILTER (WHERE put_call = 'C'), 0) AS BIGINT) AS call_volume,
    CAST(coalesce(sum(size) FILTER (WHERE put_call = 'P'), 0) AS BIGINT) AS put_volume,
    count(*) AS prints, arg_max(spot, ts) AS spot_last
  FROM p GROUP BY underlying, trade_date, bucket;

CREATE VIEW net_premium_ticks AS
  ${ticksOfDay('2147483647')};

CREATE VIEW zero_dte_pulse AS
  ${ticksOfDay('0')};

CREATE VIEW net_flow AS
  SELECT underlying, trade_date, sum(call_ask_premium) AS call_ask_premium, sum(call_bid_premium) AS call_bid_premium,
    sum(put_ask_premium) AS put_ask_premium, sum(put_bid_premium) AS put_bid_premium,
    sum(net_call_premium) AS net_call_premium, sum(net_put_premium) AS net_put_premium,
    sum(net_call_premium) - sum(net_put_premium) AS net_premium, sum(net_delta) AS net_delta,
    sum(net_delta_usd) AS net_delta_usd, CAST(sum(call_volume) AS BIGINT) AS call_volume,
    CAST(sum(put_volume) AS BIGINT) AS put_volume,
    sum(put_volume) / nullif(sum(call_volume), 0) AS put_call_ratio, CAST(sum(prints) AS BIGINT) AS prints
  FROM flowbook_ticks(2147483647) GROUP BY underlying, trade_date;

-- Per stream (event type) and symbol: freshness, gaps and the share of minutes with data since the
-- session's first non-late print. _stream_quality is kept by the engine as events arrive.
CREATE TABLE _stream_quality (stream VARCHAR, symbol VARCHAR, first_ts TIMESTAMP_NS, last_ts TIMESTAMP_NS,
  events DOUBLE, gaps INTEGER, max_gap_s DOUBLE, minutes_with_data INTEGER, session_minutes INTEGER);
CREATE TABLE _minute_prices (symbol VARCHAR, minute TIMESTAMP_NS, ts TIMESTAMP_NS, price DOUBLE);
CREATE VIEW data_quality AS
  WITH m AS (
    SELECT stream, symbol, first_ts, last_ts, CAST(events AS BIGINT) AS events, CAST(gaps AS BIGINT) AS gaps, max_gap_s,
      minutes_with_data,
      (epoch_ns((SELECT watermark FROM _clock)) - epoch_ns(last_ts)) / 1e9 AS staleness_s,
      least(1, minutes_with_data / greatest(1, session_minutes)) AS coverage
    FROM _stream_quality)
  SELECT *, staleness_s > flowbook_param('qualityStaleSeconds') AS stale,
    staleness_s > flowbook_param('qualityStaleSeconds') OR coverage < flowbook_param('qualityMinCoverage') AS partial,
    (SELECT count(*) FROM feed_status WHERE status = 'gap') AS feed_gaps
  FROM m;

-- Market tide: the per-minute ticks rolled up to the market, each ticker group and each ticker, in 1- and
-- 5-minute buckets, cumulative through the day, with the scope's benchmark price at the bucket's end.
CREATE VIEW market_tide AS
  WITH t AS (SELECT * FROM flowbook_ticks(2147483647)),
  s AS (
    SELECT 'market' AS scope_kind, 'market' AS scope, t.* FROM t
    UNION ALL SELECT 'group', g.group_name, t.* FROM t JOIN ticker_groups g ON g.symbol = t.underlying
    UNION ALL SELECT 'ticker', t.underlying, t.* FROM t),
  b AS (
    SELECT scope_kind, scope, trade_date, i.minutes AS interval_minutes, ${bucketOf('bucket', 'i.minutes')} AS bucket,
      sum(call_ask_premium) AS call_ask_premium, sum(call_bid_premium) AS call_bid_premium,
      sum(put_ask_premium) AS put_ask_premium, sum(put_bid_premium) AS put_bid_premium,
      sum(net_call_premium) AS net_call_premium, sum(net_put_premium) AS net_put_premium,
      sum(net_delta) AS net_delta, CAST(sum(prints) AS BIGINT) AS prints,
      list(DISTINCT underlying) AS underlyings
    FROM s CROSS JOIN (VALUES (1), (5)) i(minutes) GROUP BY ALL),
  c AS (
    SELECT b.*, net_call_premium - net_put_premium AS net_premium,
      sum(net_call_premium) OVER d AS cum_net_call_premium, sum(net_put_premium) OVER d AS cum_net_put_premium,
      sum(net_delta) OVER d AS cum_net_delta,
      CASE scope_kind WHEN 'ticker' THEN scope
        ELSE (SELECT any_value(symbol) FROM group_benchmarks gb WHERE gb.group_name = b.scope) END AS price_symbol,
      make_timestamp_ns(epoch_ns(bucket) + interval_minutes * 60000000000) AS bucket_end
    FROM b WINDOW d AS (PARTITION BY scope_kind, scope, trade_date, interval_minutes ORDER BY bucket)),
  q AS (SELECT symbol FROM data_quality WHERE stream = 'option_trade' AND partial)
  SELECT c.* EXCLUDE (underlyings, bucket_end), px.price,
    list_has_any(c.underlyings, (SELECT coalesce(list(symbol), []) FROM q)) AS partial
  -- The price before a bucket's end is the last one of the latest minute that starts before it.
  FROM c ASOF LEFT JOIN _minute_prices px ON px.symbol = c.price_symbol AND c.bucket_end > px.minute;

CREATE VIEW interval_flow AS
  SELECT contract, any_value(underlying) AS underlying, any_value(expiry) AS expiry, any_value(put_call) AS put_call,
    any_value(strike) AS strike, w.minutes AS window_minutes, ${bucketOf('ts', 'w.minutes')} AS bucket,
    count(*) AS prints, CAST(sum(size) AS BIGINT) AS volume, sum(premium) AS premium,
    coalesce(sum(premium) FILTER (WHERE ${DIR} = 1), 0) AS ask_premium,
    coalesce(sum(premium) FILTER (WHERE ${DIR} = -1), 0) AS bid_premium,
    coalesce(sum(${DIR} * premium), 0) AS net_premium,
    CAST(coalesce(sum(size) FILTER (WHERE ${DIR} = 1), 0) AS BIGINT) AS ask_volume,
    CAST(coalesce(sum(size) FILTER (WHERE ${DIR} = -1), 0) AS BIGINT) AS bid_volume,
    sum(price * size) / sum(size) AS vwap, min(ts) AS first_ts, max(ts) AS last_ts
  FROM _option_trades CROSS JOIN (VALUES (5), (10), (30)) w(minutes) WHERE NOT cancelled
  GROUP BY contract, w.minutes, ${bucketOf('ts', 'w.minutes')};

-- OHLCV from equity prints (every print; indices from their levels, volume 0).
CREATE VIEW bars AS
  WITH px AS (
    SELECT symbol, ts, price, size FROM equity_trades
    UNION ALL SELECT symbol, ts, bid, 0 FROM equity_quotes WHERE bid = ask AND bid_size = 0 AND ask_size = 0)
  SELECT symbol, i.minutes AS interval_minutes, ${bucketOf('ts', 'i.minutes')} AS bucket,
    arg_min(price, ts) AS open, max(price) AS high, min(price) AS low, arg_max(price, ts) AS close,
    CAST(sum(size) AS BIGINT) AS volume, sum(price * size) / nullif(sum(size), 0) AS vwap,
    count(*) FILTER (WHERE size > 0) AS trades
  FROM px CROSS JOIN bar_intervals i GROUP BY symbol, i.minutes, ${bucketOf('ts', 'i.minutes')};

-- Top of book per bar: mean imbalance, spread and depth over the bar's quotes, and the liquidity score.
CREATE VIEW quote_bars AS
  WITH q AS (
    SELECT symbol, ts, bid, ask, bid_size, ask_size, (ask - bid) / ((ask + bid) / 2) * 1e4 AS spread_bps,
      bid * bid_size + ask * ask_size AS depth_usd,
      (bid_size - ask_size) / (bid_size + ask_size) AS imbalance
    FROM equity_quotes WHERE ask >= bid AND bid > 0 AND bid_size + ask_size > 0),
  b AS (
    SELECT symbol, i.minutes AS interval_minutes, ${bucketOf('ts', 'i.minutes')} AS bucket, count(*) AS quotes,
      -- A float mean depends in its last bits on the order rows are scanned in, which the storage
      -- layout changes, and live and replay must agree: depth is summed in exact cents, the ratios
      -- with compensation (favg) and rounded far below any meaningful digit.
      round(favg(imbalance), 12) AS imbalance, round(favg(spread_bps), 9) AS spread_bps,
      CAST(sum(CAST(round(depth_usd * 100) AS HUGEINT)) AS DOUBLE) / 100 / count(*) AS depth_usd
    FROM q CROSS JOIN bar_intervals i GROUP BY symbol, i.minutes, ${bucketOf('ts', 'i.minutes')})
  SELECT *, exp(-spread_bps / flowbook_param('liquiditySpreadBps')) *
      (1 - exp(-depth_usd / flowbook_param('liquidityDepthUsd'))) AS liquidity_score,
    least(1, quotes / flowbook_param('liquidityMinQuotes')) AS liquidity_confidence
  FROM b;

-- VPIN (Easley, López de Prado, O'Hara): prints signed by the tick rule (a zero tick keeps the last
-- direction; the first print of a symbol is split evenly), cut exactly into buckets of vpinBucketShares,
-- |buy - sell| / bucket averaged over the last vpinWindow full buckets. Cumulative buy volume is linear
-- within a print, so each bucket boundary is found by an as-of join on the prints' cumulative volume.
CREATE VIEW vpin AS
  WITH p AS (SELECT CAST(flowbook_param('vpinBucketShares') AS BIGINT) AS v,
      CAST(flowbook_param('vpinWindow') AS BIGINT) AS w, flowbook_param('vpinMinBuckets') AS min_n),
  t AS (
    SELECT symbol, ts, id, size, sign(price - lag(price) OVER o) AS tick,
      sum(size) OVER (o ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - size AS c0
    FROM equity_trades WINDOW o AS (PARTITION BY symbol ORDER BY ts, id)),
  d AS (
    SELECT *, CASE WHEN dir > 0 THEN 1.0 WHEN dir < 0 THEN 0.0 ELSE 0.5 END::DOUBLE AS buy_frac
    FROM (SELECT *, coalesce(last_value(nullif(tick, 0) IGNORE NULLS) OVER (PARTITION BY symbol ORDER BY ts, id
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), 0) AS dir FROM t)),
  c AS (
    SELECT *, coalesce(sum(buy_frac * size) OVER (PARTITION BY symbol ORDER BY ts, id
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS buy0
    FROM d),
  k AS (
    SELECT symbol, n, n * p.v AS x FROM (
      SELECT symbol, unnest(range(1, CAST(sum(size) // any_value(p.v) + 1 AS BIGINT))) AS n
      FROM equity_trades, p GROUP BY symbol), p),
  e AS (
    SELECT k.symbol, k.n, c.ts, c.buy0 + c.buy_frac * (k.x - c.c0) AS buy_cum
    FROM k ASOF JOIN c ON c.symbol = k.symbol AND k.x > c.c0),
  f AS (
    SELECT symbol, n - 1 AS bucket, ts AS filled_ts,
      buy_cum - coalesce(lag(buy_cum) OVER (PARTITION BY symbol ORDER BY n), 0) AS buy_shares
    FROM e),
  r AS (
    SELECT f.*, p.v - buy_shares AS sell_shares, abs(2 * buy_shares - p.v) / p.v AS imbalance,
      sum(abs(2 * buy_shares - p.v) / p.v) OVER o AS cum, row_number() OVER o AS k
    FROM f, p WINDOW o AS (PARTITION BY symbol ORDER BY bucket))
  SELECT r.symbol, r.bucket, r.filled_ts, r.buy_shares, r.sell_shares, r.imbalance,
    (r.cum - coalesce(r0.cum, 0)) / least(r.k, p.w) AS vpin, least(r.k, p.w) AS buckets,
    least(r.k, p.w) >= p.min_n AS confident
  FROM r CROSS JOIN p LEFT JOIN r r0 ON r0.symbol = r.symbol AND r0.k = r.k - p.w;

`;

/** Tables the engine recomputes on demand, and the views that read them. */
export const CHAIN_READERS = [
  'option_chain',
  'gamma_profile',
  'exposure_by_contract',
  'exposure_by_strike',
  'exposure_by_expiry',
  'zero_dte_gex',
  'max_pain',
  'gamma_flips',
  'gamma_levels',
] as const;
export const INDICATOR_READERS = ['bar_indicators'] as const;
export const QUALITY_READERS = ['data_quality', 'market_tide', '_stream_quality', '_minute_prices'] as const;
