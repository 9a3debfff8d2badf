/**
 * Tasks that run one at a time where only the newest request counts: each request takes a ticket,
 * and a task whose ticket is no longer the newest when its turn comes is skipped. Used where a later
 * click has to win over an earlier one that is still loading (opening a notebook, a replay starting
 * over after a seek back).
 */
export function latestOnly() {
  let latest = 0;
  let tail: Promise<unknown> = Promise.resolve();
  return {
    /** A new ticket: every older ticket's task that has not begun yet will be skipped. */
    ticket: (): number => ++latest,
    /**
     * Runs `task` once the tasks queued before it have settled, if `ticket` is still the newest
     * then; rejects with the task's error, which does not stop the tasks after it.
     */
    run(ticket: number, task: () => Promise<void>): Promise<void> {
      const next = tail.then(() => (ticket === latest ? task() : undefined));
      tail = next.catch(() => undefined);
      return next;
    },
  };
}
