/**
 * A per-tab setting from the page URL's fragment (`#token=…&memory=512MB&watchdog=…`), which the
 * browser never sends to the relay; null when it is absent.
 */
export const fragmentParam = (name: string): string | null =>
  typeof location === 'undefined' ? null : new URLSearchParams(location.hash.slice(1)).get(name);
