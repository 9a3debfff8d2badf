import type { ChartKind } from '../notebook/spec.ts';

export interface ChartKindSpec {
  readonly label: string;
  /** Columns the query must return; the chart names any that are missing. */
  readonly required: readonly string[];
  readonly optional: readonly string[];
  readonly defaultSql: string;
}

export const CHART_KINDS: Readonly<Record<ChartKind, ChartKindSpec>> = {
  tide: {
    label: 'Market tide',
    required: ['bucket', 'cum_net_call_premium', 'cum_net_put_premium'],
    optional: ['price'],
    defaultSql: `SELECT bucket, cum_net_call_premium, cum_net_put_premium, price
FROM market_tide
WHERE scope_kind = 'market' AND interval_minutes = 1
  AND trade_date = (SELECT max(trade_date) FROM market_tide)
ORDER BY bucket`,
  },
  zero_dte: {
    label: '0DTE pulse',
    required: ['bucket', 'cum_net_call_premium', 'cum_net_put_premium'],
    optional: ['price'],
    defaultSql: `SELECT bucket, sum(cum_net_call_premium) AS cum_net_call_premium,
  sum(cum_net_put_premium) AS cum_net_put_premium, max(spot) FILTER (WHERE underlying = 'SPX') AS price
FROM zero_dte_pulse
WHERE trade_date = (SELECT max(trade_date) FROM zero_dte_pulse)
GROUP BY bucket ORDER BY bucket`,
  },
  net_flow: {
    label: 'Net flow by ticker',
    required: ['underlying', 'net_call_premium', 'net_put_premium'],
    optional: [],
    defaultSql: `SELECT underlying, net_call_premium, net_put_premium
FROM net_flow
WHERE trade_date = (SELECT max(trade_date) FROM net_flow)
ORDER BY abs(net_call_premium) + abs(net_put_premium) DESC
LIMIT 20`,
  },
  gex: {
    label: 'Gamma exposure by strike',
    required: ['strike', 'gex'],
    optional: ['dex', 'spot', 'call_wall', 'put_wall', 'zero_gamma'],
    defaultSql: `SELECT s.strike, s.gex_oi AS gex, s.dex_oi AS dex, l.spot, l.call_wall, l.put_wall,
  l.zero_gamma_oi AS zero_gamma
FROM exposure_by_strike s JOIN gamma_levels l USING (underlying, bucket)
WHERE s.underlying = 'SPX' AND s.bucket = 'all'
  AND s.strike BETWEEN l.spot * 0.94 AND l.spot * 1.06
ORDER BY s.strike`,
  },
  bars: {
    label: 'Bars with indicators',
    required: ['bucket', 'open', 'high', 'low', 'close'],
    optional: ['bb_upper', 'bb_middle', 'bb_lower', 'rsi', 'volume'],
    defaultSql: `SELECT b.bucket, b.open, b.high, b.low, b.close, b.volume, i.bb_upper, i.bb_middle, i.bb_lower, i.rsi
FROM bars b JOIN bar_indicators i USING (symbol, interval_minutes, bucket)
WHERE b.symbol = 'SPY' AND b.interval_minutes = 5
ORDER BY b.bucket`,
  },
};

export const CHART_KIND_NAMES = Object.keys(CHART_KINDS) as ChartKind[];

/** The required columns a result lacks, in the kind's order. */
export const missingColumns = (kind: ChartKind, columns: readonly string[]): string[] =>
  CHART_KINDS[kind].required.filter((c) => !columns.includes(c));
