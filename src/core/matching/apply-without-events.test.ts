/**
 * `applyWithoutEvents` (the replay path, which leaves the tape unwritten) reaches exactly
 * the state `apply` reaches, over a seeded stream of every kind of order-flow command,
 * and leaves the tape empty and recording again afterwards.
 */
import { describe, expect, it } from 'vitest';
import { lots, Prng, ticks } from '../kernel/index.ts';
import type { MatchingCommand, SubmitOrder } from '../model/index.ts';
import { stpModes, timesInForce } from '../model/index.ts';
import { MatchingEngine } from './matching-engine.ts';

const symbols = ['TOKZ26', 'GPUH27'] as const;
const accounts = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'] as const;

function pick<T>(prng: Prng, list: readonly T[]): T {
  return list[prng.intBetween(0, list.length - 1)]!;
}

/** One of the last orders sent, the likeliest to be still working. */
function recent<T>(prng: Prng, list: readonly T[]): T {
  return list[list.length - 1 - prng.intBetween(0, Math.min(list.length, 40) - 1)]!;
}

/** A seeded mix of orders (all types and options), cancels, replaces, mass cancels and expiries. */
function commandStream(seed: number, count: number): { command: MatchingCommand; tsMs: number }[] {
  const prng = new Prng(seed);
  const out: { command: MatchingCommand; tsMs: number }[] = [];
  let tsMs = 1_767_225_600_000;
  const add = (command: MatchingCommand): void => {
    tsMs += prng.intBetween(0, 3);
    out.push({ command, tsMs });
  };
  for (const symbol of symbols) {
    const spec = { symbol, tickSize: '0.01', lotSize: '1', priceTicksMin: ticks(1), priceTicksMax: ticks(100_000) };
    add({ type: 'ListInstrument', spec: { ...spec, orderQtyLotsMax: lots(1_000), marketProtectionTicks: ticks(40) } });
  }
  const sent: { symbol: string; account: string; clientOrderId: string }[] = [];
  for (let i = 0; i < count; i++) {
    const symbol = pick(prng, symbols);
    const account = pick(prng, accounts);
    const roll = prng.nextFloat();
    if (roll < 0.62) {
      const clientOrderId = `c${i}`;
      sent.push({ symbol, account, clientOrderId });
      add(submitOrder(prng, symbol, account, clientOrderId, tsMs));
    } else if (roll < 0.84 && sent.length > 0) {
      const order = recent(prng, sent);
      add(
        prng.nextFloat() < 0.8
          ? { type: 'CancelOrder', symbol: order.symbol, account: order.account, clientOrderId: order.clientOrderId }
          : { type: 'CancelOrder', symbol: order.symbol, account: order.account, orderId: prng.intBetween(1, i + 1) },
      );
    } else if (roll < 0.95 && sent.length > 0) {
      const order = recent(prng, sent);
      const change =
        prng.nextFloat() < 0.5 ? { qtyLots: lots(prng.intBetween(1, 30)) } : { priceTicks: ticks(prng.intBetween(980, 1_020)) };
      add({ type: 'ReplaceOrder', symbol: order.symbol, account: order.account, clientOrderId: order.clientOrderId, ...change });
    } else if (roll < 0.98) {
      add({
        type: 'MassCancel',
        account,
        ...(prng.nextFloat() < 0.5 && { symbol }),
        ...(prng.nextFloat() < 0.3 && { side: 'sell' as const }),
      });
    } else {
      add({ type: 'ExpireOrders', scope: prng.nextFloat() < 0.5 ? 'day' : 'gtd' });
    }
  }
  return out;
}

function submitOrder(prng: Prng, symbol: string, account: string, clientOrderId: string, tsMs: number): SubmitOrder {
  const side = prng.nextFloat() < 0.5 ? 'buy' : 'sell';
  const base = { type: 'SubmitOrder' as const, symbol, account, clientOrderId, side, qtyLots: lots(prng.intBetween(1, 30)) } as const;
  const price = ticks(prng.intBetween(980, 1_020));
  const kind = prng.nextFloat();
  if (kind < 0.08) return { ...base, orderType: 'market', tif: 'ioc' };
  if (kind < 0.14) return { ...base, orderType: 'stop', tif: 'gtc', stopPriceTicks: price };
  if (kind < 0.18) return { ...base, orderType: 'stop_limit', tif: 'day', priceTicks: price, stopPriceTicks: price };
  const tif = pick(prng, timesInForce);
  const resting = tif !== 'ioc' && tif !== 'fok';
  return {
    ...base,
    orderType: 'limit',
    tif,
    priceTicks: price,
    ...(tif === 'gtd' && { expiryMs: tsMs + prng.intBetween(1, 50) }),
    ...(resting && prng.nextFloat() < 0.1 && { displayQtyLots: lots(1) }),
    ...(prng.nextFloat() < 0.05 && { minQtyLots: lots(1) }),
    ...(resting && prng.nextFloat() < 0.1 && { postOnly: true }),
    ...(prng.nextFloat() < 0.2 && { stpMode: pick(prng, stpModes) }),
  };
}

describe('MatchingEngine.applyWithoutEvents', () => {
  it('reaches the state of apply and leaves the tape empty', () => {
    for (const seed of [1, 2, 3]) {
      const recorded = new MatchingEngine();
      const unrecorded = new MatchingEngine();
      const stream = commandStream(seed, 6_000);
      let events = 0;
      stream.forEach(({ command, tsMs }, i) => {
        const ctx = { seq: i + 1, tsMs };
        events += recorded.execute(command, ctx).length;
        unrecorded.applyWithoutEvents(command, ctx);
        expect(unrecorded.tape.count).toBe(0);
        if (i % 500 === 0) expect(unrecorded.snapshot()).toEqual(recorded.snapshot());
      });
      expect(JSON.stringify(unrecorded.snapshot())).toBe(JSON.stringify(recorded.snapshot()));
      expect(events).toBeGreaterThan(10_000);
      // Recording is back on for the next apply.
      const ctx = { seq: stream.length + 1, tsMs: stream[stream.length - 1]!.tsMs };
      const next: MatchingCommand = { type: 'MassCancel', account: 'a0' };
      expect(unrecorded.execute(next, ctx)).toEqual(recorded.execute(next, ctx));
    }
  });
});
