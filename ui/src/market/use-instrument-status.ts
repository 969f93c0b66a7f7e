/**
 * The live state of one instrument (session, halt, reference price, limits and band)
 * from the `status.SYMBOL` channel: the current state on subscribe, then every change.
 * Null until the first message (or on a server without the channel).
 */
import { useEffect, useMemo } from 'react';
import type { InstrumentState, StatusMessage } from '../../../src/client/index.ts';
import { FrameStore, useFrameStore } from '../lib/frame-store.ts';
import { useSession } from '../session/session-context.tsx';

export function useInstrumentStatus(symbol: string): InstrumentState | null {
  const { connection } = useSession();
  const store = useMemo(() => new FrameStore<InstrumentState | null>(null), [symbol]);
  useEffect(() => {
    const channel = `status.${symbol}`;
    const remove = connection.onSocket((socket) => {
      const off = socket.on('status', (message: StatusMessage) => {
        if (message.channel === channel) store.set(message.state);
      });
      socket.subscribe([channel]).catch(() => undefined);
      return () => {
        off();
        socket.unsubscribe([channel]).catch(() => undefined);
      };
    });
    return () => {
      remove();
      store.dispose();
    };
  }, [connection, symbol, store]);
  return useFrameStore(store);
}
