import type { FeedEvent } from '../events/event-types.ts';

/** Anything that produces normalized events: the simulated market, a provider adapter, a recorded file. */
export interface FeedSource {
  readonly name: string;
  /** Starts delivering events, in arrival order, to `sink`. */
  start(sink: (events: readonly FeedEvent[]) => void): void;
  stop(): void;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
