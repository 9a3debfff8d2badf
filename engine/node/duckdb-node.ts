import { createRequire } from 'node:module';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { type BlockingBindings, type Connector, connectorFromBindings } from '../db/connector.ts';
import { DATABASE_CONFIG } from '../db/database-config.ts';

const require = createRequire(import.meta.url);

/** DuckDB-WASM in Node through its node-blocking bundle: the same database engine as the browser. */
export async function createNodeConnector(): Promise<Connector> {
  return connectorFromBindings(await createNodeBindings());
}

/** The node-blocking bindings themselves, for a caller that resets the database (`reset()`, then connect again). */
export async function createNodeBindings(): Promise<BlockingBindings & { reset(): void }> {
  const eh = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm');
  const mvp = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm');
  const db = await duckdb.createDuckDB(
    { mvp: { mainModule: mvp, mainWorker: '' }, eh: { mainModule: eh, mainWorker: '' } },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate();
  db.open(DATABASE_CONFIG);
  return db;
}
