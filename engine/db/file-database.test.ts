import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeConnector } from '../node/duckdb-node.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowbook-file-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a file database under a memory limit', () => {
  it('reads back every row of tables appended in turn, one transaction and checkpoint per round', async () => {
    const db = await createNodeConnector();
    const path = join(dir, 'pressure.duckdb');
    // Far below what the rows take, so DuckDB evicts and reads blocks back throughout.
    db.exec(`ATTACH '${path}' AS p; USE p; SET memory_limit = '64MB';`);
    const tables = 5;
    const rounds = 20;
    const rows = 200_000;
    for (let t = 0; t < tables; t++) db.exec(`CREATE TABLE t${t} (i BIGINT, s VARCHAR, d DOUBLE)`);
    for (let r = 0; r < rounds; r++) {
      db.exec('BEGIN');
      for (let t = 0; t < tables; t++)
        db.exec(
          `INSERT INTO t${t} SELECT range + ${r * rows}, 'v' || (range % 977)::VARCHAR || '-${t}', range / 7 FROM range(${rows})`,
        );
      db.exec('COMMIT; CHECKPOINT;');
    }
    const n = rounds * rows;
    for (let t = 0; t < tables; t++) {
      const got = tableFromIPC(
        db.query(
          `SELECT count(*)::INTEGER AS n, sum(i)::BIGINT AS s, count(DISTINCT s)::INTEGER AS k FROM t${t}`,
        ),
      )
        .get(0)!
        .toJSON();
      expect(got).toEqual({ n, s: (BigInt(n) * BigInt(n - 1)) / 2n, k: 977 });
    }
  }, 120_000);
});
