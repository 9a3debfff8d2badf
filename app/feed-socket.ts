import { createSignal } from 'solid-js';
import { fragmentParam } from './url-fragment.ts';

export type ConnectionState = 'connecting' | 'connected' | 'stale' | 'disconnected';

/** How long without a message before the feed is shown as stale. */
const STALE_MS = 3000;

/**
 * The relay WebSocket: binary Arrow IPC messages in, a connection state out, reconnect with
 * capped backoff. The token comes from the URL fragment, which never reaches a server log.
 */
export function createFeedSocket(
  token: string,
  onMessage: (buf: ArrayBuffer) => void,
  onControl: (message: unknown) => void = () => {},
) {
  const [state, setState] = createSignal<ConnectionState>('connecting');
  const [error, setError] = createSignal<string | null>(null);
  let ws: WebSocket | null = null;
  let last = 0;
  let attempt = 0;
  let closed = false;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?token=${encodeURIComponent(token)}`;

  const open = () => {
    setState('connecting');
    ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      attempt = 0;
      last = performance.now();
      setError(null);
      setState('connected');
    };
    ws.onmessage = (m) => {
      last = performance.now();
      if (state() !== 'connected') setState('connected');
      if (m.data instanceof ArrayBuffer) onMessage(m.data);
      else if (typeof m.data === 'string') {
        try {
          onControl(JSON.parse(m.data));
        } catch {
          setError('the relay sent a malformed control message');
        }
      }
    };
    ws.onclose = (e) => {
      setState('disconnected');
      if (e.code !== 1000)
        setError(e.reason || `connection closed (code ${e.code}); is the token in the URL right?`);
      if (!closed) setTimeout(open, Math.min(10_000, 500 * 2 ** attempt++));
    };
  };
  const watchdog = setInterval(() => {
    if (state() === 'connected' && performance.now() - last > STALE_MS) setState('stale');
  }, 500);
  open();
  return {
    state,
    error,
    close() {
      closed = true;
      clearInterval(watchdog);
      ws?.close(1000);
    },
  };
}

export function tokenFromLocation(): string | null {
  const t = fragmentParam('token');
  if (t) sessionStorage.setItem('flowbook.token', t);
  return t ?? sessionStorage.getItem('flowbook.token');
}
