import type { FlowPrint } from './flow-print.ts';
import { IdHash } from './id-hash.ts';
import type { Leg, Strategy } from './strategy.ts';

export const FLOW_KINDS = ['single', 'block', 'sweep', 'split', 'multi_leg', 'repeated', 'ladder'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

/**
 * The kind rule of a single print. Its evidence row and JSON are not stored: the flows and
 * flow_evidence views make them from the flow's size (db/tables.ts).
 */
export const SINGLE_RULE = 'one print, no other same-side print within sweepGapMs';

export type EvidenceValue = number | string | boolean | null;

/** Why a flow has its kind or a tag: the rule, the parameter values it used and the numbers that met them. */
export interface Evidence {
  readonly rule: string;
  readonly params: Readonly<Record<string, number | boolean>>;
  readonly values: Readonly<Record<string, EvidenceValue>>;
}

/** Counts of the contract's orders earlier the same day (the "own history" of the unusual tag). */
export interface History {
  readonly count: number;
  readonly premium: number;
  readonly size: number;
}

/** One flow: a parent order (one contract), a multi-leg package, or a pattern of orders. */
export class FlowNode {
  alive = true;
  /** Final: ended before the seal boundary and no longer held by the builder's groups. */
  sealed = false;
  /** Patterns (repeated hits, ladders) this order belongs to; null until it joins one (most never do). */
  patterns: Set<FlowNode> | null = null;
  history: History | null = null;
  /** For a floor print: the latest sweep in its contract within sweepFloorWindowMs before it. */
  afterSweep: FlowNode | null = null;
  tags: string[] = [];
  tagEvidence: Record<string, Evidence> = {};
  readonly t0: number;
  readonly t1: number;
  readonly size: number;
  readonly premium: number;

  constructor(
    readonly id: number,
    readonly kind: FlowKind,
    readonly underlying: string,
    /** Member prints in canonical order (for a pattern: every print of every member order). */
    readonly prints: readonly FlowPrint[],
    readonly side: 'buy' | 'sell' | null,
    readonly sentiment: 'bullish' | 'bearish' | 'neutral',
    readonly kindEvidence: Evidence,
    readonly extra: {
      readonly strategy?: Strategy;
      readonly legs?: readonly Leg[];
      readonly netDelta?: number | null;
      readonly inferred?: boolean;
      readonly members?: readonly FlowNode[];
      /** How long after its last print a later print could still join it (ms). */
      readonly windowMs: number;
    },
  ) {
    let t0 = Infinity;
    let t1 = -Infinity;
    let size = 0;
    let premium = 0;
    for (const p of prints) {
      if (p.t0 < t0) t0 = p.t0;
      if (p.t1 > t1) t1 = p.t1;
      size += p.size;
      premium += p.premium;
    }
    this.t0 = t0;
    this.t1 = t1;
    this.size = size;
    this.premium = premium;
  }

  /** The one contract of an order or a single-contract pattern; null for a package. */
  get contract(): string | null {
    return this.extra.legs === undefined ? this.prints[0]!.contract : null;
  }

  get first(): FlowPrint {
    return this.prints[0]!;
  }
}

/** Flows in time order, ties broken by id (for pattern lanes and histories). */
export const compareFlows = (a: FlowNode, b: FlowNode): number => a.t0 - b.t0 || a.id - b.id;

const hash = new IdHash();

/**
 * The id of a flow named by a kind prefix, its lane and its first print: the print's identity is the
 * fields of the canonical order (time to the microsecond), hashed as numbers, not formatted as text.
 */
export const printFlowId = (prefix: string, lane: string, p: FlowPrint): number =>
  hash
    .start()
    .text(prefix)
    .text(lane)
    .num(p.t0)
    .text(p.contract)
    .text(p.exchange)
    .num(p.price)
    .num(p.size)
    .num(p.bits)
    .text(p.id ?? '').id;

/** The id of a pattern flow: its lane and the id of its first member. */
export const patternFlowId = (lane: string, firstMember: number): number =>
  hash.start().text(lane).num(firstMember).id;
