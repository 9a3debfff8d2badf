/**
 * Counters of what an adapter could not map, kept per adapter: unknown venue and condition codes
 * are kept raw on the event and counted here, malformed frames are skipped and counted.
 */
export interface FeedStats<Venue = string, Condition = string> {
  malformed: number;
  unknownVenues: Map<Venue, number>;
  unknownConditions: Map<Condition, number>;
  ignored: Map<string, number>;
}

export const newFeedStats = <Venue = string, Condition = string>(): FeedStats<Venue, Condition> => ({
  malformed: 0,
  unknownVenues: new Map(),
  unknownConditions: new Map(),
  ignored: new Map(),
});

/** Adds one to a counter. */
export const bump = <K>(m: Map<K, number>, k: K): Map<K, number> => m.set(k, (m.get(k) ?? 0) + 1);
