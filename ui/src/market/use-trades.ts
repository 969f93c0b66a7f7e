/**
 * The recent trades of one symbol: the latest page from REST, then the `trades.SYMBOL`
 * channel, merged by trade id (newest first, at most `tradesKeptMax`). Changes reach
 * React at most once per animation frame.
 */
import { useEffect, useMemo } from 'react';
import type { Trade, TradesMessage } from '../../../src/client/index.ts';
import { FrameStore, useFrameStore } from '../lib/frame-store.ts';
import { useSession } from '../session/session-context.tsx';

export const tradesKeptMax = 2_000;
const tradesLoaded = 1_000;

function merged(current: readonly Trade[], incoming: readonly Trade[]): Trade[] {
  const byId = new Map<number, Trade>();
  for (const trade of current) byId.set(trade.tradeId, trade);
  for (const trade of incoming) byId.set(trade.tradeId, trade);
  return [...byId.values()].sort((a, b) => b.tradeId - a.tradeId).slice(0, tradesKeptMax);
}

export function useTrades(symbol: string): readonly Trade[] {
  const { client, connection } = useSession();
  const store = useMemo(() => new FrameStore<readonly Trade[]>([]), [symbol]);
  useEffect(() => {
    let live = true;
    client
      .trades(symbol, tradesLoaded)
      .then((trades) => {
        if (live) store.set(merged(store.get(), trades));
      })
      .catch(() => undefined);
    const channel = `trades.${symbol}`;
    const remove = connection.onSocket((socket) => {
      const off = socket.on('trades', (message: TradesMessage) => {
        if (message.channel === channel) store.set(merged(store.get(), message.trades));
      });
      socket.subscribe([channel]).catch(() => undefined);
      return () => {
        off();
        socket.unsubscribe([channel]).catch(() => undefined);
      };
    });
    return () => {
      live = false;
      remove();
      store.dispose();
    };
  }, [client, connection, symbol, store]);
  return useFrameStore(store);
}
