/**
 * The ladder's rows from a book: asks above (highest first), bids below (best first),
 * each level with its size, the cumulative size from the best price outward, and the
 * account's own working size at that price and side. Sizes are summed exactly in lots
 * (bigint); `share` (cumulative / largest cumulative) is a number for bar widths only.
 * O(levels + own orders).
 */
import type { Order } from '../../../src/client/index.ts';
import { formatSteps, stepsOf } from './decimal.ts';

export interface LadderRow {
  readonly side: 'bid' | 'ask';
  readonly price: string;
  readonly qty: string;
  readonly cumulative: string;
  /** The account's working quantity at this price and side, or null. */
  readonly own: string | null;
  readonly share: number;
}

export interface BookLevels {
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
}

export function ladderRows(book: BookLevels, ownOrders: readonly Order[], tickSize: string, lotSize: string): LadderRow[] {
  const own = ownByLevel(ownOrders, tickSize, lotSize);
  const side = (levels: BookLevels['bids'], name: 'bid' | 'ask'): { rows: Omit<LadderRow, 'share'>[]; total: bigint } => {
    let cumulative = 0n;
    const rows = levels.map(([price, qty]) => {
      cumulative += stepsOf(qty, lotSize);
      const mine = own.get(`${name}|${stepsOf(price, tickSize)}`);
      return {
        side: name,
        price,
        qty,
        cumulative: formatSteps(cumulative, lotSize),
        own: mine === undefined ? null : formatSteps(mine, lotSize),
      };
    });
    return { rows, total: cumulative };
  };
  const asks = side(book.asks, 'ask');
  const bids = side(book.bids, 'bid');
  const largest = Number(asks.total > bids.total ? asks.total : bids.total) || 1;
  const withShare = (row: Omit<LadderRow, 'share'>): LadderRow => ({
    ...row,
    share: Number(stepsOf(row.cumulative, lotSize)) / largest,
  });
  return [...asks.rows.map(withShare).reverse(), ...bids.rows.map(withShare)];
}

/** Own working quantity by `side|priceTicks`. */
function ownByLevel(orders: readonly Order[], tickSize: string, lotSize: string): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const order of orders) {
    if (order.price === null || (order.status !== 'new' && order.status !== 'partially_filled')) continue;
    if (order.stopPrice !== null && !order.triggered) continue;
    const key = `${order.side === 'buy' ? 'bid' : 'ask'}|${stepsOf(order.price, tickSize)}`;
    out.set(key, (out.get(key) ?? 0n) + stepsOf(order.leavesQty, lotSize));
  }
  return out;
}
