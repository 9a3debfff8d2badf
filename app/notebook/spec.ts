/**
 * The notebook file format, version 1. These types are the source of public/notebook.schema.json
 * (`npm run schema`); a test keeps the two identical. A notebook holds layout, queries and
 * parameters only, never market data.
 */

/** @pattern ^[A-Za-z0-9_-]{1,64}$ */
export type Id = string;

/** @maxLength 100000 */
export type SqlText = string;

/** @maxLength 200 */
export type Title = string;

/** A field of option_trades that an axis or filter reads. */
export type PointField = 'ts' | 'strike' | 'premium' | 'expiry' | 'dte' | 'otm_pct' | 'iv' | 'size' | 'delta';

export type TradeSide =
  'above_ask' | 'at_ask' | 'to_ask' | 'mid' | 'to_bid' | 'at_bid' | 'below_bid' | 'no_quote' | 'stale_quote';

export type Sentiment = 'bullish' | 'bearish' | 'neutral';

export type FlowKindName = 'single' | 'block' | 'sweep' | 'split' | 'multi_leg' | 'repeated' | 'ladder';

/** @pattern ^[A-Za-z0-9_.-]{1,32}$ */
export type Word = string;

/**
 * Which prints (or flows) a tape or flow view shows. Every field narrows; an absent or empty field
 * does not filter.
 */
export interface TapeFilter {
  /** Underlyings, e.g. SPY, SPX. @maxItems 200 */
  tickers?: Word[];
  /** @maxItems 9 */
  sides?: TradeSide[];
  /** @maxItems 3 */
  sentiments?: Sentiment[];
  /** @minimum 0 */
  minPremium?: number;
  /** @minimum 0 */
  maxPremium?: number;
  /** @minimum 0 */
  minSize?: number;
  /** @minimum 0 */
  minDte?: number;
  /** @minimum 0 */
  maxDte?: number;
  /** Out of the money only, in the money only, or both. */
  moneyness?: 'otm' | 'itm' | 'any';
  /** Flow kinds (the print's parent order kind, or the flow's own). @maxItems 7 */
  kinds?: FlowKindName[];
  /** Any of these tags (print tags or parent-order tags such as golden-sweep). @maxItems 50 */
  tags?: Word[];
  /** Venue MICs, e.g. XCBO. @maxItems 50 */
  venues?: Word[];
  /** Any of these normalized condition flags, e.g. ISO, MULTI_LEG. @maxItems 50 */
  conditions?: Word[];
  /** Leave out cancelled prints (default true). */
  excludeCancelled?: boolean;
}

interface CellBase {
  id: Id;
  title?: Title;
  /** Height of the cell body in CSS pixels. @minimum 60 @maximum 4000 */
  height?: number;
}

/** A SQL query over the session's tables, its result in a virtualized grid. */
export interface SqlCell extends CellBase {
  kind: 'sql';
  sql: SqlText;
  /** Re-run as data arrives (one query in flight, at most one refresh per frame). */
  live: boolean;
}

/** The live tape: prints or parent orders (flows), filtered. */
export interface TapeCell extends CellBase {
  kind: 'tape';
  mode: 'prints' | 'flows';
  filter: TapeFilter;
  /** Apply the notebook's brushed selection too. */
  followSelection?: boolean;
}

/** A WebGL scatter of prints: one point per print, sized by premium, coloured by sentiment. */
export interface FlowViewCell extends CellBase {
  kind: 'flowview';
  x: PointField;
  y: PointField;
  filter: TapeFilter;
  /** Logarithmic y axis. */
  logY?: boolean;
}

export type ChartKind = 'tide' | 'net_flow' | 'gex' | 'zero_dte' | 'bars';

/** A d3 chart bound to a SQL query; the query must return the columns the chart kind names. */
export interface ChartCell extends CellBase {
  kind: 'chart';
  chart: ChartKind;
  sql: SqlText;
  live: boolean;
}

/** Markdown, rendered sanitized: no scripts, no handlers, no remote images. */
export interface MarkdownCell extends CellBase {
  kind: 'markdown';
  /** @maxLength 100000 */
  text: string;
}

/** The classifier and analytics thresholds, editable; edits are saved in the notebook's params. */
export interface ParamsCell extends CellBase {
  kind: 'params';
  /** @maxItems 2 */
  groups: ('flow' | 'analytics')[];
}

export type Cell = SqlCell | TapeCell | FlowViewCell | ChartCell | MarkdownCell | ParamsCell;

export type CellKind = Cell['kind'];

/** Parameter overrides the notebook applies when it runs (names as in `flowbook params`). */
export interface NotebookParams {
  flow?: Record<string, number | boolean>;
  analytics?: Record<string, number | boolean>;
}

export interface Notebook {
  format: 'flowbook.notebook';
  version: 1;
  id: Id;
  title: Title;
  /** @maxLength 2000 */
  description?: string;
  /** @format date-time */
  created: string;
  /** @format date-time */
  updated: string;
  params?: NotebookParams;
  /** @maxItems 200 */
  cells: Cell[];
}

export const NOTEBOOK_FORMAT = 'flowbook.notebook';
export const NOTEBOOK_VERSION = 1;
