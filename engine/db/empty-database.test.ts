import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeBindings } from '../node/duckdb-node.ts';
import { connectorFromBindings } from './connector.ts';
import { EMPTY_DATABASE_BYTES, emptyDatabaseFile } from './empty-database.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowbook-empty-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('emptyDatabaseFile', () => {
  it('is byte for byte the file DuckDB-WASM writes for a new database', async () => {
    const db = connectorFromBindings(await createNodeBindings());
    const path = join(dir, 'fresh.duckdb');
    db.exec(`ATTACH '${path}' AS fresh; DETACH fresh;`);
    const fresh = new Uint8Array(readFileSync(path));
    expect(fresh.length).toBe(EMPTY_DATABASE_BYTES);
    expect(Buffer.from(emptyDatabaseFile()).equals(Buffer.from(fresh))).toBe(true);
  });

  it('attaches as a writable database that checkpoints into the file', async () => {
    const path = join(dir, 'template.duckdb');
    writeFileSync(path, emptyDatabaseFile());
    const db = connectorFromBindings(await createNodeBindings());
    db.exec(`ATTACH '${path}' AS t; CREATE TABLE t.x AS SELECT range AS a FROM range(100000); CHECKPOINT t;`);
    expect(readFileSync(path).length).toBeGreaterThan(EMPTY_DATABASE_BYTES);
    const rows = tableFromIPC(
      db.query('SELECT count(*)::INTEGER AS n, sum(a)::BIGINT AS s FROM t.x'),
    ).toArray();
    expect(rows[0]!.toJSON()).toEqual({ n: 100_000, s: 4_999_950_000n });
  });
});
