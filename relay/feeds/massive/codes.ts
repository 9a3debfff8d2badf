import { type ConditionFlag, OPTION_VENUES, opraTradeTypeFlags } from '../../../engine/index.ts';

/**
 * Massive's options exchange IDs follow `300 + (OPRA letter − 'A')` for every ID confirmed in
 * polygon-massive.md §8 (318 Sapphire and 320 MEMX are predicted by that pattern, not confirmed).
 */
export function optionVenueOf(id: number): string | undefined {
  const letter = String.fromCharCode(65 + id - 300);
  return id >= 300 && id <= 325 ? OPTION_VENUES.find((v) => v.opra === letter)?.mic : undefined;
}

/**
 * Massive's option trade condition IDs: `201 + (letter − 'A')` for A–J and S, `227 + (letter − 'a')`
 * for a–v (opra-conditions.md §1, an observed pattern matching every listed ID). Returns the OPRA
 * letter, or undefined for an ID outside the table.
 */
export function opraLetterOf(id: number): string | undefined {
  if (id >= 201 && id <= 210) return String.fromCharCode(65 + id - 201);
  if (id === 219) return 'S';
  if (id >= 227 && id <= 248) return String.fromCharCode(97 + id - 227);
  return undefined;
}

/** Flags of a Massive option trade's condition IDs; unknown IDs are returned for counting. */
export function optionConditionFlags(ids: readonly number[]): {
  flags: ConditionFlag[];
  unknown: number[];
} {
  const flags: ConditionFlag[] = [];
  const unknown: number[] = [];
  for (const id of ids) {
    const letter = opraLetterOf(id);
    const f = letter === undefined ? undefined : opraTradeTypeFlags(letter);
    if (f === undefined) unknown.push(id);
    else for (const x of f) if (!flags.includes(x)) flags.push(x);
  }
  return { flags, unknown };
}

/** Massive stock exchange IDs (`/v3/reference/exchanges?asset_class=stocks`; 4 is the FINRA NYSE TRF) → MIC. */
const STOCK_VENUES: Readonly<Record<number, string>> = {
  1: 'XASE',
  2: 'XBOS',
  3: 'XCIS',
  4: 'FINY',
  6: 'XISE',
  7: 'EDGA',
  8: 'EDGX',
  9: 'XCHI',
  10: 'XNYS',
  11: 'ARCX',
  12: 'XNAS',
  14: 'LTSE',
  15: 'IEXG',
  17: 'XPHL',
  18: 'BATY',
  19: 'BATS',
  20: 'EPRL',
  21: 'MEMX',
  62: 'OOTC',
};
/** The trade reporting facility (`trfi`) of an off-exchange print → the MIC docs/events.md uses. */
const TRF_VENUES: Readonly<Record<number, string>> = { 201: 'FINY', 202: 'FINN', 203: 'FINC' };

/** MIC of a stock print or quote venue: its TRF when reported off-exchange, else its exchange. */
export function stockVenueOf(x: number, trfi: number | undefined): string | undefined {
  if (trfi !== undefined) return TRF_VENUES[trfi] ?? 'XADF';
  return STOCK_VENUES[x];
}

/** Stock trade condition IDs that map to a normalized flag (14 ISO, 37 odd lot, 12 Form T). */
export const STOCK_CONDITION_FLAGS: Readonly<Record<number, ConditionFlag>> = {
  14: 'ISO',
  37: 'ODD_LOT',
  12: 'EXTENDED_HOURS',
};
