/**
 * Call-auction properties of the fast matching engine (docs/matching.md, "Call auctions"),
 * over random scenarios with auctions (auction-scenarios.ts):
 * - after every uncross the book is continuous and not crossed; every order's quantity
 *   is conserved through the uncross (leaves before = leaves after + its fills + its
 *   cancellation); each auction fill pairs a buy with a sell, the later order (higher
 *   orderId) as taker; without a self-trade cancel every fill is at the uncross price
 *   and the volume is the maximal executable volume the test computed;
 * - an uncross at a price that is not volume-maximising fails an assertion before it
 *   changes anything, and the reference book refuses exactly the same prices;
 * - a snapshot taken at any step, restored from its JSON, gives the same events and the
 *   same state as the engine that never stopped; a continuous book's snapshot has no
 *   `auction` key (so earlier snapshots keep their meaning and hashes);
 * - misuse by the caller (unknown symbol, ending the auction of a crossed book, an
 *   uncross outside an auction) fails an assertion.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvariantViolation, lots, ticks } from '../../src/core/kernel/index.ts';
import { MatchingEngine, type MatchingSnapshot } from '../../src/core/matching/index.ts';
import type { MatchingEvent, SubmitOrder } from '../../src/core/model/index.ts';
import { applyOp, auctionScenarioArb, runAuctionScenario, volumeMaximisingPrices, type TimedOp } from './auction-scenarios.ts';
import { spec, SYMBOLS } from './command-scenarios.ts';
import { ReferenceMatchingEngine } from './reference-engine.ts';

const NUM_RUNS = 300;

function describeOp(index: number, timed: TimedOp): string {
  return `step #${index} at ${timed.tsMs}: ${JSON.stringify(timed.op)}`;
}

/** Leaves per working order of `symbol`. */
function leavesOf(engine: MatchingEngine, symbol: string): Map<number, number> {
  return new Map(engine.workingOrders(symbol).map((order) => [order.orderId, order.leavesQtyLots]));
}

function bestPrices(engine: MatchingEngine, symbol: string): { bid: number | undefined; ask: number | undefined } {
  return { bid: engine.levels(symbol, 'buy', 1)[0]?.priceTicks, ask: engine.levels(symbol, 'sell', 1)[0]?.priceTicks };
}

/** Events as compared with the reference book: a rejection without its free-text reason. */
function withoutReasons(events: MatchingEvent[]): unknown[] {
  return events.map((event) => {
    if (event.type !== 'OrderRejected') return event;
    const { reason: _reason, ...rest } = event;
    return rest;
  });
}

describe('uncross', () => {
  it('leaves the book continuous and uncrossed, conserves quantity, and trades the maximal volume at P', () => {
    fc.assert(
      fc.property(auctionScenarioArb, (scenario) => {
        const engine = new MatchingEngine();
        runAuctionScenario(scenario, engine, (timed, index) => {
          const ctx = { seq: index + 1, tsMs: timed.tsMs };
          const op = timed.op;
          if (!('kind' in op) || op.kind !== 'uncross') {
            applyOp(engine, op, ctx);
            return;
          }
          const where = describeOp(index, timed);
          const range = spec(op.symbol);
          const maximal = volumeMaximisingPrices(engine.auctionOrders(op.symbol), range.priceTicksMin, range.priceTicksMax);
          expect(maximal.prices, `${where}: the price maximises the volume`).toContain(op.priceTicks);
          const before = leavesOf(engine, op.symbol);
          const sideOf = new Map(engine.workingOrders(op.symbol).map((order) => [order.orderId, order.side]));
          const events = engine.executeUncross(op.symbol, op.priceTicks, ctx);
          engine.checkInvariants();

          expect(engine.isAuction(op.symbol), `${where}: continuous after the uncross`).toBe(false);
          const { bid, ask } = bestPrices(engine, op.symbol);
          if (bid !== undefined && ask !== undefined) expect(bid, `${where}: not crossed`).toBeLessThan(ask);

          const after = leavesOf(engine, op.symbol);
          const used = new Map<number, number>();
          const use = (orderId: number, qty: number): void => {
            used.set(orderId, (used.get(orderId) ?? 0) + qty);
          };
          for (const event of events) {
            if (event.type === 'OrderFilled') {
              use(event.makerOrderId, event.qtyLots);
              use(event.takerOrderId, event.qtyLots);
            }
            if (event.type === 'OrderCancelled') use(event.orderId, event.qtyLots);
          }
          // Pending stops elected after the uncross count too: their leaves were working before.
          for (const [orderId, leaves] of before) {
            expect((after.get(orderId) ?? 0) + (used.get(orderId) ?? 0), `${where}: order ${orderId} conserved`).toBe(leaves);
          }
          const beforeStops = events.findIndex((event) => event.type === 'StopTriggered');
          const auctionFills = (beforeStops < 0 ? events : events.slice(0, beforeStops)).filter((event) => event.type === 'OrderFilled');
          for (const fill of auctionFills) {
            expect(sideOf.get(fill.makerOrderId), `${where}: a buy against a sell`).not.toBe(sideOf.get(fill.takerOrderId));
            expect(fill.aggressorSide, `${where}: the taker's side`).toBe(sideOf.get(fill.takerOrderId));
            expect(fill.takerOrderId, `${where}: the later order takes`).toBeGreaterThan(fill.makerOrderId);
          }
          const selfTrade = events.some((event) => event.type === 'OrderCancelled' && event.reason === 'self_trade');
          if (!selfTrade) {
            for (const fill of auctionFills) expect(fill.priceTicks, `${where}: fill at P`).toBe(op.priceTicks);
            const volume = auctionFills.reduce((sum, fill) => sum + fill.qtyLots, 0);
            expect(volume, `${where}: the maximal executable volume trades`).toBe(maximal.volume);
          }
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('refuses, before changing anything, a price that is not volume-maximising, as the reference book does', () => {
    let refused = 0;
    fc.assert(
      fc.property(auctionScenarioArb, fc.integer({ min: 0, max: 12 }), (scenario, offset) => {
        const reference = new ReferenceMatchingEngine();
        const fast = new MatchingEngine();
        runAuctionScenario(scenario, reference, (timed, index) => {
          const ctx = { seq: index + 1, tsMs: timed.tsMs };
          const op = timed.op;
          if ('kind' in op && op.kind === 'uncross') {
            const range = spec(op.symbol);
            const candidate = ticks(range.priceTicksMin + ((op.priceTicks - range.priceTicksMin + offset) % 13));
            const maximal = volumeMaximisingPrices(fast.auctionOrders(op.symbol), range.priceTicksMin, range.priceTicksMax);
            if (!maximal.prices.includes(candidate)) {
              const before = JSON.stringify(fast.snapshot());
              expect(() => fast.uncross(op.symbol, candidate, ctx)).toThrow(InvariantViolation);
              expect(() => reference.executeUncross(op.symbol, candidate, ctx)).toThrow(/does not maximise/);
              expect(JSON.stringify(fast.snapshot()), 'a refused uncross changes nothing').toBe(before);
              refused += 1;
            }
          }
          expect(withoutReasons(applyOp(fast, op, ctx))).toEqual(withoutReasons(applyOp(reference, op, ctx)));
        });
      }),
      { numRuns: 150 },
    );
    expect(refused).toBeGreaterThan(20);
  });
});

describe('snapshot and restore with auctions', () => {
  it('a restored engine gives the same events and the same state as the one that never stopped', () => {
    let inAuctionAtCut = 0;
    fc.assert(
      fc.property(auctionScenarioArb, fc.nat(), (scenario, cut) => {
        const live = new MatchingEngine();
        const ops: TimedOp[] = [];
        runAuctionScenario(scenario, live, (timed, index) => {
          applyOp(live, timed.op, { seq: index + 1, tsMs: timed.tsMs });
          ops.push(timed);
        });
        const at = cut % (ops.length + 1);
        const first = new MatchingEngine();
        ops.slice(0, at).forEach((timed, i) => applyOp(first, timed.op, { seq: i + 1, tsMs: timed.tsMs }));
        const saved = JSON.parse(JSON.stringify(first.snapshot())) as MatchingSnapshot;
        if (SYMBOLS.some((symbol) => first.isAuction(symbol))) inAuctionAtCut += 1;
        for (const book of saved.books) {
          expect('auction' in book, `${book.spec.symbol}: the flag only while collecting`).toBe(first.isAuction(book.spec.symbol));
        }
        const restored = MatchingEngine.restore(saved);
        expect(restored.snapshot()).toEqual(first.snapshot());
        ops.slice(at).forEach((timed, i) => {
          const ctx = { seq: at + i + 1, tsMs: timed.tsMs };
          const expected: MatchingEvent[] = applyOp(first, timed.op, ctx);
          expect(applyOp(restored, timed.op, ctx)).toEqual(expected);
        });
        expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(first.snapshot()));
        expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(live.snapshot()));
      }),
      { numRuns: 200 },
    );
    expect(inAuctionAtCut).toBeGreaterThan(20);
  });

  it('restores a snapshot written before auctions existed (no flag) as continuous', () => {
    const engine = new MatchingEngine();
    engine.apply({ type: 'ListInstrument', spec: spec('TOKZ26') }, { seq: 1, tsMs: 1 });
    const old = engine.snapshot();
    expect(Object.keys(old.books[0]!)).toEqual(['spec', 'lastTradePriceTicks', 'resting', 'stops']);
    engine.setAuction('TOKZ26', true);
    expect(Object.keys(engine.snapshot().books[0]!)).toEqual(['spec', 'lastTradePriceTicks', 'resting', 'stops', 'auction']);
    expect(MatchingEngine.restore(old).isAuction('TOKZ26')).toBe(false);
    expect(MatchingEngine.restore(engine.snapshot()).isAuction('TOKZ26')).toBe(true);
  });
});

describe('misuse of the auction calls', () => {
  const order = (side: 'buy' | 'sell', id: string, price: number, qty: number): SubmitOrder => ({
    type: 'SubmitOrder',
    symbol: 'TOKZ26',
    account: side === 'buy' ? 'A' : 'B',
    clientOrderId: id,
    side,
    orderType: 'limit',
    tif: 'gtc',
    priceTicks: ticks(price),
    qtyLots: lots(qty),
  });
  const crossedBook = (): MatchingEngine => {
    const engine = new MatchingEngine();
    engine.apply({ type: 'ListInstrument', spec: spec('TOKZ26') }, { seq: 1, tsMs: 1 });
    engine.setAuction('TOKZ26', true);
    engine.apply(order('buy', 'b1', 101, 5), { seq: 2, tsMs: 2 });
    engine.apply(order('sell', 's1', 99, 3), { seq: 3, tsMs: 3 });
    return engine;
  };

  it('fails an assertion for an unlisted symbol; the queries answer as for an empty book', () => {
    const engine = new MatchingEngine();
    expect(() => engine.setAuction('NOPE', true)).toThrow(InvariantViolation);
    expect(() => engine.uncross('NOPE', ticks(100), { seq: 1, tsMs: 1 })).toThrow(InvariantViolation);
    expect(engine.isAuction('NOPE')).toBe(false);
    expect(engine.auctionOrders('NOPE')).toEqual({ bids: [], asks: [] });
  });

  it('is idempotent, and ending the auction of a crossed book needs an uncross', () => {
    const engine = crossedBook();
    engine.setAuction('TOKZ26', true);
    expect(engine.isAuction('TOKZ26')).toBe(true);
    expect(() => engine.setAuction('TOKZ26', false)).toThrow(/uncross/);
    expect(engine.isAuction('TOKZ26')).toBe(true);
    expect(engine.auctionOrders('TOKZ26')).toEqual({ bids: [{ priceTicks: 101, qtyLots: 5 }], asks: [{ priceTicks: 99, qtyLots: 3 }] });
    expect(() => engine.uncross('TOKZ26', ticks(102), { seq: 4, tsMs: 4 })).toThrow(/not all crossing quantity/);
    expect(() => engine.uncross('TOKZ26', ticks(1_000), { seq: 4, tsMs: 4 })).toThrow(/outside the price range/);
    engine.uncross('TOKZ26', ticks(100), { seq: 4, tsMs: 4 });
    expect(engine.decode().filter((event) => event.type === 'OrderFilled')).toMatchObject([
      { priceTicks: 100, qtyLots: 3, aggressorSide: 'sell', makerClientOrderId: 'b1', takerClientOrderId: 's1' },
    ]);
    expect(engine.isAuction('TOKZ26')).toBe(false);
    expect(engine.lastTradePriceTicks('TOKZ26')).toBe(100);
    expect(() => engine.uncross('TOKZ26', ticks(100), { seq: 5, tsMs: 5 })).toThrow(/not in an auction/);
    engine.setAuction('TOKZ26', false);
    expect(engine.isAuction('TOKZ26')).toBe(false);
  });

  it('allows a crossed book only in an auction: checkInvariants', () => {
    const engine = crossedBook();
    expect(() => engine.checkInvariants()).not.toThrow();
    const snapshot = engine.snapshot();
    const { auction: _auction, ...continuous } = snapshot.books[0]!;
    const broken = MatchingEngine.restore({ ...snapshot, books: [continuous] });
    expect(() => broken.checkInvariants()).toThrow(/crossed at rest/);
  });
});
