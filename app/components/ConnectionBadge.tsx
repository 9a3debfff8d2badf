import type { Accessor } from 'solid-js';
import type { ConnectionState } from '../feed-socket.ts';

export function ConnectionBadge(props: { state: Accessor<ConnectionState>; error: Accessor<string | null> }) {
  return (
    <span class={`badge badge-${props.state()}`} title={props.error() ?? ''} data-testid="connection">
      <span class="dot" />
      {props.state()}
    </span>
  );
}
