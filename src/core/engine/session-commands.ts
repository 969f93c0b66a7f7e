/**
 * The session commands as the engine applies them with the books (issue 5): the
 * lifecycle transition itself is the contracts' pure state machine; this module does
 * the market's part of each one, in the same apply, so a replay redoes it exactly.
 *
 *   StartPreOpen        the book collects orders for the opening call auction; on a
 *                       limit-halt day (SHFE: after `haltAfterLockedDays` limit-locked
 *                       days) the contract goes straight on to halted instead
 *   OpenTrading         the call auction uncrosses at the volume-maximising price
 *                       (ties: least imbalance, then nearest the reference: the last
 *                       trade, else the prior settlement, else the middle of the range)
 *   HaltTrading         cancels only; the book keeps its orders
 *   ResumeTrading       the re-opening call auction starts collecting
 *   CloseTrading        no more orders; the closing bid and offer are kept for the
 *                       settlement (the clock expires DAY orders separately, after)
 *   ExpireContract      every working order of the contract is cancelled
 *   FinalSettleContract clearing settles every position at the final settlement price
 *
 * A circuit-breaker trip (checked on every continuous print, `ContractRules.recordTrade`)
 * halts the contract with a resume time; the clock then sends ResumeTrading and, after
 * the re-opening auction's collection time, OpenTrading.
 */
import { auctionPrice, limitLevel, utcDateOf, type AuctionOrder, type LifecycleCommand } from '../contracts/index.ts';
import type { ClearingHouse } from '../clearing/index.ts';
import { lots, ticks, type Ticks } from '../kernel/index.ts';
import type { MatchingEngine } from '../matching/index.ts';
import type { ApplyContext } from '../model/index.ts';
import type { ContractRules } from './contract-rules.ts';
import type { EngineEvent } from './engine.ts';

/** What the session commands need of the engine. */
export interface SessionHost {
  readonly rules: ContractRules;
  readonly matching: MatchingEngine;
  readonly clearing: ClearingHouse | null;
  /**
   * Runs a book operation the engine issues itself: decodes its events, refreshes the
   * margin exposure, records and clears its fills and appends everything to `events`.
   */
  runInternal(operation: () => void, ctx: ApplyContext, events: EngineEvent[], continuous: boolean): void;
}

export function applySessionCommand(host: SessionHost, command: LifecycleCommand, ctx: ApplyContext): EngineEvent[] {
  const { rules, matching } = host;
  const events: EngineEvent[] = [];
  const changed = rules.transition(command, ctx);
  events.push(changed);
  if (changed.type !== 'InstrumentStateChanged') return events;
  const symbol = command.symbol;
  const state = rules.existing(symbol)!;
  switch (command.type) {
    case 'StartPreOpen': {
      if (matching.book(symbol) !== undefined) matching.setAuction(symbol, true);
      if (limitLevel(state.product, state.limitState).halted) {
        state.limitHaltDate = utcDateOf(ctx.tsMs);
        events.push(rules.transition({ type: 'HaltTrading', symbol, reason: 'limit_halt' }, ctx));
      }
      break;
    }
    case 'ResumeTrading':
      if (matching.book(symbol) !== undefined) matching.setAuction(symbol, true);
      break;
    case 'OpenTrading':
      if (matching.book(symbol) !== undefined) uncross(host, symbol, ctx, events);
      break;
    case 'ExpireContract':
      if (matching.book(symbol) !== undefined) {
        host.runInternal(() => matching.apply({ type: 'MassCancel', symbol }, ctx), ctx, events, false);
        matching.setAuction(symbol, false);
      }
      break;
    case 'FinalSettleContract': {
      const house = host.clearing;
      if (house !== null && house.hasInstrument(symbol)) {
        const result = house.finalSettle(symbol, utcDateOf(ctx.tsMs), command.priceTicks);
        if (result.ok) events.push(...result.events);
        else
          events.push({
            type: 'ClearingCommandRejected',
            command: 'FinalSettle',
            code: result.code,
            name: result.name,
            reason: result.reason,
          });
      }
      break;
    }
    case 'CloseTrading': {
      // The close's quotes, before the clock expires DAY orders: a limit-locked close is judged on them.
      const quoted = matching.book(symbol) !== undefined && !matching.isAuction(symbol);
      state.closingQuote = {
        date: utcDateOf(ctx.tsMs),
        bidTicks: quoted ? (matching.levels(symbol, 'buy', 1)[0]?.priceTicks ?? null) : null,
        askTicks: quoted ? (matching.levels(symbol, 'sell', 1)[0]?.priceTicks ?? null) : null,
      };
      break;
    }
    case 'HaltTrading':
      break;
  }
  return events;
}

/**
 * Ends a call auction: the uncrossing price from the collected orders, the trades at
 * that one price, and the book back to continuous matching.
 */
function uncross(host: SessionHost, symbol: string, ctx: ApplyContext, events: EngineEvent[]): void {
  const { matching, rules } = host;
  if (!matching.isAuction(symbol)) return;
  const collected = matching.auctionOrders(symbol);
  const toAuction = (o: { readonly priceTicks: number; readonly qtyLots: number }): AuctionOrder => ({
    priceTicks: ticks(o.priceTicks),
    qtyLots: lots(o.qtyLots),
  });
  const bids = collected.bids.map(toAuction);
  const asks = collected.asks.map(toAuction);
  const reference = matching.lastTradePriceTicks(symbol) ?? rules.existing(symbol)?.priorSettlementTicks ?? null;
  const first = auctionPrice(bids, asks, ticks(reference ?? 1));
  let price: Ticks | null = first.priceTicks;
  if (price !== null && reference === null) price = ticks(Math.floor((first.rangeLowTicks! + first.rangeHighTicks!) / 2));
  events.push({
    type: 'AuctionUncrossed',
    symbol,
    priceTicks: price,
    volumeLots: first.volumeLots,
    imbalanceLots: first.imbalanceLots,
    imbalanceSide: first.imbalanceSide,
    referenceTicks: reference,
  });
  if (price === null) {
    matching.setAuction(symbol, false);
    return;
  }
  const at = price;
  host.runInternal(() => matching.uncross(symbol, at, ctx), ctx, events, false);
}
