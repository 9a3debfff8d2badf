/** What the sessions list shows of a recording; stored beside it as `<id>.json` in OPFS. */
export interface SessionMeta {
  readonly id: string;
  name: string;
  /** Wall-clock start, ISO-8601. */
  readonly started: string;
  events: number;
  bytes: number;
  /** The feed the relay named (sim, massive…). */
  source: string;
}

export const SESSIONS_DIR = 'sessions';

export const isSessionMeta = (o: unknown): o is SessionMeta => {
  if (typeof o !== 'object' || o === null) return false;
  const m = o as Record<string, unknown>;
  return (
    typeof m.id === 'string' &&
    typeof m.name === 'string' &&
    typeof m.started === 'string' &&
    typeof m.events === 'number' &&
    typeof m.bytes === 'number'
  );
};
