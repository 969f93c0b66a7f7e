/**
 * Random scenarios with call auctions for property tests (fast-check): the steps of
 * command-scenarios.ts plus auction steps. An auction step starts a book collecting, or
 * ends its auction: with an uncross at a price of maximal executable volume computed
 * here from `auctionOrders()` (sometimes the exchange's own `auctionPrice`, otherwise
 * any price of the maximal set), or, when nothing crosses, with a plain switch back or
 * an uncross at any price. A step that repeats the current mode checks idempotence.
 * Most generated orders are ones that can wait for an auction, so collecting books fill.
 *
 * The volume-maximising prices are found naively, by trying every price of the
 * instrument's range (13 ticks here); the matching code never sees this computation.
 */
import fc from 'fast-check';
import { ticks, type Ticks } from '../../src/core/kernel/index.ts';
import { auctionPrice } from '../../src/core/contracts/index.ts';
import type { AuctionOrdersView, AuctionPort } from '../../src/core/matching/views.ts';
import type { ApplyContext, MatchingCommand, MatchingEvent } from '../../src/core/model/index.ts';
import {
  cancelArb,
  expireArb,
  listArb,
  massCancelArb,
  materialize,
  MID,
  replaceArb,
  spec,
  START_MS,
  submitArb,
  symbolOf,
  SYMBOLS,
  type Step,
} from './command-scenarios.ts';

/** What an auction step becomes once it meets the book: the engine calls that are not commands. */
export type AuctionOp =
  | { readonly kind: 'setAuction'; readonly symbol: string; readonly collecting: boolean }
  | { readonly kind: 'uncross'; readonly symbol: string; readonly priceTicks: Ticks };

export interface TimedOp {
  readonly tsMs: number;
  readonly op: MatchingCommand | AuctionOp;
}

export const auctionArb = fc.record({
  kind: fc.constant('auction' as const),
  symbol: fc.integer({ min: 0, max: 1 }),
  end: fc.boolean(),
  pick: fc.nat({ max: 1000 }),
});
export type AuctionAction = typeof auctionArb extends fc.Arbitrary<infer T> ? T : never;

/**
 * Orders for auction scenarios: most are ones that can wait for an auction (limit, not
 * ioc/fok, no minimum quantity), so collecting books fill up; the rest as generated.
 */
export const patientSubmitArb = fc.record({ step: submitArb, patient: fc.nat({ max: 9 }) }).map(({ step, patient }) =>
  patient < 6
    ? {
        ...step,
        orderType: step.orderType === 'market' ? ('limit' as const) : step.orderType,
        tif: step.tif === 'ioc' || step.tif === 'fok' ? ('gtc' as const) : step.tif,
        minQty: null,
      }
    : step,
);

export interface AuctionStep {
  readonly dtMs: number;
  readonly action: Step['action'] | AuctionAction;
}

export const auctionStepArb: fc.Arbitrary<AuctionStep> = fc.record({
  dtMs: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 15 }) }),
  action: fc.oneof(
    { weight: 60, arbitrary: patientSubmitArb },
    { weight: 7, arbitrary: cancelArb },
    { weight: 16, arbitrary: replaceArb },
    { weight: 3, arbitrary: massCancelArb },
    { weight: 5, arbitrary: expireArb },
    { weight: 1, arbitrary: listArb },
    { weight: 10, arbitrary: auctionArb },
  ),
});

export interface AuctionScenario {
  readonly instrumentCount: number;
  /** Books that start collecting right after their listing. */
  readonly startInAuction: boolean;
  readonly steps: readonly AuctionStep[];
}

export const auctionScenarioArb: fc.Arbitrary<AuctionScenario> = fc.record({
  instrumentCount: fc.integer({ min: 1, max: 2 }),
  startInAuction: fc.boolean(),
  steps: fc.array(auctionStepArb, { minLength: 1, maxLength: 80, size: 'max' }),
});

/** min(bids at or above `priceTicks`, asks at or below), from the resting orders. */
export function executableVolume(orders: AuctionOrdersView, priceTicks: number): number {
  let demand = 0;
  let supply = 0;
  for (const bid of orders.bids) if (bid.priceTicks >= priceTicks) demand += bid.qtyLots;
  for (const ask of orders.asks) if (ask.priceTicks <= priceTicks) supply += ask.qtyLots;
  return Math.min(demand, supply);
}

/** Every price of `[low, high]` with the largest executable volume, ascending, and that volume. */
export function volumeMaximisingPrices(orders: AuctionOrdersView, low: number, high: number): { prices: number[]; volume: number } {
  let volume = 0;
  let prices: number[] = [];
  for (let p = low; p <= high; p++) {
    const v = executableVolume(orders, p);
    if (v > volume) {
      volume = v;
      prices = [];
    }
    if (v === volume) prices.push(p);
  }
  return { prices, volume };
}

/** The engine call an auction step stands for, given the model's state right now. */
export function materializeAuction(action: AuctionAction, instrumentCount: number, model: AuctionPort): AuctionOp {
  const symbol = symbolOf(action.symbol, instrumentCount);
  if (!action.end || !model.isAuction(symbol)) return { kind: 'setAuction', symbol, collecting: !action.end };
  const range = spec(symbol);
  const orders = model.auctionOrders(symbol);
  const { prices, volume } = volumeMaximisingPrices(orders, range.priceTicksMin, range.priceTicksMax);
  if (volume === 0 && action.pick % 2 === 0) return { kind: 'setAuction', symbol, collecting: false };
  if (volume > 0 && action.pick % 3 === 0) {
    const reference = model.lastTradePriceTicks(symbol) ?? ticks(MID);
    const chosen = auctionPrice(orders.bids, orders.asks, reference).priceTicks;
    if (chosen === null) throw new Error('auctionPrice found no price for a crossed book');
    return { kind: 'uncross', symbol, priceTicks: chosen };
  }
  return { kind: 'uncross', symbol, priceTicks: ticks(prices[action.pick % prices.length]!) };
}

/** Applies one command or auction call to `engine` and returns its events. */
export function applyOp(engine: AuctionPort, op: MatchingCommand | AuctionOp, ctx: ApplyContext): MatchingEvent[] {
  if (!('kind' in op)) return engine.execute(op, ctx);
  if (op.kind === 'uncross') return engine.executeUncross(op.symbol, op.priceTicks, ctx);
  engine.setAuction(op.symbol, op.collecting);
  return [];
}

/**
 * Runs an auction scenario: lists its instruments (and starts their auctions when the
 * scenario says so), then materializes each step against `model` (after all earlier ones
 * were applied to it) and hands it to `apply`, which must apply it to `model` too.
 */
export function runAuctionScenario(scenario: AuctionScenario, model: AuctionPort, apply: (timed: TimedOp, index: number) => void): void {
  let index = 0;
  const symbols = SYMBOLS.slice(0, scenario.instrumentCount);
  for (const symbol of symbols) {
    apply({ tsMs: START_MS, op: { type: 'ListInstrument', spec: spec(symbol) } }, index);
    index += 1;
  }
  if (scenario.startInAuction) {
    for (const symbol of symbols) {
      apply({ tsMs: START_MS, op: { kind: 'setAuction', symbol, collecting: true } }, index);
      index += 1;
    }
  }
  let tsMs = START_MS;
  for (const step of scenario.steps) {
    tsMs += step.dtMs;
    const action = step.action;
    const op =
      action.kind === 'auction'
        ? materializeAuction(action, scenario.instrumentCount, model)
        : materialize({ dtMs: step.dtMs, action }, scenario.instrumentCount, tsMs, model);
    apply({ tsMs, op }, index);
    index += 1;
  }
}
