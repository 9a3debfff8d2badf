import { fragmentParam } from './url-fragment.ts';

/**
 * User Timing marks for measuring the page (npm run bench), on only when the URL fragment has
 * `timing=1`, so a long session does not fill the performance buffer.
 */
const enabled = fragmentParam('timing') === '1';

export function mark(name: string, detail: Record<string, number>): void {
  if (enabled) performance.mark(`flowbook:${name}`, { detail });
}
