import { tableFromIPC } from 'apache-arrow';
import type { Engine } from '../engine.ts';

/** The rows of a query as plain objects (test helper). */
export const queryRows = (e: Engine, sql: string): Record<string, unknown>[] =>
  tableFromIPC(e.query(sql))
    .toArray()
    .map((r) => r.toJSON() as Record<string, unknown>);

/** Flows with their prints named by print id: comparable across engines whatever the row ids (test helper). */
export const flowSnapshot = (e: Engine): string[] =>
  queryRows(
    e,
    `SELECT f.* EXCLUDE (open, contracts, venues, members, tags), CAST(f.contracts AS VARCHAR) AS contracts,
       CAST(f.venues AS VARCHAR) AS venues, CAST(f.members AS VARCHAR) AS members, CAST(f.tags AS VARCHAR) AS tags,
       string_agg(t.id, ',' ORDER BY p.seq) AS print_ids
     FROM flows f JOIN flow_prints p ON p.flow_id = f.id JOIN option_trades t USING (rid)
     GROUP BY ALL ORDER BY f.id`,
  ).map((r) => JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
