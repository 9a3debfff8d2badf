/** Thrown for a failed statement; keeps DuckDB's message and the SQL that caused it. */
export class SqlError extends Error {
  override readonly name = 'SqlError';
  constructor(
    message: string,
    readonly sql: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The engine's one port to DuckDB. Results leave as Arrow IPC stream bytes; nothing row-shaped
 * crosses it. Both implementations (the browser-blocking bundle in a worker, the node-blocking
 * bundle in Node) are synchronous once instantiated.
 */
export interface Connector {
  query(sql: string): Uint8Array;
  exec(sql: string): void;
  /** Appends an Arrow IPC stream to a table, creating it from the stream's schema when asked. */
  insertArrow(table: string, ipc: Uint8Array, create?: boolean): void;
}

/** The subset of duckdb-wasm's blocking bindings the connector uses (both bundles have it). */
export interface BlockingBindings {
  connect(): { useUnsafe<T>(fn: (bindings: unknown, conn: number) => T): T };
  runQuery(conn: number, text: string): Uint8Array;
  insertArrowFromIPCStream(
    conn: number,
    buffer: Uint8Array,
    options?: { name: string; create?: boolean },
  ): void;
}

export function connectorFromBindings(db: BlockingBindings): Connector {
  const conn = db.connect().useUnsafe((_b, id) => id);
  const run = (sql: string): Uint8Array => {
    try {
      return db.runQuery(conn, sql);
    } catch (cause) {
      throw new SqlError(cause instanceof Error ? cause.message : String(cause), sql, { cause });
    }
  };
  return {
    query: run,
    exec: (sql) => void run(sql),
    insertArrow(table, ipc, create = false) {
      try {
        db.insertArrowFromIPCStream(conn, ipc, { name: table, create });
      } catch (cause) {
        const msg = cause instanceof Error ? cause.message : String(cause);
        throw new SqlError(`insert into ${table} failed: ${msg}`, `-- arrow insert into ${table}`, { cause });
      }
    },
  };
}
