// The ticket's checks: off-tick prices, zero and fractional quantities and orders beyond
// the margin are refused with the field named; the margin estimate is the clearing
// house's for an outright position (1.05 scan ranges), and an order that reduces the
// position needs none.
import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../../src/client/index.ts';
import { checkTicket, orderRequest, type MarginContext, type TicketFields } from './ticket-checks.ts';

const tok: Instrument = { symbol: 'TOKZ26', tickSize: '0.001', lotSize: '1', priceMin: '0.001', priceMax: '1000.000', qtyMax: '500' };
const fields = (change: Partial<TicketFields> = {}): TicketFields => ({
  side: 'buy',
  type: 'limit',
  price: '5.114',
  qty: '1',
  tif: 'gtc',
  ...change,
});
const margin = (change: Partial<MarginContext> = {}): MarginContext => ({
  tickValueMinor: 100n,
  initialBps: 1200,
  minorDigits: 2,
  currency: 'USD',
  netLots: 0n,
  availableMinor: 2_000_000n,
  marketPrice: '5.120',
  ...change,
});

describe('order ticket checks', () => {
  it('accepts a good order and estimates its margin exactly', () => {
    // psr = ceil(5114 x 100 x 1200 / 10 000) = 61 368 minor; 1.05 x psr = 64 436.4 -> 64 437 minor.
    const check = checkTicket(fields(), tok, margin());
    expect(check).toEqual({ problems: {}, marginNeeded: '644.37 USD', ok: true });
    expect(orderRequest(fields(), 'TOKZ26', 'c1')).toEqual({
      symbol: 'TOKZ26',
      side: 'buy',
      type: 'limit',
      tif: 'gtc',
      price: '5.114',
      qty: '1',
      clientOrderId: 'c1',
    });
  });

  it('refuses a price off the tick, out of range or not a number', () => {
    expect(checkTicket(fields({ price: '5.1145' }), tok, null).problems.price).toBe('price must be a multiple of the tick 0.001');
    expect(checkTicket(fields({ price: '0' }), tok, null).problems.price).toBe('price must be from 0.001 to 1000.000');
    expect(checkTicket(fields({ price: '5,1' }), tok, null).problems.price).toBe('price must be a plain decimal such as 0.001');
    expect(checkTicket(fields({ price: ' ' }), tok, null).problems.price).toBe('enter a price');
  });

  it('refuses a zero, fractional or oversized quantity', () => {
    expect(checkTicket(fields({ qty: '0' }), tok, null).problems.qty).toBe('quantity must be more than zero');
    expect(checkTicket(fields({ qty: '1.5' }), tok, null).problems.qty).toBe('quantity must be a whole number of lots of 1');
    expect(checkTicket(fields({ qty: '501' }), tok, null).problems.qty).toBe('quantity must be at most 500');
  });

  it('refuses an order beyond the available collateral, and not one that reduces the position', () => {
    const check = checkTicket(fields({ qty: '40' }), tok, margin({ availableMinor: 100_000n }));
    expect(check.ok).toBe(false);
    expect(check.problems.margin).toBe('not enough margin: the order needs 25,774.56 USD, 1,000.00 USD is available');
    expect(checkTicket(fields({ side: 'sell', qty: '40' }), tok, margin({ availableMinor: 0n, netLots: 40n })).ok).toBe(true);
  });

  it('estimates a market order at the best opposite price and sends it as immediate or cancel', () => {
    expect(checkTicket(fields({ type: 'market', price: '' }), tok, margin()).marginNeeded).toBe('645.12 USD');
    expect(orderRequest(fields({ type: 'market' }), 'TOKZ26', 'c2')).toMatchObject({ type: 'market', tif: 'ioc' });
    expect(orderRequest(fields({ type: 'market' }), 'TOKZ26', 'c2')).not.toHaveProperty('price');
  });
});
