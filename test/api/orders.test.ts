// The REST trading routes through inject(): entry, idempotent retries, fills, queries,
// cancel, replace, mass cancel, the dead-man's switch, operator routes, and 503 when
// the sequencer stopped.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { limitOrder, makeHarness, signed, type Harness } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => h.close());

interface Order {
  orderId: number;
  status: string;
  qty: string;
  filledQty: string;
  leavesQty: string;
  price: string | null;
  avgPrice: string | null;
  clientOrderId: string;
}

describe('public routes', () => {
  it('time, instruments, book with seq, trades', async () => {
    expect((await h.app.inject({ url: '/v1/time' })).json()).toEqual({ timeMs: h.clock.nowMs() });
    const instruments = (await h.app.inject({ url: '/v1/instruments' })).json<{ instruments: { symbol: string }[] }>();
    expect(instruments.instruments.map((i) => i.symbol)).toEqual(['TOKZ26', 'H100Z26']);
    expect(instruments.instruments[0]).toEqual({
      symbol: 'TOKZ26',
      tickSize: '0.01',
      lotSize: '1',
      priceMin: '0.01',
      priceMax: '100000.00',
      qtyMax: '100000',
    });
    await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder({ price: '12.00', clientOrderId: 'b1' }) });
    await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder({ price: '12.50', clientOrderId: 'b2' }) });
    await signed(h, h.bob, 'POST', '/v1/orders', { body: limitOrder({ side: 'sell', price: '13.00', qty: '2', clientOrderId: 's1' }) });
    const book = await h.app.inject({ url: '/v1/book/TOKZ26?depth=1' });
    expect(book.json()).toEqual({ symbol: 'TOKZ26', seq: h.exchange.engine.lastSeq, bids: [['12.50', '5']], asks: [['13.00', '2']] });
    expect((await h.app.inject({ url: '/v1/book/TOKZ26' })).json<{ bids: unknown[] }>().bids).toHaveLength(2);
    expect((await h.app.inject({ url: '/v1/book/NOPEZ26' })).json()).toMatchObject({ code: 2001, reason: 'unknown_instrument' });
    await signed(h, h.bob, 'POST', '/v1/orders', {
      body: limitOrder({ side: 'sell', type: 'limit', price: '12.50', qty: '3', tif: 'ioc', clientOrderId: 's2' }),
    });
    const trades = (await h.app.inject({ url: '/v1/trades/TOKZ26?limit=5' })).json<{ trades: unknown[] }>();
    expect(trades).toMatchObject({ symbol: 'TOKZ26', trades: [{ tradeId: 1, price: '12.50', qty: '3', aggressorSide: 'sell' }] });
  });
});

describe('order entry', () => {
  it('accepts, answers 201 with the order state, and journals once', async () => {
    const before = h.journal.lastSeq();
    const response = await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder() });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      orderId: 1,
      clientOrderId: 'c1',
      account: 'alice',
      symbol: 'TOKZ26',
      side: 'buy',
      type: 'limit',
      tif: 'gtc',
      status: 'new',
      price: '12.34',
      qty: '5',
      filledQty: '0',
      leavesQty: '5',
      avgPrice: null,
      rejection: null,
      createdSeq: before + 1,
      createdTsMs: h.clock.nowMs(),
    });
    expect(h.journal.lastSeq()).toBe(before + 1);
  });

  it('answers a retry with the stored order and journals nothing', async () => {
    const first = await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder() });
    const seq = h.journal.lastSeq();
    h.clock.advance(1);
    const retry = await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder({ qty: '7' }) });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['tokex-idempotent-replay']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(h.journal.lastSeq()).toBe(seq);
    // The same clientOrderId is another order for another account.
    expect((await signed(h, h.bob, 'POST', '/v1/orders', { body: limitOrder() })).json()).toMatchObject({ orderId: 2, account: 'bob' });
  });

  it('sends concurrent retries once', async () => {
    const seq = h.journal.lastSeq();
    const answers = await Promise.all(
      [0, 1, 2].map((i) =>
        signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder({ clientOrderId: 'same' }), timestamp: h.clock.nowMs() + i }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.json<Order>().orderId)).size).toBe(1);
    expect(h.journal.lastSeq()).toBe(seq + 1);
  });

  it('answers an engine rejection with 422 and the rejected order, and a retry the same without journaling', async () => {
    await signed(h, h.bob, 'POST', '/v1/orders', { body: limitOrder({ side: 'sell', price: '12.00', clientOrderId: 'ask' }) });
    const body = limitOrder({ price: '12.00', postOnly: true, clientOrderId: 'po' });
    const rejected = await signed(h, h.alice, 'POST', '/v1/orders', { body });
    expect(rejected.statusCode).toBe(422);
    expect(rejected.json()).toMatchObject({
      code: 5002,
      reason: 'post_only_would_take',
      message: expect.any(String) as string,
      order: { orderId: null, clientOrderId: 'po', status: 'rejected', rejection: { code: 5002, reason: 'post_only_would_take' } },
    });
    const seq = h.journal.lastSeq();
    h.clock.advance(1);
    const retry = await signed(h, h.alice, 'POST', '/v1/orders', { body });
    expect(retry.statusCode).toBe(422);
    expect(retry.json()).toEqual(rejected.json());
    expect(h.journal.lastSeq()).toBe(seq);
  });

  it('fills, queries orders and fills of the own account only', async () => {
    const bid = (await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder({ qty: '10', price: '12.00' }) })).json<Order>();
    const ask = await signed(h, h.bob, 'POST', '/v1/orders', {
      body: limitOrder({ side: 'sell', qty: '4', price: '11.00', clientOrderId: 'x' }),
    });
    expect(ask.json()).toMatchObject({ status: 'filled', filledQty: '4', leavesQty: '0', avgPrice: '12.00' });
    const mine = (await signed(h, h.alice, 'GET', `/v1/orders/${bid.orderId}`)).json<Order>();
    expect(mine).toMatchObject({ status: 'partially_filled', filledQty: '4', leavesQty: '6', avgPrice: '12.00' });
    expect((await signed(h, h.alice, 'GET', '/v1/orders/by-client-id/c1')).json()).toEqual(mine);
    const open = (await signed(h, h.alice, 'GET', '/v1/orders?status=open')).json<{ orders: Order[] }>();
    expect(open.orders.map((o) => o.orderId)).toEqual([bid.orderId]);
    expect((await signed(h, h.bob, 'GET', '/v1/orders')).json()).toEqual({ orders: [] });
    expect((await signed(h, h.bob, 'GET', '/v1/orders?status=all&symbol=TOKZ26')).json<{ orders: Order[] }>().orders).toHaveLength(1);
    expect((await signed(h, h.bob, 'GET', '/v1/orders?status=all&symbol=H100Z26')).json()).toEqual({ orders: [] });
    const fills = (await signed(h, h.alice, 'GET', '/v1/fills')).json<{ fills: unknown[] }>();
    expect(fills.fills).toEqual([
      expect.objectContaining({ tradeId: 1, orderId: bid.orderId, side: 'buy', price: '12.00', qty: '4', liquidity: 'maker' }),
    ]);
    expect((await signed(h, h.bob, 'GET', '/v1/fills?symbol=TOKZ26&limit=1')).json()).toMatchObject({ fills: [{ liquidity: 'taker' }] });
  });
});

describe('average price', () => {
  it("is the fills' notional over the filled quantity, truncated at four decimals beyond the tick", async () => {
    await signed(h, h.bob, 'POST', '/v1/orders', { body: limitOrder({ side: 'sell', price: '12.00', qty: '1', clientOrderId: 'a1' }) });
    await signed(h, h.bob, 'POST', '/v1/orders', { body: limitOrder({ side: 'sell', price: '12.01', qty: '2', clientOrderId: 'a2' }) });
    const taker = await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder({ price: '12.01', qty: '3', tif: 'ioc' }) });
    // (12.00 + 2 x 12.01) / 3 = 12.00666...
    expect(taker.json()).toMatchObject({ status: 'filled', filledQty: '3', avgPrice: '12.006666' });
  });
});

describe('cancel, replace, mass cancel', () => {
  it('cancels an own working order; a second cancel is refused without journaling', async () => {
    const order = (await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder() })).json<Order>();
    const cancelled = await signed(h, h.alice, 'DELETE', `/v1/orders/${order.orderId}`);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ orderId: order.orderId, status: 'cancelled', leavesQty: '0', endReason: 'requested' });
    const seq = h.journal.lastSeq();
    h.clock.advance(1);
    const again = await signed(h, h.alice, 'DELETE', `/v1/orders/${order.orderId}`);
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({
      code: 3019,
      reason: 'unknown_order',
      message: `orderId: order ${order.orderId} is cancelled, not working`,
    });
    expect(h.journal.lastSeq()).toBe(seq);
  });

  it('replaces quantity, price and client order id', async () => {
    const order = (await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder() })).json<Order>();
    const smaller = await signed(h, h.alice, 'PATCH', `/v1/orders/${order.orderId}`, { body: { qty: '3' } });
    expect(smaller.json()).toMatchObject({ qty: '3', leavesQty: '3', price: '12.34' });
    const moved = await signed(h, h.alice, 'PATCH', `/v1/orders/${order.orderId}`, { body: { price: '12.40', newClientOrderId: 'c1b' } });
    expect(moved.json()).toMatchObject({ qty: '3', price: '12.40', clientOrderId: 'c1b' });
    expect((await h.app.inject({ url: '/v1/book/TOKZ26' })).json()).toMatchObject({ bids: [['12.40', '3']] });
    const unchanged = await signed(h, h.alice, 'PATCH', `/v1/orders/${order.orderId}`, { body: { price: '12.40' } });
    expect(unchanged.statusCode).toBe(422);
    expect(unchanged.json()).toMatchObject({ code: 3021, reason: 'replace_no_change' });
    const offTick = await signed(h, h.alice, 'PATCH', `/v1/orders/${order.orderId}`, { body: { price: '12.401' } });
    expect(offTick.json()).toMatchObject({ code: 3001, reason: 'price_not_on_tick', message: expect.stringMatching(/^price: /) as string });
  });

  it('mass cancels the own account only, by symbol or all', async () => {
    await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder({ clientOrderId: 'a1' }) });
    await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder({ clientOrderId: 'a2', symbol: 'H100Z26' }) });
    await signed(h, h.bob, 'POST', '/v1/orders', { body: limitOrder({ clientOrderId: 'b1' }) });
    const bySymbol = (await signed(h, h.alice, 'DELETE', '/v1/orders?symbol=TOKZ26')).json<{ orders: Order[] }>();
    expect(bySymbol.orders.map((o) => [o.clientOrderId, o.status])).toEqual([['a1', 'cancelled']]);
    const all = (await signed(h, h.alice, 'DELETE', '/v1/orders')).json<{ orders: Order[] }>();
    expect(all.orders.map((o) => o.clientOrderId)).toEqual(['a2']);
    expect((await signed(h, h.bob, 'GET', '/v1/orders')).json<{ orders: Order[] }>().orders).toHaveLength(1);
    expect((await signed(h, h.alice, 'DELETE', '/v1/orders?symbol=NOPEZ26')).json()).toMatchObject({ code: 2001 });
  });

  it('operators mass cancel across accounts', async () => {
    await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder({ clientOrderId: 'a1' }) });
    await signed(h, h.bob, 'POST', '/v1/orders', { body: limitOrder({ clientOrderId: 'b1', side: 'sell', price: '20.00' }) });
    const cancelled = (await signed(h, h.operator, 'POST', '/v1/admin/mass-cancel', { body: { symbol: 'TOKZ26' } })).json<{
      orders: Order[];
    }>();
    expect(cancelled.orders.map((o) => o.clientOrderId).sort()).toEqual(['a1', 'b1']);
    const seq = h.journal.lastSeq();
    const sideOnly = await signed(h, h.operator, 'POST', '/v1/admin/mass-cancel', { body: { side: 'buy' } });
    expect(sideOnly.statusCode).toBe(400);
    expect(sideOnly.json()).toMatchObject({ code: 1002, reason: 'field_missing', message: 'account: account or symbol is required' });
    expect(h.journal.lastSeq()).toBe(seq);
  });
});

describe("dead-man's switch", () => {
  it('cancels all orders of the account when not re-armed, and not when disarmed', async () => {
    await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder() });
    await signed(h, h.bob, 'POST', '/v1/orders', { body: limitOrder() });
    const armed = await signed(h, h.alice, 'POST', '/v1/cancel-all-after', { body: { timeoutMs: 60 } });
    expect(armed.json()).toEqual({ timeoutMs: 60, triggerAtMs: h.clock.nowMs() + 60 });
    const bobArmed = await signed(h, h.bob, 'POST', '/v1/cancel-all-after', { body: { timeoutMs: 60 } });
    expect(bobArmed.statusCode).toBe(200);
    expect((await signed(h, h.bob, 'POST', '/v1/cancel-all-after', { body: { timeoutMs: 0 } })).json()).toEqual({
      timeoutMs: 0,
      triggerAtMs: null,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await signed(h, h.alice, 'GET', '/v1/orders/1')).json()).toMatchObject({ status: 'cancelled', endReason: 'mass_cancel' });
    expect((await signed(h, h.bob, 'GET', '/v1/orders/2')).json()).toMatchObject({ status: 'new' });
  });
});

describe('a stopped sequencer', () => {
  it('answers 503 and keeps answering reads', async () => {
    await h.journal.close();
    const failed = await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder() });
    expect(failed.statusCode).toBe(503);
    expect(failed.json()).toMatchObject({ code: 1110, reason: 'unavailable', message: expect.stringMatching(/^exchange: /) as string });
    expect((await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder({ clientOrderId: 'c2' }) })).statusCode).toBe(503);
    expect((await h.app.inject({ url: '/v1/book/TOKZ26' })).statusCode).toBe(200);
  });
});
