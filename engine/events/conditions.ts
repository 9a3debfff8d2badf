/** Normalized trade-condition flags (see docs/events.md); the Arrow form holds them as a bit set. */
export const CONDITION_FLAGS = [
  'ISO',
  'MULTI_LEG',
  'AUCTION',
  'CROSS',
  'FLOOR',
  'STOCK_TIED',
  'LATE',
  'EXTENDED_HOURS',
  'CANCEL',
  'COMPRESSION',
  'ODD_LOT',
] as const;
export type ConditionFlag = (typeof CONDITION_FLAGS)[number];

export const FLAG_BIT: Readonly<Record<ConditionFlag, number>> = Object.freeze(
  Object.fromEntries(CONDITION_FLAGS.map((f, i) => [f, 1 << i])) as Record<ConditionFlag, number>,
);

const FLAG_SET = new Set<string>(CONDITION_FLAGS);
export const isConditionFlag = (s: string): s is ConditionFlag => FLAG_SET.has(s);

export function flagsToBits(flags: readonly ConditionFlag[]): number {
  let bits = 0;
  for (const f of flags) bits |= FLAG_BIT[f];
  return bits;
}

const bitsCache = new Map<number, readonly ConditionFlag[]>();
export function bitsToFlags(bits: number): readonly ConditionFlag[] {
  let hit = bitsCache.get(bits);
  if (!hit) {
    hit = Object.freeze(CONDITION_FLAGS.filter((f) => (bits & FLAG_BIT[f]) !== 0));
    bitsCache.set(bits, hit);
  }
  return hit;
}

const OPRA_CLASSES: Readonly<Record<string, readonly ConditionFlag[]>> = {
  A: ['CANCEL'],
  C: ['CANCEL'],
  E: ['CANCEL'],
  G: ['CANCEL'],
  B: ['LATE'],
  D: ['LATE'],
  F: ['LATE'],
  H: ['LATE'],
  S: ['ISO'],
  a: ['AUCTION'],
  b: ['AUCTION', 'ISO'],
  c: ['CROSS'],
  d: ['CROSS', 'ISO'],
  e: ['FLOOR'],
  f: ['MULTI_LEG'],
  g: ['MULTI_LEG', 'AUCTION'],
  h: ['MULTI_LEG', 'CROSS'],
  i: ['MULTI_LEG', 'FLOOR'],
  j: ['MULTI_LEG'],
  k: ['STOCK_TIED', 'AUCTION'],
  l: ['MULTI_LEG', 'AUCTION'],
  m: ['MULTI_LEG', 'FLOOR'],
  n: ['STOCK_TIED'],
  o: ['STOCK_TIED', 'CROSS'],
  p: ['STOCK_TIED', 'FLOOR'],
  q: ['STOCK_TIED'],
  r: ['STOCK_TIED', 'AUCTION'],
  s: ['STOCK_TIED', 'FLOOR'],
  t: ['MULTI_LEG', 'FLOOR'],
  u: ['COMPRESSION'],
  v: ['EXTENDED_HOURS'],
};

/**
 * Flags of an OPRA Pillar trade type letter (reference: opra-conditions.md §1 and §4). Blank, `I`
 * (AUTO) and `J` (REOP) are informational and carry no flag; an unknown letter returns undefined.
 */
export function opraTradeTypeFlags(letter: string): readonly ConditionFlag[] | undefined {
  if (letter === '' || letter === ' ' || letter === 'I' || letter === 'J') return [];
  return OPRA_CLASSES[letter];
}
