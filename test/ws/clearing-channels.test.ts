// The private clearing channels with the real SDK against a listening server: `positions`
// and `margin` send the current state on subscribe, then the account's own state after
// trades, settlement cycles, margin calls issued and met, and collateral moves; another
// account's events never reach them; they need a login and clearing to say anything.
import { testClearingCommands } from '../api/harness.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { TokexApiError, type MarginMessage, type PositionsMessage } from '../../src/client/index.ts';
import type { EngineCommand } from '../../src/core/engine/index.ts';
import { makeLiveHarness, waitFor, type LiveHarness } from './ws-harness.ts';

let h: LiveHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function submit(live: LiveHarness, command: EngineCommand): Promise<void> {
  const applied = await live.exchange.submit(command);
  expect(applied.events.find((event) => event.type === 'ClearingCommandRejected')).toBeUndefined();
}

async function setUp(live: LiveHarness): Promise<void> {
  const commands: EngineCommand[] = [
    ...testClearingCommands,
    { type: 'AddClearingMember', member: 'M1' },
    { type: 'OpenClearingAccount', account: 'alice', member: 'M1', kind: 'customer' },
    { type: 'OpenClearingAccount', account: 'bob', member: 'M1', kind: 'customer' },
    { type: 'MoveCollateral', movement: 'deposit', party: 'alice', currency: 'USD', amountMinor: '500000' },
    { type: 'MoveCollateral', movement: 'deposit', party: 'bob', currency: 'USD', amountMinor: '32000' },
  ];
  for (const command of commands) await submit(live, command);
}

describe('positions and margin channels', () => {
  it("send the account's own positions and margin after trades, settlements, calls and collateral moves", async () => {
    h = await makeLiveHarness();
    const live = h;
    await setUp(live);
    const bob = live.socket(live.bob);
    const alice = live.socket(live.alice);
    await Promise.all([bob.open(), alice.open()]);
    await Promise.all([bob.login(), alice.login()]);
    const bobPositions: PositionsMessage[] = [];
    const bobMargin: MarginMessage[] = [];
    const aliceMargin: MarginMessage[] = [];
    await bob.positions((message) => bobPositions.push(message));
    const stopMargin = await bob.margin((message) => bobMargin.push(message));
    await alice.margin((message) => aliceMargin.push(message));

    // The current state on subscribe.
    await waitFor(() => bobPositions.length === 1 && bobMargin.length === 1 && aliceMargin.length === 1, 'the first messages');
    expect(bobPositions[0]!.positions).toEqual([]);
    expect(bobMargin[0]!.margin).toMatchObject({
      account: 'bob',
      currencies: [{ currency: 'USD', equity: '320.00', initialMargin: '0.00', excess: '320.00' }],
      products: [],
      openCall: null,
    });

    // A trade: both channels, with what REST says.
    const order = { symbol: 'TOKZ26', type: 'limit', tif: 'gtc', price: '12.34', qty: '2' } as const;
    await live.rest(live.alice).submitOrder({ ...order, side: 'sell', clientOrderId: 's1' });
    await live.rest(live.bob).submitOrder({ ...order, side: 'buy', clientOrderId: 'b1' });
    await waitFor(() => bobPositions.length === 2 && bobMargin.length === 2, 'the trade');
    expect(bobPositions[1]!.positions).toEqual([{ symbol: 'TOKZ26', netQty: '2', boughtToday: '2', soldToday: '0' }]);
    expect(bobPositions[1]!.positions).toEqual(await live.rest(live.bob).positions());
    expect(bobMargin[1]!.margin).toEqual(await live.rest(live.bob).margin());
    expect(bobMargin[1]!.margin.products.map((p) => p.root)).toEqual(['TOK']);
    expect(bobMargin[1]!.seq).toBe(bobPositions[1]!.seq);

    // A settlement cycle that takes bob below maintenance: variation margin and a call.
    await submit(live, { type: 'RunSettlement', date: '2026-11-23', cycle: 'end_of_day', prices: [['TOKZ26', 1_150]] });
    await waitFor(() => bobPositions.length === 3 && bobMargin.length === 3, 'the settlement');
    const called = bobMargin[2]!.margin;
    // 320.00 - 2 lots x 84 ticks x 1.00.
    expect(called.currencies[0]).toMatchObject({ equity: '152.00' });
    expect(called.openCall).not.toBeNull();
    expect(Number(called.currencies[0]!.excess)).toBeLessThan(0);
    expect(bobPositions[2]!.positions).toEqual(await live.rest(live.bob).positions());
    expect(bobPositions[2]!.positions[0]).toMatchObject({ symbol: 'TOKZ26', netQty: '2' });

    // A deposit meets the call: margin only, positions unchanged.
    await submit(live, { type: 'MoveCollateral', movement: 'deposit', party: 'bob', currency: 'USD', amountMinor: '50000' });
    await waitFor(() => bobMargin.length === 4, 'the deposit');
    expect(bobMargin[3]!.margin).toMatchObject({ currencies: [{ equity: '652.00' }], openCall: null });
    expect(bobPositions).toHaveLength(3);

    // Another account's collateral move reaches neither of bob's channels; alice sees only her own.
    await submit(live, { type: 'MoveCollateral', movement: 'deposit', party: 'alice', currency: 'USD', amountMinor: '100' });
    await waitFor(() => aliceMargin.some((m) => m.margin.currencies[0]!.equity === '5169.00'), "alice's deposit");
    expect(aliceMargin.every((m) => m.margin.account === 'alice')).toBe(true);
    expect(bobMargin).toHaveLength(4);

    // After unsubscribing, bob's margin changes are no longer sent.
    stopMargin();
    await bob.ping();
    await submit(live, { type: 'MoveCollateral', movement: 'deposit', party: 'bob', currency: 'USD', amountMinor: '100' });
    await bob.ping();
    expect(bobMargin).toHaveLength(4);
  });

  it('need a login, and stay silent without clearing', async () => {
    h = await makeLiveHarness();
    const live = h;
    const anonymous = live.socket();
    await anonymous.open();
    const refused = await anonymous.positions(() => undefined).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TokexApiError);
    expect((refused as TokexApiError).message).toContain('channels[0]: positions needs a login');

    const bob = live.socket(live.bob);
    await bob.open();
    await bob.login();
    const messages: unknown[] = [];
    await bob.margin((message) => messages.push(message));
    await bob.positions((message) => messages.push(message));
    await bob.ping();
    expect(messages).toEqual([]);
  });
});
