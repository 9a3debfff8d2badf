import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { createNodeBindings } from '../node/duckdb-node.ts';
import { type Connector, connectorFromBindings } from './connector.ts';
import { WriteTransaction } from './write-transaction.ts';

const count = (db: Connector) =>
  Number(tableFromIPC(db.query('SELECT count(*)::INTEGER AS n FROM t')).getChild('n')!.get(0));

async function setUp() {
  const bindings = await createNodeBindings();
  const db = connectorFromBindings(bindings);
  db.exec('CREATE TABLE t (a INTEGER)');
  // A second connection sees only what was committed.
  return { db, other: connectorFromBindings(bindings), tx: new WriteTransaction(db) };
}

describe('WriteTransaction', () => {
  it('holds writes until a commit, and the writer reads its own rows meanwhile', async () => {
    const { db, other, tx } = await setUp();
    tx.write(() => db.exec('INSERT INTO t SELECT range FROM range(10)'));
    tx.write(() => db.exec('INSERT INTO t SELECT range FROM range(5)'));
    expect(count(db)).toBe(15);
    expect(count(other)).toBe(0);
    tx.commit();
    expect(count(other)).toBe(15);
    tx.commit();
    expect(count(other)).toBe(15);
  });

  it('keeps the transaction through an error that is not a failed statement', async () => {
    const { db, other, tx } = await setUp();
    expect(() =>
      tx.write(() => {
        db.exec('INSERT INTO t VALUES (1)');
        throw new Error('truncated stream');
      }),
    ).toThrow('truncated stream');
    tx.write(() => db.exec('INSERT INTO t VALUES (2)'));
    tx.commit();
    expect(count(other)).toBe(2);
  });

  it('rolls back on a failed statement, refuses writes after it and keeps what was committed readable', async () => {
    const { db, other, tx } = await setUp();
    tx.write(() => db.exec('INSERT INTO t VALUES (1)'));
    tx.commit();
    tx.write(() => db.exec('INSERT INTO t VALUES (2)'));
    expect(() => tx.write(() => db.exec('INSERT INTO missing VALUES (3)'))).toThrow(/missing/);
    expect(() => tx.write(() => db.exec('INSERT INTO t VALUES (4)'))).toThrow(
      /^storage failed: a write failed \(.*missing.*\), and the rows ingested since the last commit were rolled back/,
    );
    tx.commit();
    expect(count(db)).toBe(1);
    expect(count(other)).toBe(1);
  });

  it("ends a transaction the user's SQL left open, so that its rollback cannot undo ingested rows", async () => {
    const { db, other, tx } = await setUp();
    db.exec('BEGIN TRANSACTION; INSERT INTO t VALUES (1)');
    tx.endUserTransaction();
    tx.write(() => db.exec('INSERT INTO t VALUES (2)'));
    // The engine commits before each statement of the user's.
    tx.commit();
    expect(() => db.exec('ROLLBACK')).toThrow(/no transaction is active/);
    expect(count(other)).toBe(2);
    // A user's transaction aborted by its own failed statement ends too.
    db.exec('BEGIN TRANSACTION; INSERT INTO t VALUES (3)');
    expect(() => db.exec("INSERT INTO t VALUES (CAST('x' AS INTEGER))")).toThrow(/Conversion/);
    expect(() => count(db)).toThrow(/aborted/);
    tx.endUserTransaction();
    tx.endUserTransaction();
    tx.write(() => db.exec('INSERT INTO t VALUES (5)'));
    tx.commit();
    expect(count(other)).toBe(3);
  });
});
