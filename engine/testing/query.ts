import { tableFromIPC } from 'apache-arrow';
import type { Engine } from '../engine.ts';

/** The rows of a query as plain objects (test helper). */
export const queryRows = (e: Engine, sql: string): Record<string, unknown>[] =>
  tableFromIPC(e.query(sql))
    .toArray()
    .map((r) => r.toJSON() as Record<string, unknown>);
