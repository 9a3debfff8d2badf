import type { IsoDate } from '../time/units.ts';

export type Right = 'C' | 'P';

export interface OsiContract {
  /** OCC root, e.g. `SPXW`, `AMC1`, `4SPX`. */
  readonly root: string;
  /** Underlying symbol the root trades on, e.g. SPXW → SPX. */
  readonly underlying: string;
  readonly expiry: IsoDate;
  readonly right: Right;
  /** Strike in thousandths of a dollar, as OSI writes it (kept integral to avoid float keys). */
  readonly strike1000: number;
  /** Canonical compact key: root + YYMMDD + C|P + 8-digit strike, e.g. `SPY260501C00705000`. */
  readonly key: string;
}

const OSI = /^([A-Z0-9]{1,6})[ _]*(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;

/** Roots that trade on another symbol: index weeklies/PM-settled series and share classes. */
const ROOT_UNDERLYING: Readonly<Record<string, string>> = {
  SPXW: 'SPX',
  SPXPM: 'SPX',
  NDXP: 'NDX',
  RUTW: 'RUT',
  VIXW: 'VIX',
  XSPW: 'XSP',
  DJXW: 'DJX',
  BRKB: 'BRK.B',
};

/** The underlying of an OCC root: known weekly roots, FLEX (leading digit) and adjusted (trailing digit). */
export function rootToUnderlying(root: string): string {
  const known = ROOT_UNDERLYING[root];
  if (known) return known;
  let r = root;
  if (/^\d/.test(r)) r = r.replace(/^\d+/, '');
  if (/\d$/.test(r)) r = r.replace(/\d+$/, '');
  return ROOT_UNDERLYING[r] ?? (r || root);
}

/**
 * Parses the OSI forms in shared/reference/feeds/osi-symbology.md: padded 21-char, compact, `O:`
 * prefixed and Intrinio's underscore padding. Returns an error string rather than throwing, so a
 * batch can count and skip a bad symbol.
 */
export function parseOsi(symbol: string): OsiContract | string {
  const s = symbol.startsWith('O:') ? symbol.slice(2) : symbol;
  const m = OSI.exec(s);
  if (!m) return `invalid option symbol: ${JSON.stringify(symbol)}`;
  const [, root = '', yy, mm, dd, right, strike = ''] = m;
  const month = Number(mm);
  const day = Number(dd);
  const year = 2000 + Number(yy);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || probe.getUTCDate() !== day) {
    return `invalid expiry in option symbol: ${JSON.stringify(symbol)}`;
  }
  const strike1000 = Number(strike);
  return {
    root,
    underlying: rootToUnderlying(root),
    expiry: `${year}-${mm}-${dd}` as IsoDate,
    right: right as Right,
    strike1000,
    key: `${root}${yy}${mm}${dd}${right}${strike}`,
  };
}

export function formatOsi(root: string, expiry: string, right: Right, strike1000: number): string {
  return `${root}${expiry.slice(2, 4)}${expiry.slice(5, 7)}${expiry.slice(8, 10)}${right}${String(strike1000).padStart(8, '0')}`;
}

/** The padded 21-character OCC form, e.g. `SPY   251219C00650000`. */
export const toOsi21 = (c: OsiContract): string => c.root.padEnd(6, ' ') + c.key.slice(c.root.length);
