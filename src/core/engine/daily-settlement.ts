/**
 * `RunDailySettlement`: the engine computes every live contract's settlement price from
 * its own record of the day (so a replay computes the same prices), then runs the
 * clearing house's variation-margin cycle on them, in one apply.
 *
 * End of day: the tiers of `settlementFromSummary` (closing-window or full-day VWAP, the
 * last trade clamped into the closing bid and offer, the neighbouring month's change,
 * the prior settlement), contracts that traded first so that a month without trades can
 * follow its nearest traded neighbour; then each contract's limit state advances (a day
 * that closed limit-locked widens the next day's limit; a limit-halt day counts as one)
 * and the price becomes the next prior settlement. Intraday: the last trade clamped into
 * the current bid and offer, else the prior settlement; nothing advances.
 * Contracts without a prior settlement (never referenced) or already expired are left
 * out. Refused, with nothing changed: a malformed date or cycle, an end of day already
 * run or older than the last one, or a cycle the clearing house refuses.
 */
import {
  advanceLimitState,
  dailyLimits,
  limitLockedDirection,
  monthsBetween,
  parseContractSymbol,
  settlementFromSummary,
  type DayOutcome,
  type LimitState,
  type SettlementPrice,
} from '../contracts/index.ts';
import { ticks, type Ticks } from '../kernel/index.ts';
import type { ApplyContext } from '../model/index.ts';
import { refused, type ContractState, type RunDailySettlement, type SettlementPriceComputed } from './contract-rules.ts';
import { isCivilDate } from '../benchmark/index.ts';
import type { EngineEvent } from './engine.ts';
import { quotesOf, type SessionHost } from './session-commands.ts';

interface Computed {
  readonly symbol: string;
  readonly state: ContractState;
  readonly price: SettlementPrice;
  readonly bidTicks: Ticks | null;
  readonly askTicks: Ticks | null;
}

export function runDailySettlement(host: SessionHost, command: RunDailySettlement, ctx: ApplyContext): EngineEvent[] {
  const { date, cycle } = command;
  if (typeof date !== 'string' || !isCivilDate(date)) return [refused(command, 'field_invalid', `date: ${String(date)} is not YYYY-MM-DD`)];
  if (cycle !== 'intraday' && cycle !== 'end_of_day')
    return [refused(command, 'field_invalid', `cycle: ${String(cycle)} is not intraday or end_of_day`)];
  const live = host.rules
    .states()
    .filter(
      ([, state]) => state.priorSettlementTicks !== null && state.lifecycle.state !== 'expired' && state.lifecycle.state !== 'settled',
    );
  if (cycle === 'end_of_day') {
    for (const [symbol, state] of live) {
      const last = state.lastSettlement;
      if (last === null || last.cycle !== 'end_of_day') continue;
      if (last.date === date) return [refused(command, 'settlement_already_run', `date: ${symbol} is already settled for ${date}`)];
      if (last.date > date) return [refused(command, 'settlement_date_out_of_order', `date: ${symbol} was settled for ${last.date}`)];
    }
  }
  const computed = computePrices(host, live, date, cycle);
  const events: EngineEvent[] = [];
  const house = host.clearing;
  if (house !== null) {
    const prices = new Map(computed.filter((c) => house.hasInstrument(c.symbol)).map((c) => [c.symbol, c.price.priceTicks as number]));
    const result = house.runSettlement(date, cycle, prices, ctx.tsMs);
    if (!result.ok) return [refused(command, result.name, `cycle: ${result.reason}`)];
    events.push(...priceEvents(computed, date, cycle), ...result.events);
  } else {
    events.push(...priceEvents(computed, date, cycle));
  }
  return events;
}

function computePrices(
  host: SessionHost,
  live: readonly (readonly [string, ContractState])[],
  date: string,
  cycle: 'intraday' | 'end_of_day',
): Computed[] {
  const traded: Computed[] = [];
  const quiet: (readonly [string, ContractState])[] = [];
  for (const entry of live) {
    const record = entry[1].day;
    if (record !== null && record.date === date && record.trades > 0) traded.push(priceOf(host, entry, date, cycle, null));
    else quiet.push(entry);
  }
  const rest = quiet.map((entry) => priceOf(host, entry, date, cycle, nearestTraded(entry[0], traded)));
  return [...traded, ...rest].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}

/** The nearest month of the same root that settled on its own trades today (ties: the earlier month). */
function nearestTraded(symbol: string, traded: readonly Computed[]): Computed | null {
  const month = parseContractSymbol(symbol);
  if (month === null) return null;
  let best: Computed | null = null;
  let bestDistance = Infinity;
  for (const candidate of traded) {
    const other = parseContractSymbol(candidate.symbol);
    if (other === null || other.root !== month.root) continue;
    const distance = Math.abs(monthsBetween(month, other));
    if (distance < bestDistance || (distance === bestDistance && best !== null && candidate.symbol < best.symbol)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function priceOf(
  host: SessionHost,
  [symbol, state]: readonly [string, ContractState],
  date: string,
  cycle: 'intraday' | 'end_of_day',
  neighbour: Computed | null,
): Computed {
  const limits = dailyLimits(state.product, ticks(state.priorSettlementTicks!), state.limitState);
  // The quotes at today's close when it closed; else (intraday, or no close) the book now. A
  // book still collecting for an auction may be crossed: its quotes say nothing.
  const closing = state.closingQuote !== null && state.closingQuote.date === date ? state.closingQuote : null;
  const quotes = cycle === 'end_of_day' && closing !== null ? closing : quotesOf(host.matching, symbol);
  const bidTicks = quotes.bidTicks === null ? null : ticks(quotes.bidTicks);
  const askTicks = quotes.askTicks === null ? null : ticks(quotes.askTicks);
  const record = state.day !== null && state.day.date === date ? state.day : null;
  const noVwap = { trades: 0, notionalTicksLots: 0n, volumeLots: 0n };
  const price = settlementFromSummary({
    method: state.product.settlement.method,
    vwap: cycle === 'end_of_day' && record !== null ? record.vwap : noVwap,
    lastTrade: record?.lastTrade ?? null,
    bestBidTicks: bidTicks,
    bestAskTicks: askTicks,
    limits,
    neighbour:
      neighbour === null
        ? null
        : {
            symbol: neighbour.symbol,
            priorSettlementTicks: ticks(neighbour.state.priorSettlementTicks!),
            settlementTicks: neighbour.price.priceTicks,
          },
  });
  return { symbol, state, price, bidTicks, askTicks };
}

/** Commits the prices: events, and at the end of day the next prior settlement and limit state. */
function priceEvents(computed: readonly Computed[], date: string, cycle: 'intraday' | 'end_of_day'): EngineEvent[] {
  const events: SettlementPriceComputed[] = [];
  for (const { symbol, state, price, bidTicks, askTicks } of computed) {
    let limitState: LimitState | null = null;
    if (cycle === 'end_of_day') {
      const limits = dailyLimits(state.product, ticks(state.priorSettlementTicks!), state.limitState);
      const locked = limitLockedDirection(limits, { settlementTicks: price.priceTicks, bestBidTicks: bidTicks, bestAskTicks: askTicks });
      const outcome: DayOutcome =
        state.limitHaltDate === date ? 'halted' : locked === 'up' ? 'locked_up' : locked === 'down' ? 'locked_down' : 'not_locked';
      limitState = advanceLimitState(state.product, state.limitState, outcome);
      state.limitState = limitState;
      state.priorSettlementTicks = price.priceTicks;
      state.day = null;
    }
    state.lastSettlement = { date, cycle, priceTicks: price.priceTicks, tier: price.tier };
    events.push({
      type: 'SettlementPriceComputed',
      symbol,
      date,
      cycle,
      priceTicks: price.priceTicks,
      tier: price.tier,
      unclampedTicks: price.unclampedTicks,
      clampedToLimits: price.clampedToLimits,
      volumeLots: price.volumeLots,
      detail: price.detail,
      limitState,
    });
  }
  return events;
}
