// The ladder's rows: asks above bids, cumulative sizes from the best price outward, and
// the account's own working size at its price.
import { describe, expect, it } from 'vitest';
import type { Order } from '../../../src/client/index.ts';
import { ladderRows } from './book-view.ts';

const own = (side: 'buy' | 'sell', price: string, leavesQty: string, status: Order['status'] = 'new'): Order => ({
  orderId: 1,
  clientOrderId: 'c',
  account: 'alice',
  symbol: 'TOKZ26',
  side,
  type: 'limit',
  tif: 'gtc',
  status,
  price,
  stopPrice: null,
  qty: leavesQty,
  filledQty: '0',
  leavesQty,
  avgPrice: null,
  displayQty: null,
  minQty: null,
  expireAtMs: null,
  postOnly: false,
  stpMode: 'none',
  triggered: false,
  endReason: null,
  rejection: null,
  createdSeq: 1,
  createdTsMs: 1,
  updatedSeq: 1,
  updatedTsMs: 1,
});

describe('ladder rows', () => {
  it('stacks asks over bids with cumulative sizes and own orders', () => {
    const book = {
      bids: [
        ['5.100', '3'],
        ['5.099', '4'],
      ],
      asks: [
        ['5.101', '2'],
        ['5.102', '5'],
      ],
    } as const;
    const rows = ladderRows(book, [own('buy', '5.1', '2'), own('buy', '5.099', '9', 'cancelled')], '0.001', '1');
    expect(rows.map((r) => [r.side, r.price, r.qty, r.cumulative, r.own])).toEqual([
      ['ask', '5.102', '5', '7', null],
      ['ask', '5.101', '2', '2', null],
      ['bid', '5.100', '3', '3', '2'],
      ['bid', '5.099', '4', '7', null],
    ]);
    expect(rows[0]?.share).toBe(1);
  });
});
