import type { PointField, TapeFilter } from './spec.ts';

/** A SQL string literal. */
export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const sqlList = (xs: readonly string[]) => `[${xs.map(sqlString).join(', ')}]`;
const sqlNumber = (n: number): string => {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return String(n);
};

/** Each point field as a number in SQL over option_trades (columns prefixed by `t`): ts in epoch ms, expiry in epoch days. */
export function fieldSql(field: PointField, t = ''): string {
  switch (field) {
    case 'ts':
      return `epoch_ms(${t}ts)`;
    case 'expiry':
      return `(${t}expiry - DATE '1970-01-01')`;
    default:
      return `${t}${field}`;
  }
}

/** A brushed range: the prints of the source cell's filter whose fields fall in every interval. */
export interface Selection {
  readonly source: string;
  readonly ranges: readonly { readonly field: PointField; readonly lo: number; readonly hi: number }[];
  /** The filter of the view it was brushed in: its points are the only ones brushed. */
  readonly filter?: TapeFilter;
}

/** The selection as a predicate over option_trades (range columns prefixed by `t`). */
export function selectionPredicate(sel: Selection, t = ''): string {
  const ranges = sel.ranges.map(
    (r) =>
      `${fieldSql(r.field, t)} BETWEEN ${sqlNumber(Math.min(r.lo, r.hi))} AND ${sqlNumber(Math.max(r.lo, r.hi))}`,
  );
  const own = sel.filter ? printPredicate(sel.filter) : 'TRUE';
  return [...ranges, ...(own === 'TRUE' ? [] : [own])].join(' AND ') || 'TRUE';
}

const has = <T>(xs: readonly T[] | undefined): xs is readonly T[] => xs !== undefined && xs.length > 0;

/** The conditions on columns that prints and flows both have, with the same meaning. */
function sharedConditions(f: TapeFilter): string[] {
  const c: string[] = [];
  const among = (column: string, xs: readonly string[] | undefined) =>
    has(xs) && c.push(`${column} IN (${xs.map(sqlString).join(', ')})`);
  among(
    'underlying',
    f.tickers?.map((t) => t.toUpperCase()),
  );
  among('side', f.sides);
  among('sentiment', f.sentiments);
  const bound = (column: string, op: '>=' | '<=', v: number | undefined) =>
    v !== undefined && c.push(`${column} ${op} ${sqlNumber(v)}`);
  bound('premium', '>=', f.minPremium);
  bound('premium', '<=', f.maxPremium);
  bound('size', '>=', f.minSize);
  bound('dte', '>=', f.minDte);
  bound('dte', '<=', f.maxDte);
  return c;
}

/** Prints (option_trades rows) the filter keeps, as a WHERE condition; `TRUE` when it keeps all. */
export function printPredicate(f: TapeFilter, selection?: Selection | null): string {
  const c = sharedConditions(f);
  if (f.excludeCancelled !== false) c.unshift('NOT cancelled');
  if (f.moneyness === 'otm') c.push('otm_pct > 0');
  if (f.moneyness === 'itm') c.push('otm_pct <= 0');
  if (has(f.venues)) c.push(`exchange IN (${f.venues.map(sqlString).join(', ')})`);
  if (has(f.conditions)) c.push(`list_has_any(conditions, ${sqlList(f.conditions)})`);
  if (has(f.kinds))
    c.push(
      `rid IN (SELECT p.rid FROM flow_prints p JOIN flows g ON g.id = p.flow_id WHERE g.kind IN (${f.kinds.map(sqlString).join(', ')}))`,
    );
  if (has(f.tags))
    c.push(
      `(list_has_any(tags, ${sqlList(f.tags)}) OR rid IN (SELECT p.rid FROM flow_prints p JOIN flows g ON g.id = p.flow_id WHERE list_has_any(g.tags, ${sqlList(f.tags)})))`,
    );
  if (selection && selection.ranges.length > 0) c.push(`(${selectionPredicate(selection)})`);
  return c.length === 0 ? 'TRUE' : c.join(' AND ');
}

/** Flows (parent orders) the filter keeps: a flow's own fields, and its prints for venue/condition. */
export function flowPredicate(f: TapeFilter, selection?: Selection | null): string {
  const c = sharedConditions(f);
  if (f.moneyness === 'otm')
    c.push("CASE put_call WHEN 'C' THEN strike > spot WHEN 'P' THEN strike < spot ELSE FALSE END");
  if (f.moneyness === 'itm')
    c.push("CASE put_call WHEN 'C' THEN strike <= spot WHEN 'P' THEN strike >= spot ELSE FALSE END");
  if (has(f.kinds)) c.push(`kind IN (${f.kinds.map(sqlString).join(', ')})`);
  if (has(f.tags)) c.push(`list_has_any(tags, ${sqlList(f.tags)})`);
  if (has(f.venues)) c.push(`list_has_any(venues, ${sqlList(f.venues)})`);
  const viaPrints: string[] = [];
  if (has(f.conditions)) viaPrints.push(`list_has_any(t.conditions, ${sqlList(f.conditions)})`);
  if (selection && selection.ranges.length > 0) viaPrints.push(selectionPredicate(selection, 't.'));
  if (viaPrints.length > 0)
    c.push(
      `id IN (SELECT p.flow_id FROM flow_prints p JOIN option_trades t USING (rid) WHERE ${viaPrints.join(' AND ')})`,
    );
  return c.length === 0 ? 'TRUE' : c.join(' AND ');
}

/** The filter in a few words, for the cell's header. */
export function describeFilter(f: TapeFilter): string {
  const parts: string[] = [];
  if (has(f.tickers)) parts.push(f.tickers.join(','));
  if (has(f.kinds)) parts.push(f.kinds.join(','));
  if (has(f.tags)) parts.push(f.tags.map((t) => `#${t}`).join(' '));
  if (has(f.sentiments)) parts.push(f.sentiments.join(','));
  if (has(f.sides)) parts.push(f.sides.join(','));
  if (f.minPremium !== undefined) parts.push(`≥$${f.minPremium.toLocaleString('en-US')}`);
  if (f.minSize !== undefined) parts.push(`≥${f.minSize} lots`);
  if (f.minDte !== undefined || f.maxDte !== undefined) parts.push(`DTE ${f.minDte ?? 0}–${f.maxDte ?? '∞'}`);
  if (f.moneyness && f.moneyness !== 'any') parts.push(f.moneyness.toUpperCase());
  if (has(f.venues)) parts.push(f.venues.join(','));
  if (has(f.conditions)) parts.push(f.conditions.join(','));
  return parts.length === 0 ? 'all prints' : parts.join(' · ');
}
