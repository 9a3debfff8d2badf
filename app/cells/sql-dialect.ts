import { PostgreSQL, SQLDialect } from '@codemirror/lang-sql';

// DuckDB's grammar is PostgreSQL's plus these keywords and the functions flowbook's SQL leans on.
const DUCKDB_KEYWORDS =
  'qualify pivot unpivot asof positional anti semi exclude replace columns struct map union_by_name describe summarize install load attach detach pragma macro sample using';
const DUCKDB_TYPES =
  'hugeint uhugeint ubigint uinteger usmallint utinyint timestamp_ns timestamp_ms timestamp_s blob list';
const DUCKDB_FUNCTIONS = [
  'epoch_ms epoch_ns epoch make_timestamp date_trunc time_bucket strftime strptime',
  'list_has_any list_contains list_filter list_transform array_to_string string_agg list unnest len',
  'arg_max arg_min first last any_value quantile_cont median mode stddev_samp corr regr_slope',
  'row_number rank dense_rank lag lead sum avg min max count round abs greatest least coalesce',
  'flowbook_param flowbook_ny_time flowbook_osi_key flowbook_flags',
].join(' ');

export const DuckDbDialect = SQLDialect.define({
  ...PostgreSQL.spec,
  keywords: `${PostgreSQL.spec.keywords ?? ''} ${DUCKDB_KEYWORDS}`,
  types: `${PostgreSQL.spec.types ?? ''} ${DUCKDB_TYPES}`,
  builtin: `${PostgreSQL.spec.builtin ?? ''} ${DUCKDB_FUNCTIONS}`,
});
