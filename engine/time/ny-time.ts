import type { IsoDate } from './units.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * US Eastern offset from UTC in hours (-4 in daylight time, -5 otherwise) for an instant, using the
 * rule in force since 2007: daylight time from 02:00 local on the second Sunday of March to 02:00
 * local on the first Sunday of November. Pure arithmetic, so it runs the same in a worker and in Node
 * whatever the host's time zone.
 */
export function nyOffsetHours(epochMs: number): number {
  const year = new Date(epochMs).getUTCFullYear();
  const dstStart = nthSundayUtc(year, 2, 2) + 2 * HOUR_MS + 5 * HOUR_MS;
  const dstEnd = nthSundayUtc(year, 10, 1) + 2 * HOUR_MS + 4 * HOUR_MS;
  return epochMs >= dstStart && epochMs < dstEnd ? -4 : -5;
}

function nthSundayUtc(year: number, month: number, n: number): number {
  const first = Date.UTC(year, month, 1);
  const dow = new Date(first).getUTCDay();
  return first + (((7 - dow) % 7) + (n - 1) * 7) * DAY_MS;
}

/** Milliseconds since the epoch shifted to New York wall-clock time (read it with getUTC*). */
export function nyWallMs(epochMs: number): number {
  return epochMs + nyOffsetHours(epochMs) * HOUR_MS;
}

/** Days since 1970-01-01 of the New York calendar date of an instant. */
export function nyDayNumber(epochMs: number): number {
  return Math.floor(nyWallMs(epochMs) / DAY_MS);
}

/** The New York calendar date (YYYY-MM-DD) of an instant. */
export const nyDateOf = (epochMs: number): IsoDate => dayNumberToIso(nyDayNumber(epochMs));

export function dayNumberToIso(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10) as IsoDate;
}

export function isoToDayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`invalid date: ${date}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms);
  if (back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3])) {
    throw new Error(`invalid date: ${date}`);
  }
  return ms / DAY_MS;
}

/** Epoch ms of a New York wall-clock time on a calendar day (days since epoch). */
export function nyTimeToEpochMs(day: number, hour: number, minute = 0): number {
  const wall = day * DAY_MS + hour * HOUR_MS + minute * 60_000;
  // The offset at the wall time read as UTC is right except within the hour of a DST switch.
  const guess = wall - nyOffsetHours(wall) * HOUR_MS;
  return wall - nyOffsetHours(guess) * HOUR_MS;
}

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (day: number): number => (((day + 4) % 7) + 7) % 7;

/** The latest weekday on or before a calendar day (exchange holidays are not modelled). */
export function weekdayOnOrBefore(day: number): number {
  let d = day;
  while (weekday(d) === 0 || weekday(d) === 6) d -= 1;
  return d;
}

/** `HH:MM:SS.mmm` New York time of an instant. */
export function formatNyTime(epochMs: number): string {
  return new Date(nyWallMs(epochMs)).toISOString().slice(11, 23);
}
