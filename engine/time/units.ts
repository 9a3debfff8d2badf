declare const nominal: unique symbol;
/** A value of T branded with a unit, so that mixing units is a type error. */
export type Nominal<T, Name extends string> = T & { readonly [nominal]: Name };

/** Nanoseconds since the Unix epoch, UTC. */
export type EpochNs = Nominal<bigint, 'EpochNs'>;
/** Microseconds since the Unix epoch, UTC; exact in a double until the year 2255. */
export type EpochUs = Nominal<number, 'EpochUs'>;
/** A calendar date as `YYYY-MM-DD`. */
export type IsoDate = Nominal<string, 'IsoDate'>;

export const usToNs = (us: number): EpochNs => (BigInt(Math.round(us)) * 1000n) as EpochNs;

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${String(value)}`);
}
