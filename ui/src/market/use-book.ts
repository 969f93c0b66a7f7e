/**
 * The live order book of one symbol for React: the SDK's BookBuilder applies every
 * update as it arrives (a thousand a second is fine: O(levels) each), and a FrameStore
 * holds a copy of the top levels made at most once per animation frame. Only the parts
 * that show the book subscribe to it (the ladder, the depth chart, the ticket's best
 * price), so the rest of the page does not re-render with the book.
 */
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { BookBuilder } from '../../../src/client/index.ts';
import { FrameStore } from '../lib/frame-store.ts';
import type { LiveConnection } from './live-connection.ts';

export interface BookView {
  readonly symbol: string;
  /** Seq of the last applied book message; null before the first snapshot or after a gap. */
  readonly seq: number | null;
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
}

export type BookStore = FrameStore<BookView>;

export const bookDepthShown = 50;

function viewOf(book: BookBuilder): BookView {
  return { symbol: book.symbol, seq: book.seq, bids: book.bids(bookDepthShown), asks: book.asks(bookDepthShown) };
}

/** The book store of `symbol`, fed by the connection while the component is mounted. */
export function useBookStore(connection: LiveConnection, symbol: string): BookStore {
  const store = useMemo(() => new FrameStore<BookView>({ symbol, seq: null, bids: [], asks: [] }), [symbol]);
  useEffect(() => {
    const detach = connection.watchBook(symbol, (book) => store.markDirty(() => viewOf(book)));
    return () => {
      detach();
      store.dispose();
    };
  }, [connection, symbol, store]);
  return store;
}

/** The best price of one side (a string, so React re-renders only when it changes). */
export function useBestPrice(store: BookStore, side: 'bid' | 'ask'): string | null {
  return useSyncExternalStore(store.subscribe, () => (side === 'bid' ? store.get().bids[0]?.[0] : store.get().asks[0]?.[0]) ?? null);
}
