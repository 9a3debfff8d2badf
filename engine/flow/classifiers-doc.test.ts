import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLOW_PARAM_NAMES, FLOW_PARAM_SPECS } from './params.ts';

const doc = readFileSync(new URL('../../docs/classifiers.md', import.meta.url), 'utf8');

describe('docs/classifiers.md', () => {
  it('lists every flow parameter with the default and meaning the code uses', () => {
    const table = doc.split('<!-- flow-params -->')[1]!.split('\n\n')[0]!;
    const rows = [...table.matchAll(/^\| `(\w+)` \| ([^|]+) \| (.+) \|$/gm)].map((m) => [
      m[1],
      m[2]!.trim(),
      m[3],
    ]);
    expect(rows).toEqual(
      FLOW_PARAM_NAMES.map((n) => [n, String(FLOW_PARAM_SPECS[n].value), FLOW_PARAM_SPECS[n].doc]),
    );
  });

  it('defines every parameter it names in a rule', () => {
    const named = new Set([...doc.matchAll(/`([a-z][A-Za-z]+)`/g)].map((m) => m[1]!));
    for (const n of FLOW_PARAM_NAMES) expect(named.has(n), n).toBe(true);
  });
});
