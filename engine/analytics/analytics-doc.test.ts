import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHAIN_READERS, INDICATOR_READERS } from './analytics-sql.ts';
import { ANALYTICS_PARAM_NAMES, ANALYTICS_PARAM_SPECS } from './params.ts';

const doc = readFileSync(new URL('../../docs/analytics.md', import.meta.url), 'utf8');

describe('docs/analytics.md', () => {
  it('lists every analytics parameter with the default and meaning the code uses', () => {
    const table = doc.split('<!-- analytics-params -->')[1]!.split('\n\n')[1]!;
    const rows = [...table.matchAll(/^\| `(\w+)` \| ([^|]+) \| (.+) \|$/gm)].map((m) => [
      m[1],
      m[2]!.trim(),
      m[3],
    ]);
    expect(rows).toEqual(
      ANALYTICS_PARAM_NAMES.map((n) => [
        n,
        String(ANALYTICS_PARAM_SPECS[n].value),
        ANALYTICS_PARAM_SPECS[n].doc,
      ]),
    );
  });

  it('names every recomputed table and the views that trigger it', () => {
    for (const n of [...CHAIN_READERS, ...INDICATOR_READERS]) expect(doc, n).toContain(`\`${n}\``);
  });
});
