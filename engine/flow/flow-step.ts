import type { FlowMessage, FlowReply } from '../engine.ts';
import type { PrintCancel } from '../enrich/trade-enricher.ts';
import { batchesToIpc } from '../events/event-encoder.ts';
import { FlowBuilder } from './flow-builder.ts';
import { flowBatches } from './flow-columns.ts';
import { printsOfTrades } from './trade-prints.ts';

/**
 * One ingest's work for the flow builder, as bytes: each record batch's enriched prints
 * (`_option_trades` rows as Arrow IPC) and then the cancels that batch carried, in arrival order.
 */
export interface FlowRequest {
  readonly batches: readonly {
    readonly trades: Uint8Array | null;
    readonly cancels: readonly PrintCancel[];
  }[];
  /** A regroup step: prints read back from `_option_trades`; its answer asks for the next chunk. */
  readonly regroup: boolean;
}

/** What one request changed, as statements and Arrow IPC bytes for DuckDB. */
export interface FlowResult {
  /** Flow ids whose rows go, with the earliest write any of them came from, and this step's write. */
  readonly removed: readonly number[];
  readonly since: number;
  readonly written: number;
  /** `_flows`, `_flow_prints` and `_flow_evidence` rows of the new and changed flows. */
  readonly flows: Uint8Array | null;
  readonly prints: Uint8Array | null;
  readonly evidence: Uint8Array | null;
  readonly upserted: number;
  /**
   * Cancelled prints the builder held (marked by row id), and cancels marked by a scan for the id:
   * those it held none of, or whose id a sealed print may have.
   */
  readonly heldRids: readonly number[];
  readonly unheld: readonly PrintCancel[];
  /** Prints the builder holds after this step. */
  readonly held: number;
  /** Prints read, and the last row id among them (-1 when none). */
  readonly printCount: number;
  readonly lastRid: number;
  readonly regroup: boolean;
  /** Time spent grouping and classifying, and building rows, ms. */
  readonly flowsMs: number;
  readonly flowRowsMs: number;
}

/** Runs one request through a builder: the same code in place (Node, tests) and in the flow worker. */
export function runFlowStep(builder: FlowBuilder, req: FlowRequest): FlowResult {
  const t0 = performance.now();
  const heldRids: number[] = [];
  const unheld: PrintCancel[] = [];
  let printCount = 0;
  let lastRid = -1;
  for (const b of req.batches) {
    if (b.trades) {
      const prints = printsOfTrades(b.trades);
      for (const p of prints) builder.add(p);
      printCount += prints.length;
      if (prints.length > 0) lastRid = prints[prints.length - 1]!.rid;
    }
    for (const c of b.cancels) {
      const found = builder.cancel(c.id, c.rid);
      // Marking by id also finds prints the builder never held or has sealed.
      if (found.rids.length === 0 || found.sealed) unheld.push(c);
      for (const rid of found.rids) heldRids.push(rid);
    }
  }
  const ch = builder.flush();
  const t1 = performance.now();
  let ipc: (Uint8Array | null)[] = [null, null, null];
  if (ch.upserted.length > 0) {
    const b = flowBatches(ch.upserted, ch.written);
    ipc = [b.flows, b.prints, b.evidence].map((x) => (x ? batchesToIpc([x]) : null));
  }
  return {
    removed: [...ch.removed],
    since: ch.since,
    written: ch.written,
    flows: ipc[0] ?? null,
    prints: ipc[1] ?? null,
    evidence: ipc[2] ?? null,
    upserted: ch.upserted.length,
    heldRids,
    unheld,
    held: builder.heldPrints,
    printCount,
    lastRid,
    regroup: req.regroup,
    flowsMs: t1 - t0,
    flowRowsMs: performance.now() - t1,
  };
}

/** The buffers of a request or result, to transfer instead of copy. */
export function stepBuffers(x: FlowRequest | FlowResult): ArrayBuffer[] {
  const bytes = 'batches' in x ? x.batches.map((b) => b.trades) : [x.flows, x.prints, x.evidence];
  return bytes.filter((b): b is Uint8Array => b !== null).map((b) => b.buffer as ArrayBuffer);
}

/**
 * A flow worker's message handling: parameters start its builder (over), each step is answered with
 * its result, bytes transferred, in order. After an error it answers once with the error and then
 * nothing more: the engine stops sending.
 */
export function flowWorkerHandler(
  reply: (m: FlowReply, transfer: ArrayBuffer[]) => void,
): (m: FlowMessage) => void {
  let builder: FlowBuilder | null = null;
  let failed = false;
  return (m) => {
    if (failed) return;
    try {
      if ('params' in m) {
        if (builder) builder.setParams(m.params);
        else builder = new FlowBuilder(m.params);
        return;
      }
      if (!builder) throw new Error('a flow step came before the parameters');
      const result = runFlowStep(builder, m.step);
      reply({ result }, stepBuffers(result));
    } catch (cause) {
      failed = true;
      reply({ error: cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause) }, []);
    }
  };
}
