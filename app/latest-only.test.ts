import { describe, expect, it } from 'vitest';
import { latestOnly } from './latest-only.ts';

/** A task that records when it starts and ends, and ends when `finish` is called. */
const gated = (log: string[], name: string) => {
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  const task = async () => {
    log.push(`${name} start`);
    await done;
    log.push(`${name} end`);
  };
  return { task, finish: () => finish() };
};

describe('latestOnly', () => {
  it('runs tasks one at a time, in the order they were queued', async () => {
    const q = latestOnly();
    const log: string[] = [];
    const a = gated(log, 'a');
    const b = gated(log, 'b');
    const ta = q.ticket();
    const ra = q.run(ta, a.task);
    await Promise.resolve();
    // b is queued with a ticket taken after a's task began: a goes on, b waits for it.
    const rb = q.run(q.ticket(), b.task);
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(['a start']);
    a.finish();
    await ra;
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(['a start', 'a end', 'b start']);
    b.finish();
    await rb;
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('skips a task whose ticket is older than the newest when its turn comes', async () => {
    const q = latestOnly();
    const log: string[] = [];
    const first = q.ticket();
    const second = q.ticket();
    // The first request finished loading last but was asked for first: it does not run.
    const r2 = q.run(second, async () => void log.push('second'));
    const r1 = q.run(first, async () => void log.push('first'));
    await Promise.all([r1, r2]);
    expect(log).toEqual(['second']);
    // Queued before a newer ticket is taken, a task is skipped too if that ticket comes before its turn.
    const a = gated(log, 'a');
    const ra = q.run(q.ticket(), a.task);
    await Promise.resolve();
    const rb = q.run(q.ticket(), async () => void log.push('b'));
    const rc = q.run(q.ticket(), async () => void log.push('c'));
    a.finish();
    await Promise.all([ra, rb, rc]);
    expect(log).toEqual(['second', 'a start', 'a end', 'c']);
  });

  it('rejects with a failed task’s error and runs the next task', async () => {
    const q = latestOnly();
    const failed = q.run(q.ticket(), () => Promise.reject(new Error('disk full')));
    await Promise.resolve();
    let ran = false;
    const next = q.run(q.ticket(), async () => {
      ran = true;
    });
    await expect(failed).rejects.toThrow('disk full');
    await next;
    expect(ran).toBe(true);
  });
});
