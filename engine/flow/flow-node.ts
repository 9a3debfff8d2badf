import type { FlowPrint } from './flow-print.ts';
import type { Leg, Strategy } from './strategy.ts';

export const FLOW_KINDS = ['single', 'block', 'sweep', 'split', 'multi_leg', 'repeated', 'ladder'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

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
  /** Patterns (repeated hits, ladders) this order belongs to. */
  readonly patterns = new Set<FlowNode>();
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

/** A 53-bit id from text (two FNV-1a 32-bit passes); the same members always give the same id. */
export function flowId(text: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return (h1 >>> 0) * 2 ** 21 + ((h2 >>> 0) & 0x1fffff);
}

/** The identity of a print as text: the fields of the canonical order (time to the microsecond). */
export const printKey = (p: FlowPrint): string =>
  `${p.t0}|${p.contract}|${p.exchange}|${p.price}|${p.size}|${p.bits}|${p.id ?? ''}`;
