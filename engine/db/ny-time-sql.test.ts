import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine.ts';
import { createNodeConnector } from '../node/index.ts';
import { queryRows } from '../testing/query.ts';
import { nyOffsetHours } from '../time/ny-time.ts';

describe('flowbook_ny_time (SQL)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = createEngine({ connector: await createNodeConnector() });
  });

  it('matches the engine’s New York offset around every DST change from 2024 to 2030', () => {
    const instants: number[] = [];
    for (let y = 2024; y <= 2030; y++)
      for (const [m, d0] of [
        [2, 7],
        [10, 0],
      ] as const)
        for (let d = d0; d < d0 + 8; d++)
          for (const h of [5, 5.99, 6, 6.01, 6.5, 7, 7.01, 12])
            instants.push(Date.UTC(y, m, d) + Math.round(h * 3_600_000));
    const rows = queryRows(
      engine,
      `SELECT epoch_ms(flowbook_ny_time(make_timestamp_ns(t * 1000000))) - t AS shift
       FROM unnest([${instants.join(',')}]::BIGINT[]) u(t)`,
    );
    expect(rows.map((r) => Number(r.shift) / 3_600_000)).toEqual(instants.map(nyOffsetHours));
    expect(new Set(rows.map((r) => Number(r.shift)))).toEqual(new Set([-4 * 3_600_000, -5 * 3_600_000]));
  });
});
