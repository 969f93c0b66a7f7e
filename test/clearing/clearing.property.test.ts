/**
 * Properties of the clearing house over random command sequences (fast-check):
 * - the ledger balances after every command, accepted or rejected;
 * - the variation margin of every cycle sums to exactly zero;
 * - each account's collateral equals deposits - withdrawals - fees + variation margin +
 *   final settlement, an independent model of the cash flows;
 * - after final settlement no position is open in the expired contract, and each
 *   account's variation margin plus final settlement equals its trading P&L computed
 *   from its trades alone;
 * - a rejected command changes nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClearingEvent } from '../../src/core/clearing/index.ts';
import { back, front, ledgerBalances, newHouse, snapshot, tok, trade, usd } from './fixtures.ts';

const accounts = ['A-1', 'A-2', 'B-1', 'C-1'] as const;
const symbols = [front, back] as const;

const command = fc.oneof(
  fc.record({
    kind: fc.constant('deposit' as const),
    a: fc.integer({ min: 0, max: 3 }),
    amount: fc.bigInt({ min: -10n, max: 5_000_000n }),
    eur: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('withdraw' as const), a: fc.integer({ min: 0, max: 3 }), amount: fc.bigInt({ min: 1n, max: 3_000_000n }) }),
  fc.record({
    kind: fc.constant('trade' as const),
    buyer: fc.integer({ min: 0, max: 3 }),
    seller: fc.integer({ min: 0, max: 3 }),
    s: fc.integer({ min: 0, max: 1 }),
    qty: fc.integer({ min: 1, max: 50 }),
    price: fc.integer({ min: 4000, max: 8000 }),
    aggressor: fc.constantFrom('buy' as const, 'sell' as const),
  }),
  fc.record({
    kind: fc.constant('cycle' as const),
    eod: fc.boolean(),
    days: fc.integer({ min: 0, max: 2 }),
    p0: fc.integer({ min: 4000, max: 8000 }),
    p1: fc.integer({ min: 4000, max: 8000 }),
  }),
);

describe('clearing properties', () => {
  it('books balance, VM sums to zero, collateral follows its cash flows, final settlement closes everything', () => {
    fc.assert(
      fc.property(
        fc.array(command, { maxLength: 60 }),
        fc.integer({ min: 4000, max: 8000 }),
        fc.integer({ min: 4000, max: 8000 }),
        (commands, fsp0, fsp1) => {
          const house = newHouse();
          for (const m of ['A', 'B', 'C']) house.addMember(m);
          for (const a of accounts) house.openAccount(a, a.slice(0, 1), 'house');
          const cash = new Map<string, bigint>(accounts.map((a) => [a, 0n]));
          const tradePnl = new Map<string, bigint>(accounts.map((a) => [a, 0n]));
          const trades: { buyer: string; seller: string; s: number; qty: number; price: number }[] = [];
          let day = 2;
          let t = 0;
          const flows = (events: readonly ClearingEvent[]): void => {
            let cycleSum = 0n;
            for (const e of events) {
              if (e.type === 'CollateralDeposited') cash.set(e.account, (cash.get(e.account) ?? 0n) + e.amountMinor);
              if (e.type === 'CollateralWithdrawn') cash.set(e.account, (cash.get(e.account) ?? 0n) - e.amountMinor);
              if (e.type === 'TradeCleared') cash.set(e.account, (cash.get(e.account) ?? 0n) - e.feeMinor);
              if (e.type === 'VariationMarginPosted' || e.type === 'FinalSettlementPosted') {
                cash.set(e.account, (cash.get(e.account) ?? 0n) + e.amountMinor);
                tradePnl.set(e.account, (tradePnl.get(e.account) ?? 0n) + e.amountMinor);
                cycleSum += e.amountMinor;
              }
            }
            expect(cycleSum).toBe(0n);
          };
          for (const c of commands) {
            const before = snapshot(house);
            let result;
            t += 1000;
            if (c.kind === 'deposit') result = house.deposit(accounts[c.a] as string, c.eur ? 'EUR' : usd, c.amount, t);
            else if (c.kind === 'withdraw') result = house.withdraw(accounts[c.a] as string, usd, c.amount);
            else if (c.kind === 'trade') {
              const buyer = accounts[c.buyer] as string;
              const seller = accounts[c.seller] as string;
              result = house.applyTrade(trade(symbols[c.s] as string, buyer, seller, c.qty, c.price, c.aggressor));
              if (result.ok) trades.push({ buyer, seller, s: c.s, qty: c.qty, price: c.price });
            } else {
              day += c.days;
              const date = `2026-11-${String(day).padStart(2, '0')}`;
              result = house.runSettlement(
                date,
                c.eod ? 'end_of_day' : 'intraday',
                new Map([
                  [front, c.p0],
                  [back, c.p1],
                ]),
                t,
              );
            }
            if (result.ok) flows(result.events);
            else expect(snapshot(house)).toBe(before);
            expect(ledgerBalances(house)).toBe(true);
            for (const a of accounts) expect(house.collateralMinor(a, usd)).toBe(cash.get(a));
          }
          const fsp = [fsp0, fsp1];
          symbols.forEach((symbol, s) => {
            const result = house.finalSettle(symbol, '2026-12-31', fsp[s] as number);
            if (!result.ok) throw new Error(result.reason);
            flows(result.events);
            expect(house.openInterestLots(symbol)).toBe(0);
            for (const a of accounts) expect(house.positionOf(a, symbol)).toBeNull();
          });
          expect(ledgerBalances(house)).toBe(true);
          // Trading P&L from the trades alone: (final price - trade price) x signed qty x tick value.
          const expected = new Map<string, bigint>(accounts.map((a) => [a, 0n]));
          for (const tr of trades) {
            const pnl = BigInt((fsp[tr.s] as number) - tr.price) * BigInt(tr.qty) * tok.tickValueMinor;
            expected.set(tr.buyer, (expected.get(tr.buyer) ?? 0n) + pnl);
            expected.set(tr.seller, (expected.get(tr.seller) ?? 0n) - pnl);
          }
          for (const a of accounts) {
            expect(tradePnl.get(a)).toBe(expected.get(a));
            expect(house.collateralMinor(a, usd)).toBe(cash.get(a));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('fast margin path', () => {
  it('equals the exact bigint SPAN computation on random portfolios', () => {
    const position = fc.record({ s: fc.integer({ min: 0, max: 1 }), qty: fc.integer({ min: 1, max: 100_000 }), buy: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(position, { maxLength: 12 }),
        fc.integer({ min: 1, max: 900_000 }),
        fc.integer({ min: 1, max: 900_000 }),
        (trades, p0, p1) => {
          const house = newHouse();
          house.addMember('A');
          house.openAccount('X', 'A', 'house');
          house.openAccount('Y', 'A', 'house');
          for (const t of trades) {
            const [buyer, seller] = t.buy ? ['X', 'Y'] : ['Y', 'X'];
            house.applyTrade(trade(symbols[t.s] as string, buyer, seller, t.qty, 5000));
          }
          house.runSettlement(
            '2026-11-02',
            'end_of_day',
            new Map([
              [front, p0],
              [back, p1],
            ]),
            0,
          );
          const fast = house.initialMarginAll(usd);
          expect(fast).toEqual(['X', 'Y'].map((a) => house.marginOf(a).byCurrency.get(usd)?.initialMinor ?? 0n));
        },
      ),
      { numRuns: 300 },
    );
  });
});
