/** What a browser may send the relay: small JSON text messages, schema-checked and rate-limited. */
export type ControlReply =
  | { readonly type: 'pong'; readonly id: number; readonly seq: number }
  | { readonly type: 'status'; readonly feed: string; readonly seq: number; readonly clients: number }
  | { readonly type: 'error'; readonly code: ControlErrorCode; readonly message: string };

export type ControlErrorCode = 'binary_not_accepted' | 'bad_json' | 'bad_message' | 'rate_limited';

export interface ControlLimits {
  /** Sustained messages per second per client (token bucket refill). */
  readonly perSecond: number;
  /** Bucket size: a burst this large is accepted. */
  readonly burst: number;
  /** Rejected messages (bad or over the rate) after which the socket is closed with 1008. */
  readonly maxRejected: number;
}

export const DEFAULT_CONTROL_LIMITS: ControlLimits = { perSecond: 20, burst: 40, maxRejected: 100 };
/** Largest client message accepted; a larger one closes the socket with 1009 (ws maxPayload). */
export const MAX_CONTROL_BYTES = 4096;

/**
 * One client's control channel. `{"type":"ping","id":N}` → pong with the last sequence number sent;
 * `{"type":"status"}` → the feed and sequence; anything else gets a structured error, and a client
 * that keeps sending rejected or too many messages is told to go away (`close`).
 */
export function createControlChannel(
  limits: ControlLimits,
  now: () => number,
  state: () => { feed: string; seq: number; clients: number },
) {
  let tokens = limits.burst;
  let at = now();
  let rejected = 0;
  const error = (code: ControlErrorCode, message: string): ControlReply => {
    rejected += 1;
    return { type: 'error', code, message };
  };
  return {
    /** The reply to one message, and whether the client should now be disconnected. */
    handle(data: Buffer | string, isBinary: boolean): { reply: ControlReply; close: boolean } {
      const t = now();
      tokens = Math.min(limits.burst, tokens + ((t - at) / 1000) * limits.perSecond);
      at = t;
      let reply: ControlReply;
      if (tokens < 1) reply = error('rate_limited', `more than ${limits.perSecond} messages per second`);
      else {
        tokens -= 1;
        reply = isBinary
          ? error('binary_not_accepted', 'the relay accepts only JSON text control messages')
          : parse(typeof data === 'string' ? data : data.toString('utf8'), state, error);
      }
      return { reply, close: rejected >= limits.maxRejected };
    },
  };
}

function parse(
  text: string,
  state: () => { feed: string; seq: number; clients: number },
  error: (code: ControlErrorCode, message: string) => ControlReply,
): ControlReply {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return error('bad_json', 'not JSON');
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m))
    return error('bad_message', 'a control message is a JSON object with a "type"');
  const o = m as Record<string, unknown>;
  const keys = Object.keys(o);
  if (o.type === 'ping') {
    if (!Number.isSafeInteger(o.id) || keys.some((k) => k !== 'type' && k !== 'id'))
      return error('bad_message', 'ping takes exactly {"type":"ping","id":<integer>}');
    return { type: 'pong', id: o.id as number, seq: state().seq };
  }
  if (o.type === 'status') {
    if (keys.length !== 1) return error('bad_message', 'status takes no fields');
    const s = state();
    return { type: 'status', feed: s.feed, seq: s.seq, clients: s.clients };
  }
  const name = typeof o.type === 'string' ? JSON.stringify(o.type.slice(0, 40)) : 'missing';
  return error('bad_message', `unknown message type ${name} (known: ping, status)`);
}
