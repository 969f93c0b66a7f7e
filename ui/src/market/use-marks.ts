/**
 * Mark prices for P&L: the last trade of each symbol, read over REST every `markRefreshMs`
 * (public route, no signing); the symbol on screen passes its live trades instead.
 */
import { useEffect, useState } from 'react';
import type { TokexClient } from '../../../src/client/index.ts';

export const markRefreshMs = 5_000;

export function useMarks(client: TokexClient, symbols: readonly string[]): ReadonlyMap<string, string> {
  const [marks, setMarks] = useState<ReadonlyMap<string, string>>(new Map());
  const key = [...symbols].sort().join(',');
  useEffect(() => {
    let live = true;
    const list = key.split(',').filter((s) => s.length > 0);
    const read = (): void => {
      Promise.all(list.map(async (symbol) => [symbol, (await client.trades(symbol, 1))[0]?.price] as const))
        .then((pairs) => {
          if (!live) return;
          const next = new Map<string, string>();
          for (const [symbol, price] of pairs) if (price !== undefined) next.set(symbol, price);
          setMarks(next);
        })
        .catch(() => undefined);
    };
    read();
    const timer = setInterval(read, markRefreshMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client, key]);
  return marks;
}
