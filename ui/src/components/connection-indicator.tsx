/**
 * The connection light in the header: green when the socket is live and the books in
 * sequence, red on a sequence gap (held for a few seconds after the book is repaired) or
 * when the socket is down, grey while connecting. `data-state` carries the state for
 * tests; the title explains it.
 */
import type { ReactNode } from 'react';
import { useFrameStore } from '../lib/frame-store.ts';
import { useSession } from '../session/session-context.tsx';

const labels = { connecting: 'connecting', live: 'live', gap: 'sequence gap', down: 'disconnected' } as const;

export function ConnectionIndicator(): ReactNode {
  const { connection } = useSession();
  const status = useFrameStore(connection.status);
  return (
    <span className={`connection connection-${status.state}`} data-testid="connection" data-state={status.state} title={status.detail}>
      <span className="connection-light" aria-hidden="true" />
      {labels[status.state]}
      {status.gaps > 0 && <span className="muted"> · gaps {status.gaps}</span>}
    </span>
  );
}
