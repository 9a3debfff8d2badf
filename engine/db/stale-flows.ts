/**
 * Flow rows that later writes made stale, deleted after the engine's write transaction commits.
 * DuckDB writes a transaction's appends to a table straight to storage once a row group is full,
 * but if the transaction deleted any row it had appended to that table, the commit gives those
 * blocks up and logs every row instead, to be compressed again by the checkpoint. Flows are
 * rewritten as prints arrive, so deleting their old rows at once did that at nearly every commit: on
 * 1.86M simulated events, the commit and checkpoint at a million events took 3.1 s, and 0.85 s with
 * the deletes left out. Until the commit, a rewritten flow has its old and new rows in the tables;
 * nothing reads them before.
 */
export class StaleFlows {
  /** Flow id → the write whose rows replace (or remove) its older rows. */
  private readonly before = new Map<number, number>();
  /** The earliest write any stale row came from. */
  private since = Infinity;

  /** The rows of `ids` from writes `since` up to (not including) write `written` are stale. */
  add(ids: readonly number[], since: number, written: number): void {
    for (const id of ids) this.before.set(id, written);
    if (since < this.since) this.since = since;
  }

  /** Every flow row is gone (a regroup starts over): nothing is pending. */
  clear(): void {
    this.before.clear();
    this.since = Infinity;
  }

  /** The statements deleting the stale rows, or null when none is pending; nothing is pending after. */
  take(): string | null {
    if (this.before.size === 0) return null;
    const values = [...this.before].map(([id, w]) => `(${id}, ${w})`).join(', ');
    const since = this.since;
    this.clear();
    // `written >= since` lets row-group min/max skip everything older (ids are hashes, unordered).
    const del = (table: string, id: string) =>
      `DELETE FROM ${table} AS t USING (VALUES ${values}) AS d(id, before) WHERE t.written >= ${since} AND t.${id} = d.id AND t.written < d.before;`;
    return [del('_flows', 'id'), del('_flow_prints', 'flow_id'), del('_flow_evidence', 'flow_id')].join('\n');
  }
}
