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
import { auctionPrice, limitLevel, utcDateOf, type AuctionResult, type LifecycleCommand } from '../contracts/index.ts';
import type { ClearingHouse } from '../clearing/index.ts';
import { ticks, type Ticks } from '../kernel/index.ts';
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
      state.closingQuote = { date: utcDateOf(ctx.tsMs), ...quotesOf(matching, symbol) };
      break;
    }
    case 'HaltTrading':
      break;
  }
  return events;
}

/** The best bid and offer of a book; none while it collects for an auction (a crossed book quotes nothing). */
export function quotesOf(matching: MatchingEngine, symbol: string): { readonly bidTicks: Ticks | null; readonly askTicks: Ticks | null } {
  if (matching.book(symbol) === undefined || matching.isAuction(symbol)) return { bidTicks: null, askTicks: null };
  return {
    bidTicks: matching.levels(symbol, 'buy', 1)[0]?.priceTicks ?? null,
    askTicks: matching.levels(symbol, 'sell', 1)[0]?.priceTicks ?? null,
  };
}

/** A call auction's outcome if it uncrossed now: what the open does, and what the pre-open publishes. */
export interface AuctionOutcome extends AuctionResult {
  readonly referenceTicks: Ticks | null;
}

/**
 * The uncrossing price of the collected orders (`auctionPrice`), with the reference the
 * last trade, else the prior settlement; without either, the middle of the tied range.
 */
export function auctionOutcome(matching: MatchingEngine, rules: ContractRules, symbol: string): AuctionOutcome {
  const collected = matching.auctionOrders(symbol);
  const prior = rules.existing(symbol)?.priorSettlementTicks ?? null;
  const reference = matching.lastTradePriceTicks(symbol) ?? (prior === null ? null : ticks(prior));
  const result = auctionPrice(collected.bids, collected.asks, reference ?? ticks(1));
  if (result.priceTicks === null || reference !== null) return { ...result, referenceTicks: reference };
  return { ...result, priceTicks: ticks(Math.floor((result.rangeLowTicks! + result.rangeHighTicks!) / 2)), referenceTicks: null };
}

/**
 * Ends a call auction: the uncrossing price from the collected orders, the trades at
 * that one price, and the book back to continuous matching.
 */
function uncross(host: SessionHost, symbol: string, ctx: ApplyContext, events: EngineEvent[]): void {
  const { matching, rules } = host;
  if (!matching.isAuction(symbol)) return;
  const outcome = auctionOutcome(matching, rules, symbol);
  const price = outcome.priceTicks;
  events.push({
    type: 'AuctionUncrossed',
    symbol,
    priceTicks: price,
    volumeLots: outcome.volumeLots,
    imbalanceLots: outcome.imbalanceLots,
    imbalanceSide: outcome.imbalanceSide,
    referenceTicks: outcome.referenceTicks,
  });
  if (price === null) {
    matching.setAuction(symbol, false);
    return;
  }
  const at = price;
  host.runInternal(() => matching.uncross(symbol, at, ctx), ctx, events, false);
}
