// The SDK's REST client against a listening server: every route, signed, over fetch.
import { testClearingCommands } from '../api/harness.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { TokexApiError, TokexClient } from '../../src/client/index.ts';
import { statementCsv } from '../../src/core/clearing/index.ts';
import type { EngineCommand } from '../../src/core/engine/index.ts';
import { makeLiveHarness, waitFor, type LiveHarness } from './ws-harness.ts';

let h: LiveHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('TokexClient', () => {
  it('calls every route', async () => {
    h = await makeLiveHarness();
    const live = h;
    const anonymous = new TokexClient({ baseUrl: live.baseUrl });
    const alice = live.rest(live.alice);
    const bob = live.rest(live.bob);
    const ops = live.rest(live.operator);
    expect(await anonymous.time()).toBe(live.clock.nowMs());
    expect((await anonymous.instruments()).map((i) => i.symbol)).toEqual(['TOKZ26', 'H100Z26']);
    const order = await alice.submitOrder({
      symbol: 'H100Z26',
      side: 'buy',
      type: 'limit',
      tif: 'gtc',
      qty: '10',
      price: '2.15',
      clientOrderId: 'gpu-1',
    });
    expect(order).toMatchObject({ orderId: 1, status: 'new' });
    expect(await anonymous.book('H100Z26', 5)).toMatchObject({ symbol: 'H100Z26', bids: [['2.15', '10']], asks: [] });
    await bob.submitOrder({ symbol: 'H100Z26', side: 'sell', type: 'market', tif: 'ioc', qty: '4', clientOrderId: 'gpu-hit' });
    expect(await anonymous.trades('H100Z26', 10)).toMatchObject([{ price: '2.15', qty: '4' }]);
    expect(await alice.order(1)).toMatchObject({ status: 'partially_filled', leavesQty: '6' });
    expect(await alice.orderByClientId('gpu-1')).toMatchObject({ orderId: 1 });
    expect(await alice.orders({ status: 'open' })).toHaveLength(1);
    expect(await bob.orders({ status: 'all', symbol: 'H100Z26', limit: 5 })).toMatchObject([{ status: 'filled' }]);
    expect(await alice.fills({ symbol: 'H100Z26' })).toMatchObject([{ qty: '4', liquidity: 'maker' }]);
    expect(await alice.replaceOrder(1, { qty: '8', price: '2.10' })).toMatchObject({ qty: '8', leavesQty: '4', price: '2.10' });
    expect(await alice.cancelOrder(1)).toMatchObject({ status: 'cancelled' });
    await alice.submitOrder({ symbol: 'TOKZ26', side: 'sell', type: 'limit', tif: 'gtc', qty: '1', price: '30.00', clientOrderId: 't-1' });
    expect(await alice.massCancel({ symbol: 'TOKZ26' })).toMatchObject([{ clientOrderId: 't-1', status: 'cancelled' }]);
    expect(await alice.massCancel()).toEqual([]);
    await alice.submitOrder({ symbol: 'TOKZ26', side: 'sell', type: 'limit', tif: 'gtc', qty: '1', price: '30.00', clientOrderId: 't-2' });
    const armed = await alice.cancelAllAfter(50);
    expect(armed.timeoutMs).toBe(50);
    await waitFor(async () => (await alice.orders()).length === 0, 'the dead-man switch');
    expect(await ops.adminStatus()).toMatchObject({ seq: live.exchange.engine.lastSeq, failed: false });
    await bob.submitOrder({ symbol: 'TOKZ26', side: 'buy', type: 'limit', tif: 'gtc', qty: '1', price: '1.00', clientOrderId: 'b-1' });
    expect(await ops.adminMassCancel({ account: 'bob' })).toMatchObject([{ clientOrderId: 'b-1' }]);
    const forbidden = await alice.adminStatus().catch((error: unknown) => error);
    expect(forbidden).toBeInstanceOf(TokexApiError);
    expect(forbidden).toMatchObject({ status: 403, code: 1105, reason: 'forbidden' });
  });

  it('calls the clearing routes: account, positions, margin, settlements and statements', async () => {
    h = await makeLiveHarness();
    const live = h;
    const alice = live.rest(live.alice);
    const bob = live.rest(live.bob);
    expect(await alice.margin().catch((error: unknown) => error)).toMatchObject({ status: 422, message: 'clearing: not set up' });
    const commands: EngineCommand[] = [
      ...testClearingCommands,
      { type: 'AddClearingMember', member: 'M1' },
      { type: 'OpenClearingAccount', account: 'alice', member: 'M1', kind: 'customer' },
      { type: 'OpenClearingAccount', account: 'bob', member: 'M1', kind: 'customer' },
      { type: 'MoveCollateral', movement: 'deposit', party: 'alice', currency: 'USD', amountMinor: '500000' },
      { type: 'MoveCollateral', movement: 'deposit', party: 'bob', currency: 'USD', amountMinor: '500000' },
    ];
    for (const command of commands) await live.exchange.submit(command);
    const order = { symbol: 'TOKZ26', type: 'limit', tif: 'gtc', price: '12.34', qty: '3' } as const;
    await alice.submitOrder({ ...order, side: 'sell', clientOrderId: 's1' });
    await bob.submitOrder({ ...order, side: 'buy', clientOrderId: 'b1' });
    await live.exchange.submit({ type: 'RunSettlement', date: '2026-11-23', cycle: 'end_of_day', prices: [['TOKZ26', 1_240]] });
    expect(await bob.account()).toMatchObject({ account: 'bob', currencies: [{ currency: 'USD', collateral: '5018.00' }] });
    expect(await bob.positions()).toMatchObject([{ symbol: 'TOKZ26', netQty: '3' }]);
    expect(await bob.margin()).toMatchObject({ account: 'bob', products: [{ root: 'TOK', currency: 'USD' }] });
    expect(await bob.settlements({ limit: 10 })).toMatchObject([{ date: '2026-11-23', cycle: 'end_of_day', amount: '18.00' }]);
    expect(await alice.settlements()).toMatchObject([{ amount: '-18.00' }]);
    expect(await bob.statement('2026-11-23')).toMatchObject({ account: 'bob', positions: [{ averagePrice: '12.34' }] });
    const csv = await bob.statementCsv('2026-11-23');
    expect(csv).toBe(statementCsv(live.exchange.engine.clearing!.statementOf('bob')!));
    expect(await bob.statementCsv('2026-11-24').catch((error: unknown) => error)).toMatchObject({ status: 404, reason: 'route_not_found' });
  });

  it('surfaces rejections with the order and rate limits with Retry-After', async () => {
    h = await makeLiveHarness({ limits: { rateLimit: { ratePerSec: 1, burst: 3 } } });
    const alice = h.rest(h.alice);
    const rejected = await alice
      .submitOrder({ symbol: 'TOKZ26', side: 'buy', type: 'market', tif: 'ioc', qty: '1', clientOrderId: 'm-1' })
      .catch((error: unknown) => error);
    expect(rejected).toMatchObject({
      status: 422,
      code: 5003,
      reason: 'no_liquidity',
      order: { clientOrderId: 'm-1', status: 'rejected' },
    });
    await alice.orders();
    await alice.orders();
    expect(await alice.orders().catch((error: unknown) => error)).toMatchObject({ status: 429, reason: 'rate_limited', retryAfterSec: 1 });
  });
});
