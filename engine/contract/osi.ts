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
/** Intrinio's wire form: `SPY_251219C650.00`, `AAPL_240315C172.50` (whole dollars, 2–3 decimals). */
const INTRINIO = /^([A-Z0-9]{1,6})_(\d{2})(\d{2})(\d{2})([CP])(\d{1,5})\.(\d{2,3})$/;

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
 * Parses the symbol forms in shared/reference/feeds/osi-symbology.md: padded 21-char, compact, `O:`
 * prefixed, Intrinio's underscore padding and Intrinio's wire form (`SPY_251219C650.00`). Returns an error string rather than throwing, so a
 * batch can count and skip a bad symbol.
 */
export function parseOsi(symbol: string): OsiContract | string {
  const s = symbol.startsWith('O:') ? symbol.slice(2) : symbol;
  const m = OSI.exec(s);
  if (m) return fromParts(symbol, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, Number(m[6]));
  const w = INTRINIO.exec(s);
  if (w)
    return fromParts(
      symbol,
      w[1]!,
      w[2]!,
      w[3]!,
      w[4]!,
      w[5]!,
      Number(w[6]) * 1000 + Number(w[7]!.padEnd(3, '0')),
    );
  return `invalid option symbol: ${JSON.stringify(symbol)}`;
}

/**
 * ThetaData's structured contract: root, expiration as YYYYMMDD, strike in tenths of a cent
 * (thousandths of a dollar, as OSI), right `C`/`P` (also `CALL`/`PUT`).
 */
export function contractFromTheta(c: {
  root: string;
  expiration: number;
  strike: number;
  right: string;
}): OsiContract | string {
  const exp = String(c.expiration);
  const right = c.right === 'CALL' ? 'C' : c.right === 'PUT' ? 'P' : c.right;
  const what = JSON.stringify(c);
  if (!/^[A-Z0-9]{1,6}$/.test(c.root) || !/^20\d{6}$/.test(exp) || (right !== 'C' && right !== 'P'))
    return `invalid ThetaData contract: ${what}`;
  if (!Number.isInteger(c.strike) || c.strike <= 0 || c.strike > 99_999_999)
    return `invalid strike in ${what}`;
  return fromParts(what, c.root, exp.slice(2, 4), exp.slice(4, 6), exp.slice(6, 8), right, c.strike);
}

function fromParts(
  symbol: string,
  root: string,
  yy: string,
  mm: string,
  dd: string,
  right: string,
  strike1000: number,
): OsiContract | string {
  const month = Number(mm);
  const day = Number(dd);
  const year = 2000 + Number(yy);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || probe.getUTCDate() !== day) {
    return `invalid expiry in option symbol: ${JSON.stringify(symbol)}`;
  }
  return {
    root,
    underlying: rootToUnderlying(root),
    expiry: `${year}-${mm}-${dd}` as IsoDate,
    right: right as Right,
    strike1000,
    key: `${root}${yy}${mm}${dd}${right}${String(strike1000).padStart(8, '0')}`,
  };
}

export function formatOsi(root: string, expiry: string, right: Right, strike1000: number): string {
  return `${root}${expiry.slice(2, 4)}${expiry.slice(5, 7)}${expiry.slice(8, 10)}${right}${String(strike1000).padStart(8, '0')}`;
}

/** The padded 21-character OCC form, e.g. `SPY   251219C00650000`. */
export const toOsi21 = (c: OsiContract): string => c.root.padEnd(6, ' ') + c.key.slice(c.root.length);
