/**
 * The bytes of an empty DuckDB database file, as DuckDB 1.4.3 (the DuckDB-WASM release in use)
 * writes it: a main header and two database headers, 12 KiB. DuckDB-WASM attaches a browser file
 * (OPFS) only when it holds a valid database: a new, empty file is refused as "not a valid DuckDB
 * database file" (duckdb-wasm #1856), and the WASM file system cannot create one itself. A test
 * checks these bytes against a file DuckDB-WASM creates in Node, so an upgrade that changes the
 * format fails there.
 */
const RUNS: readonly (readonly [number, string])[] = [
  [0, '67fd9328818d2eb34455434b40'],
  [52, '76312e342e33'],
  [84, '64316463383866393530'],
  ...[4096, 8192].flatMap((h): (readonly [number, string])[] => [
    [h, 'c48025b08a4e3fd2'],
    [h + 16, 'ff'.repeat(16)],
    [h + 42, '04'],
    [h + 49, '08'],
    [h + 56, '01'],
    [h + 84, '64316463383866393530'],
  ]),
];

export const EMPTY_DATABASE_BYTES = 12_288;

export function emptyDatabaseFile(): Uint8Array {
  const out = new Uint8Array(EMPTY_DATABASE_BYTES);
  for (const [at, hex] of RUNS)
    for (let i = 0; i < hex.length; i += 2) out[at + i / 2] = Number.parseInt(hex.slice(i, i + 2), 16);
  return out;
}
