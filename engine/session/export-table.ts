import {
  type Data,
  DataType,
  type RecordBatch,
  RecordBatchReader,
  type Schema,
  TimeUnit,
} from 'apache-arrow';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { formatIsoNs } from '../events/ndjson.ts';
import { csvField } from './csv.ts';

export type ExportFormat = 'csv' | 'parquet' | 'arrow';

export const EXPORT_EXTENSIONS: Readonly<Record<ExportFormat, string>> = {
  csv: '.csv',
  parquet: '.parquet',
  arrow: '.arrows',
};

const NS_PER_UNIT = {
  [TimeUnit.SECOND]: 1_000_000_000n,
  [TimeUnit.MILLISECOND]: 1_000_000n,
  [TimeUnit.MICROSECOND]: 1000n,
  [TimeUnit.NANOSECOND]: 1n,
} as const;

const isoDay = (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10);

const valid = (d: Data, i: number) => {
  const bm = d.nullBitmap;
  if (!bm || bm.length === 0 || d.nullCount === 0) return true;
  const j = d.offset + i;
  return ((bm[j >> 3] ?? 0) & (1 << (j & 7))) !== 0;
};

type Cell = string | number | bigint | boolean | null;

/** Reads column values as exported: timestamps as ns bigints, dates as days since the epoch, the rest as JS values. */
function columnReader(batch: RecordBatch, index: number): { at(i: number): Cell; kind: ColumnKind } {
  const field = batch.schema.fields[index]!;
  const vec = batch.getChildAt(index)!;
  const data = vec.data[0]!;
  const t = field.type;
  if (DataType.isTimestamp(t)) {
    const scale = NS_PER_UNIT[t.unit as keyof typeof NS_PER_UNIT];
    const values = data.values as BigInt64Array;
    return { kind: 'timestamp', at: (i) => (valid(data, i) ? values[i]! * scale : null) };
  }
  if (DataType.isDate(t)) {
    const ms = (i: number) =>
      t.unit === 0
        ? (data.values as Int32Array)[i]! * 86_400_000
        : Number((data.values as unknown as BigInt64Array)[i]);
    return { kind: 'date', at: (i) => (valid(data, i) ? Math.floor(ms(i) / 86_400_000) : null) };
  }
  const kind: ColumnKind = DataType.isInt(t)
    ? t.bitWidth === 64 || (!t.isSigned && t.bitWidth === 32)
      ? 'int64'
      : 'int32'
    : DataType.isFloat(t) || DataType.isDecimal(t)
      ? 'double'
      : DataType.isBool(t)
        ? 'boolean'
        : DataType.isUtf8(t) || DataType.isLargeUtf8(t) || DataType.isDictionary(t)
          ? 'string'
          : 'json';
  return {
    kind,
    at(i) {
      const v: unknown = vec.get(i);
      if (v === null || v === undefined) return null;
      if (kind === 'int64') return BigInt(v as number | bigint);
      if (kind === 'double') return Number(v);
      if (kind === 'int32' || kind === 'boolean' || kind === 'string') return v as Cell;
      return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
    },
  };
}

type ColumnKind = 'timestamp' | 'date' | 'int32' | 'int64' | 'double' | 'boolean' | 'string' | 'json';

function* batchesOf(ipcs: Iterable<Uint8Array>): Generator<RecordBatch> {
  for (const ipc of ipcs) for (const b of RecordBatchReader.from(ipc)) yield b;
}

/** CSV of Arrow IPC tables, header first; timestamps as ISO-8601 UTC with nanoseconds, dates as YYYY-MM-DD. */
export function* csvParts(ipcs: Iterable<Uint8Array>): Generator<string> {
  let header = false;
  for (const ipc of ipcs) {
    const reader = RecordBatchReader.from(ipc);
    reader.open();
    if (!header) {
      yield `${reader.schema.fields.map((f) => csvField(f.name)).join(',')}\n`;
      header = true;
    }
    for (const batch of reader) {
      const cols = batch.schema.fields.map((_, c) => columnReader(batch, c));
      const lines: string[] = [];
      for (let i = 0; i < batch.numRows; i++) {
        lines.push(
          cols
            .map((c) => {
              const v = c.at(i);
              if (v === null) return '';
              if (c.kind === 'timestamp') return formatIsoNs(v as bigint);
              if (c.kind === 'date') return isoDay(v as number);
              return csvField(String(v));
            })
            .join(','),
        );
      }
      if (lines.length > 0) yield `${lines.join('\n')}\n`;
    }
  }
}

function parquetSchema(schema: Schema, kinds: readonly ColumnKind[]) {
  return [
    { name: 'root', num_children: schema.fields.length },
    ...schema.fields.map((f, c) => {
      const kind = kinds[c]!;
      const base = { name: f.name, repetition_type: 'OPTIONAL' as const };
      switch (kind) {
        case 'timestamp':
          return {
            ...base,
            type: 'INT64' as const,
            logical_type: { type: 'TIMESTAMP' as const, isAdjustedToUTC: true, unit: 'NANOS' as const },
          };
        case 'date':
          return { ...base, type: 'INT32' as const, converted_type: 'DATE' as const };
        case 'int32':
          return { ...base, type: 'INT32' as const };
        case 'int64':
          return { ...base, type: 'INT64' as const };
        case 'double':
          return { ...base, type: 'DOUBLE' as const };
        case 'boolean':
          return { ...base, type: 'BOOLEAN' as const };
        case 'string':
        case 'json':
          return { ...base, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const };
      }
    }),
  ];
}

/**
 * Parquet (snappy) of Arrow IPC tables, one row group per 100,000 rows; timestamps as
 * TIMESTAMP(NANOS, UTC), dates as DATE, dictionaries as strings, nested values as JSON text.
 */
export function toParquet(
  ipcs: Iterable<Uint8Array>,
  metadata: ReadonlyMap<string, string> = new Map(),
): Uint8Array {
  const out = new ByteWriter();
  let writer: ParquetWriter | null = null;
  const pending: { kinds: ColumnKind[]; names: string[]; values: Cell[][] } = {
    kinds: [],
    names: [],
    values: [],
  };
  const flush = () => {
    if (!writer || pending.values[0]?.length === 0) return;
    const columnData = pending.names.map((name, c) => ({ name, data: pending.values[c]! }));
    writer.write({ columnData: columnData as never, rowGroupSize: 100_000 });
    pending.values = pending.names.map(() => []);
  };
  for (const batch of batchesOf(ipcs)) {
    const cols = batch.schema.fields.map((_, c) => columnReader(batch, c));
    if (!writer) {
      pending.kinds = cols.map((c) => c.kind);
      pending.names = batch.schema.fields.map((f) => f.name);
      pending.values = pending.names.map(() => []);
      writer = new ParquetWriter({
        writer: out,
        schema: parquetSchema(batch.schema, pending.kinds) as never,
        kvMetadata: [...metadata].map(([key, value]) => ({ key, value })),
        createdBy: 'flowbook',
      });
    }
    for (let c = 0; c < cols.length; c++) {
      const col = cols[c]!;
      const vals = pending.values[c]!;
      for (let i = 0; i < batch.numRows; i++) vals.push(col.at(i));
    }
    if ((pending.values[0]?.length ?? 0) >= 100_000) flush();
  }
  if (!writer) throw new Error('nothing to export: no record batches');
  flush();
  writer.finish();
  return new Uint8Array(out.getBuffer());
}
