/**
 * How the engine opens DuckDB-WASM, in a worker and in Node. Direct I/O: otherwise DuckDB-WASM
 * (1.32.0 with DuckDB 1.4.3, and still 1.33.1-dev65 with DuckDB 1.5.6) reads and writes database
 * files through its own file page buffer, and a file database under a memory limit then reads back
 * blocks it never wrote (`Corrupt database file: … stored checksum 0`) or stale ones. Five tables
 * appended in turn under 64 MB were corrupt within ten seconds (file-database.test.ts); the engine's
 * tables under the 1 GB limit, after about 16M events of the 6M-trade day (docs/schema.md).
 */
export const DATABASE_CONFIG = { useDirectIO: true } as const;
