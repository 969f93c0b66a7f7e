/**
 * Clearing through the API: the operator sets up accounts and collateral, traders see
 * their collateral, margin and positions, orders beyond margin are refused with 422, and
 * a settlement run pays variation margin. Bad input names the field and journals nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { limitOrder, makeHarness, setUpTestClearing, signed, type Harness } from './harness.ts';

let h: Harness;

beforeEach(async () => {
  h = await makeHarness();
  await setUpTestClearing(h);
});
afterEach(async () => h.close());

async function openAndFund(account: string, amount: string): Promise<void> {
  const opened = await signed(h, h.operator, 'POST', '/v1/admin/clearing/accounts', { body: { account, member: 'M1', kind: 'customer' } });
  expect(opened.statusCode).toBe(200);
  const funded = await signed(h, h.operator, 'POST', '/v1/admin/clearing/collateral', {
    body: { account, movement: 'deposit', currency: 'USD', amount },
  });
  expect(funded.statusCode).toBe(200);
}

describe('clearing API', () => {
  it('shows collateral and margin, refuses an order beyond margin, and pays variation margin', async () => {
    await openAndFund('alice', '5000.00');
    await openAndFund('bob', '5000.00');
    const account = await signed(h, h.alice, 'GET', '/v1/account');
    expect(account.statusCode).toBe(200);
    expect(account.json()).toMatchObject({
      account: 'alice',
      currencies: [{ currency: 'USD', collateral: '5000.00', initialMargin: '0.00' }],
    });

    // One lot needs about 1.05 x 10% x 12.34 x 100 = 129.57 USD of initial margin; 50 lots need about 6,500.
    const tooBig = await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder({ qty: '50', clientOrderId: 'big' }) });
    expect(tooBig.statusCode).toBe(422);
    expect(tooBig.json()).toMatchObject({ reason: 'margin_insufficient' });

    expect(
      (await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder({ side: 'sell', qty: '2', clientOrderId: 's1' }) })).statusCode,
    ).toBe(201);
    expect((await signed(h, h.bob, 'POST', '/v1/orders', { body: limitOrder({ qty: '2', clientOrderId: 'b1' }) })).statusCode).toBe(201);
    const positions = await signed(h, h.bob, 'GET', '/v1/positions');
    expect(positions.json()).toEqual({ positions: [{ symbol: 'TOKZ26', netQty: '2', boughtToday: '2', soldToday: '0' }] });

    const settled = await signed(h, h.operator, 'POST', '/v1/admin/clearing/settlements', {
      body: { date: '2026-11-23', cycle: 'end_of_day', prices: { TOKZ26: '12.44' } },
    });
    expect(settled.statusCode).toBe(200);
    // 10 ticks x 2 lots x 1.00 USD: bob +20.00, alice -20.00. (The clock moves so the
    // repeated GET is not refused as a replayed signature.)
    h.clock.advance(1);
    const bob = (await signed(h, h.bob, 'GET', '/v1/account')).json<{ currencies: { collateral: string }[] }>();
    const alice = (await signed(h, h.alice, 'GET', '/v1/account')).json<{ currencies: { collateral: string }[] }>();
    expect([bob.currencies[0]!.collateral, alice.currencies[0]!.collateral]).toEqual(['5020.00', '4980.00']);
    // The end-of-day cycle closed the trading day: the position stays, the day's counts start again.
    h.clock.advance(1);
    const after = await signed(h, h.bob, 'GET', '/v1/positions');
    expect(after.json()).toEqual({ positions: [{ symbol: 'TOKZ26', netQty: '2', boughtToday: '0', soldToday: '0' }] });
  });

  it('refuses bad clearing input with the field named and journals nothing', async () => {
    await openAndFund('alice', '100.00');
    const before = h.journal.lastSeq();
    const cases: [string, string, unknown, number, string][] = [
      ['POST', '/v1/admin/clearing/collateral', { account: 'alice', movement: 'deposit', currency: 'USD', amount: '1.005' }, 400, 'amount'],
      ['POST', '/v1/admin/clearing/collateral', { account: 'alice', movement: 'deposit', currency: 'XYZ', amount: '1' }, 400, 'currency'],
      ['POST', '/v1/admin/clearing/settlements', { date: '2026-11-23', cycle: 'end_of_day', prices: { NOPE: '1.00' } }, 400, 'prices.NOPE'],
      ['POST', '/v1/admin/clearing/accounts', { account: 'x', member: 'M1', kind: 'whale' }, 400, 'kind'],
    ];
    for (const [method, url, body, status, field] of cases) {
      const response = await signed(h, h.operator, method, url, { body });
      expect(response.statusCode, url).toBe(status);
      expect(response.json<{ message: string }>().message, url).toContain(field);
    }
    expect(h.journal.lastSeq()).toBe(before);
    // A withdrawal beyond the excess is journaled and refused by the clearing house.
    const overdraw = await signed(h, h.operator, 'POST', '/v1/admin/clearing/collateral', {
      body: { account: 'alice', movement: 'withdrawal', currency: 'USD', amount: '100.01' },
    });
    expect(overdraw.statusCode).toBe(422);
    expect(overdraw.json()).toMatchObject({ reason: 'withdrawal_exceeds_excess' });
    // Traders cannot use operator routes.
    expect(
      (await signed(h, h.alice, 'POST', '/v1/admin/clearing/accounts', { body: { account: 'y', member: 'M1', kind: 'customer' } }))
        .statusCode,
    ).toBe(403);
  });
});
