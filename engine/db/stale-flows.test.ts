import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { createNodeBindings } from '../node/duckdb-node.ts';
import { connectorFromBindings } from './connector.ts';
import { StaleFlows } from './stale-flows.ts';
import { SCHEMA_SQL } from './tables.ts';

describe('StaleFlows', () => {
  it('deletes the rows later writes replaced or removed, and keeps every current row', async () => {
    const db = connectorFromBindings(await createNodeBindings());
    db.exec(SCHEMA_SQL);
    const write = (w: number, ids: number[]) => {
      const values = (f: (id: number) => string) => ids.map(f).join(', ');
      db.exec(`INSERT INTO _flows (id, written) VALUES ${values((id) => `(${id}, ${w})`)};
        INSERT INTO _flow_prints (flow_id, written) VALUES ${values((id) => `(${id}, ${w}), (${id}, ${w})`)};
        INSERT INTO _flow_evidence (flow_id, written) VALUES ${values((id) => `(${id}, ${w})`)};`);
    };
    const stale = new StaleFlows();
    expect(stale.take()).toBeNull();
    const big = 2 ** 53 - 1;
    write(0, [1, 2, 3, big]);
    // Write 1 rewrites flow 1; write 2 rewrites 1 again and removes 2; write 3 brings 2 back and
    // rewrites the 53-bit id. Flow 3 is never touched.
    write(1, [1]);
    stale.add([1], 0, 1);
    write(2, [1]);
    stale.add([1, 2], 0, 2);
    write(3, [2, big]);
    stale.add([big], 0, 3);
    db.exec(stale.take()!);
    expect(stale.take()).toBeNull();
    const rows = (table: string, id: string) =>
      tableFromIPC(
        db.query(
          `SELECT ${id}::DOUBLE AS id, written::INTEGER AS w, count(*)::INTEGER AS n FROM ${table} GROUP BY ALL ORDER BY ALL`,
        ),
      )
        .toArray()
        .map((r) => [r.id, r.w, r.n]);
    expect(rows('_flows', 'id')).toEqual([
      [1, 2, 1],
      [2, 3, 1],
      [3, 0, 1],
      [big, 3, 1],
    ]);
    expect(rows('_flow_prints', 'flow_id')).toEqual([
      [1, 2, 2],
      [2, 3, 2],
      [3, 0, 2],
      [big, 3, 2],
    ]);
    expect(rows('_flow_evidence', 'flow_id')).toEqual(rows('_flows', 'id'));
  });

  it('forgets what is pending when every flow row goes (a regroup)', () => {
    const stale = new StaleFlows();
    stale.add([7], 4, 9);
    stale.clear();
    expect(stale.take()).toBeNull();
  });
});
