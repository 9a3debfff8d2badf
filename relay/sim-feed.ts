import { type Clock, type FeedEvent, type FeedSource, SimMarket, type SimOptions } from '../engine/index.ts';

/** The simulated market paced by a clock: session time advances with wall time from the launch. */
export function createSimFeed(options: SimOptions & { clock: Clock; tickMs?: number }): FeedSource {
  const market = new SimMarket(options);
  let timer: ReturnType<typeof setInterval> | null = null;
  return {
    name: `sim(seed=${options.seed}, rate=${options.rate}/s)`,
    start(sink) {
      const launched = options.clock.now();
      sink(market.take(market.startMs));
      timer = setInterval(() => {
        const events: FeedEvent[] = market.take(market.startMs + (options.clock.now() - launched));
        if (events.length > 0) sink(events);
      }, options.tickMs ?? 20);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
