/**
 * User Timing marks for measuring the page (npm run bench), on only when the URL fragment has
 * `timing=1`, so a long session does not fill the performance buffer.
 */
const enabled =
  typeof location !== 'undefined' && new URLSearchParams(location.hash.slice(1)).get('timing') === '1';

export function mark(name: string, detail: Record<string, number>): void {
  if (enabled) performance.mark(`flowbook:${name}`, { detail });
}
