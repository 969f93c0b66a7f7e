/**
 * What the run meant for the plan hedgers and the settlement manipulators, from their
 * records and the market record.
 *
 * Plan hedger: the hedge's P&L to the final mark (the last settlement, else the last
 * trade, else the benchmark) is exact: (position x mark - sum of signed lots x price) x
 * tick value, in minor units; with clearing it equals the variation margin it received.
 * The hedged item is the firm's cost exposure on the held lines: under the plan's model
 * (its price moves `ratio` times the benchmark), its value changes by
 * itemSign x ratio x quantity x (benchmark at the end - at the start); floating point,
 * rounded once, half to even, to the minor unit. The offset is the hedging context's
 * dollar-offset test (-hedge / item within 80% to 125%).
 *
 * Manipulator: per day, what it sent and filled in the closing window, its share of the
 * window's volume, the mid the window opened on, the settlement and the window's VWAP,
 * and the effects (each minus that opening mid, in the direction it pushes). An in-run
 * estimate; a run without the manipulator is the counterfactual. O(days + orders).
 */
import { dollarOffset, itemSign, type HedgeRole } from '../core/hedging/index.ts';
import type { PlanHedger } from './agents/plan-hedger.ts';
import type { ManipulatorOrder, ManipulatorPhase, SettlementManipulator } from './agents/settlement-manipulator.ts';
import type { PlanLine } from './hedge-plan.ts';
import type { AccountTally, DayRecord } from './market-record.ts';

export interface MoneyFacts {
  readonly tickValueMinor: bigint;
  readonly minorDigits: number;
  readonly contractUnitAmount: number;
}

export interface PlanHedgerOutcome {
  readonly account: string;
  readonly firm: string;
  readonly planSource: string;
  readonly planDate: string | null;
  readonly role: HedgeRole;
  readonly side: 'buy' | 'sell';
  readonly ratio: number;
  readonly lines: readonly PlanLine[];
  readonly targetLots: number;
  readonly positionLots: number;
  /** 1-based day the target was first held, or null. */
  readonly completedOnDay: number | null;
  readonly execution: {
    readonly ordersSent: number;
    readonly repricings: number;
    readonly makerLots: number;
    readonly takerLots: number;
    /** Average price of the position held, in ticks (half to even), or null when flat. */
    readonly averagePriceTicks: number | null;
  };
  readonly benchmarkStartTicks: number;
  readonly benchmarkEndTicks: number;
  readonly markTicks: number;
  /** Exposure quantity of the held lines, in the product's quote unit. */
  readonly exposureQuantity: number;
  readonly exposureChangeMinor: string;
  readonly hedgePnlMinor: string;
  /**
   * The plan's whole position held from the start to the end at the benchmark:
   * targetLots x (benchmark at the end - at the start) x tick value. The gap to
   * `hedgePnlMinor` is execution (time to build, prices paid) and the futures' basis at the mark.
   */
  readonly idealHedgePnlMinor: string;
  readonly netMinor: string;
  readonly feesMinor: string;
  /** Variation margin received over the run (null without clearing). */
  readonly variationMarginMinor: string | null;
  readonly dollarOffsetRatio: number | null;
  readonly effective: boolean | null;
}

export interface ManipulatorDay {
  readonly day: number;
  readonly date: string;
  readonly markSentLots: number;
  readonly markFilledLots: number;
  /** Its own lots traded in the window, and the window's whole volume. */
  readonly ownWindowLots: number;
  readonly windowVolumeLots: number;
  readonly windowSharePct: number | null;
  readonly openingMidTicks: number | null;
  /** The day's settlement (else its last trade). */
  readonly settlementTicks: number | null;
  readonly benchmarkTicks: number;
  /** (settlement - opening mid) x direction sign: positive when the settlement moved its way. */
  readonly effectTicks: number | null;
  /** The closing window's VWAP (the product's closing_window_vwap rule) and its move from the opening mid, likewise signed. */
  readonly windowVwapTicks: number | null;
  readonly vwapEffectTicks: number | null;
}

export interface ManipulatorOutcome {
  readonly account: string;
  readonly direction: 'buy' | 'sell';
  readonly positionLots: number;
  readonly pnlMinor: string;
  readonly feesMinor: string;
  readonly phases: Readonly<Record<ManipulatorPhase, { readonly orders: number; readonly sentLots: number; readonly filledLots: number }>>;
  /** Share of all its traded lots that traded in closing windows. */
  readonly ownVolumeInWindowPct: number | null;
  readonly averageEffectTicks: number | null;
  readonly averageVwapEffectTicks: number | null;
  readonly days: readonly ManipulatorDay[];
  readonly markOrders: readonly ManipulatorOrder[];
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** x rounded to a whole number, ties to even (the one rounding of an analytic money figure). */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest > 0.5) return floor + 1;
  if (rest < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

function divideHalfEvenNumber(numerator: number, denominator: number): number {
  return roundHalfEven(numerator / denominator);
}

/** Mark-to-market P&L of a tally at `markTicks`, exact, in minor units. */
export function pnlMinor(tally: AccountTally, markTicks: number, tickValueMinor: bigint): bigint {
  return (BigInt(tally.positionLots) * BigInt(markTicks) - BigInt(tally.costTicksLots)) * tickValueMinor;
}

/** The final mark of a run: the last day's settlement, else its last trade, else its benchmark. */
export function finalMark(days: readonly DayRecord[]): number {
  for (let i = days.length - 1; i >= 0; i--) {
    const d = days[i]!;
    const price = d.settlementTicks ?? d.lastTradeTicks;
    if (price !== null) return price;
  }
  return days[days.length - 1]?.benchmarkTicks ?? 0;
}

/** 1-based day the target was first held: the agent's record, or the last day when only the record's final fill reached it. */
function completedOnDay(agentDay: number | null, positionLots: number, targetLots: number, days: number): number | null {
  if (agentDay !== null) return agentDay + 1;
  return targetLots !== 0 && positionLots === targetLots ? days : null;
}

export function planHedgerOutcome(
  hedger: PlanHedger,
  tally: AccountTally,
  days: readonly DayRecord[],
  benchmarkStartTicks: number,
  money: MoneyFacts,
  clearing: boolean,
): PlanHedgerOutcome {
  const plan = hedger.plan;
  const mark = finalMark(days);
  const end = days[days.length - 1]?.benchmarkTicks ?? benchmarkStartTicks;
  const hedge = pnlMinor(tally, mark, money.tickValueMinor);
  const contractsOfExposure = (plan.ratio * plan.heldQuantity) / money.contractUnitAmount;
  const item = roundHalfEven(itemSign(plan.role) * contractsOfExposure * (end - benchmarkStartTicks) * Number(money.tickValueMinor));
  const scale = 10 ** money.minorDigits;
  const offset = dollarOffset(Number(hedge) / scale, item / scale);
  const stats = hedger.execution;
  return {
    account: hedger.account,
    firm: plan.firm,
    planSource: plan.source,
    planDate: plan.planDate,
    role: plan.role,
    side: plan.side,
    ratio: plan.ratio,
    lines: plan.lines,
    targetLots: plan.targetLots,
    positionLots: tally.positionLots,
    completedOnDay: completedOnDay(stats.completedDay, tally.positionLots, plan.targetLots, days.length),
    execution: {
      ordersSent: stats.ordersSent,
      repricings: stats.repricings,
      makerLots: tally.makerLots,
      takerLots: tally.takerLots,
      averagePriceTicks: tally.positionLots === 0 ? null : divideHalfEvenNumber(tally.costTicksLots, tally.positionLots),
    },
    benchmarkStartTicks,
    benchmarkEndTicks: end,
    markTicks: mark,
    exposureQuantity: plan.heldQuantity,
    exposureChangeMinor: String(item),
    hedgePnlMinor: String(hedge),
    idealHedgePnlMinor: String(BigInt(plan.targetLots) * BigInt(end - benchmarkStartTicks) * money.tickValueMinor),
    netMinor: String(BigInt(item) + hedge),
    feesMinor: String(tally.feesMinor),
    variationMarginMinor: clearing ? String(tally.variationMarginMinor) : null,
    dollarOffsetRatio: offset.ratio === null ? null : round(offset.ratio, 4),
    effective: offset.effective,
  };
}

function phaseTotals(orders: readonly ManipulatorOrder[]): ManipulatorOutcome['phases'] {
  const totals = {
    build: { orders: 0, sentLots: 0, filledLots: 0 },
    unwind: { orders: 0, sentLots: 0, filledLots: 0 },
    mark: { orders: 0, sentLots: 0, filledLots: 0 },
  };
  for (const order of orders) {
    const t = totals[order.phase];
    t.orders += 1;
    t.sentLots += order.qtyLots;
    t.filledLots += order.filledLots;
  }
  return totals;
}

export function manipulatorOutcome(
  agent: SettlementManipulator,
  tally: AccountTally,
  days: readonly DayRecord[],
  money: MoneyFacts,
): ManipulatorOutcome {
  const sign = agent.direction === 'buy' ? 1 : -1;
  // Filled lots from the market record: the agent hears of the last tick's fills only on a turn it never gets.
  const orders = agent.orders.map((order) => ({ ...order, filledLots: tally.filledByOrder.get(order.clientOrderId) ?? 0 }));
  const marks = orders.filter((order) => order.phase === 'mark');
  const perDay = days.map((d): ManipulatorDay => {
    const today = marks.filter((order) => order.day === d.day);
    const own = tally.windowLotsByDay[d.day] ?? 0;
    const settlement = d.settlementTicks ?? d.lastTradeTicks;
    const opening = d.closingWindow.openingMidTicks;
    const windowVwap = d.closingWindow.vwapTicks;
    return {
      day: d.day,
      date: d.date,
      markSentLots: today.reduce((sum, order) => sum + order.qtyLots, 0),
      markFilledLots: today.reduce((sum, order) => sum + order.filledLots, 0),
      ownWindowLots: own,
      windowVolumeLots: d.closingWindow.volumeLots,
      windowSharePct: d.closingWindow.volumeLots === 0 ? null : round((100 * own) / d.closingWindow.volumeLots, 2),
      openingMidTicks: opening,
      settlementTicks: settlement,
      benchmarkTicks: d.benchmarkTicks,
      effectTicks: settlement === null || opening === null ? null : sign * (settlement - opening),
      windowVwapTicks: windowVwap,
      vwapEffectTicks: windowVwap === null || opening === null ? null : sign * (windowVwap - opening),
    };
  });
  const average = (values: readonly (number | null)[]): number | null => {
    const known = values.flatMap((v) => (v === null ? [] : [v]));
    return known.length === 0 ? null : round(known.reduce((s, v) => s + v, 0) / known.length, 2);
  };
  const volume = tally.volumeLotsByDay.reduce((sum, lots) => sum + lots, 0);
  const inWindow = tally.windowLotsByDay.reduce((sum, lots) => sum + lots, 0);
  return {
    account: agent.account,
    direction: agent.direction,
    positionLots: tally.positionLots,
    pnlMinor: String(pnlMinor(tally, finalMark(days), money.tickValueMinor)),
    feesMinor: String(tally.feesMinor),
    phases: phaseTotals(orders),
    ownVolumeInWindowPct: volume === 0 ? null : round((100 * inWindow) / volume, 2),
    averageEffectTicks: average(perDay.map((d) => d.effectTicks)),
    averageVwapEffectTicks: average(perDay.map((d) => d.vwapEffectTicks)),
    days: perDay,
    markOrders: marks,
  };
}
