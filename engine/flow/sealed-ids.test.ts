import { describe, expect, it } from 'vitest';
import { SealedIds } from './sealed-ids.ts';

describe('sealed print ids', () => {
  it('answers maybe for every id added, rarely for others, and forgets them when cleared', () => {
    const s = new SealedIds();
    const ids = Array.from({ length: 50_000 }, (_, i) => `${i % 7}-${i}`);
    expect(ids.some((id) => s.mayHold(id))).toBe(false);
    for (const id of ids) s.add(id);
    expect(ids.every((id) => s.mayHold(id))).toBe(true);
    const others = ids.filter((_, i) => !s.mayHold(`x${i}`)).length;
    expect(others).toBeGreaterThan(ids.length - 5);
    s.clear();
    expect(ids.some((id) => s.mayHold(id))).toBe(false);
  });
});
