/**
 * The session clock: the process that turns wall-clock time into the journaled session
 * commands of issue 5 (the engine itself never reads a clock).
 *
 * `dueSessionCommands` is a pure planner over the engine's contract states and the time:
 * it says which commands are due now, so that after a restart (or a missed tick) the
 * clock simply catches up from the recovered state. Per contract of a listed product,
 * in the day's schedule (the product's sessions on its business days, or the demo's
 * round-the-clock schedule):
 *   past the last trading day, not yet expired        -> CloseTrading, ExpireContract
 *   expired, final settlement date reached, value known -> FinalSettleContract
 *   in session and listed/closed                       -> StartPreOpen
 *   pre-open at the open (or a re-opening auction's end) -> OpenTrading
 *   halted by the circuit breaker, pause over          -> ResumeTrading
 *   at or after the close (or no session today)        -> CloseTrading, then DAY orders expire
 * and once per date for all contracts: the intraday settlement cycle at mid-session and
 * the end-of-day cycle once every contract has closed.
 * `SessionClock` runs the planner every `intervalMs` and submits what is due, one batch
 * at a time (a tick waits for the previous one), logging refusals.
 */
import { sessionSchedule, utcDateOf, type ContractDates, type ProductSpec, type SessionSchedule } from '../core/contracts/index.ts';
import type { ContractStateView, EngineCommand } from '../core/engine/index.ts';
import { ticks } from '../core/kernel/index.ts';
import type { Exchange } from './exchange.ts';
import type { Clock } from './clock.ts';

const msPerDay = 86_400_000;

/** When sessions run: the products' own schedule, or round the clock every day (the demo market). */
export type SessionPolicy = 'product' | 'continuous';

/** The demo's day: pre-open at midnight UTC, open a minute later, closing window 23:50, close 23:55, every calendar day. */
export function continuousSchedule(date: string, midnightMs: number): SessionSchedule {
  return {
    date,
    businessDay: true,
    preOpenMs: midnightMs,
    openMs: midnightMs + 60_000,
    closingWindowStartMs: midnightMs + (23 * 60 + 50) * 60_000,
    closeMs: midnightMs + (23 * 60 + 55) * 60_000,
  };
}

export function scheduleOf(policy: SessionPolicy, product: ProductSpec, nowMs: number): SessionSchedule {
  const date = utcDateOf(nowMs);
  if (policy === 'continuous') return continuousSchedule(date, Math.floor(nowMs / msPerDay) * msPerDay);
  return sessionSchedule(product, date);
}

export interface SessionInputs {
  readonly nowMs: number;
  readonly policy: SessionPolicy;
  /** Contracts of listed products that are listed in the books, with their product and dates. */
  readonly contracts: readonly { readonly product: ProductSpec; readonly dates: ContractDates; readonly view: ContractStateView }[];
  /** The final settlement price of an expired contract, when its benchmark value is known. */
  readonly finalSettlementTicks: (symbol: string) => number | null;
}

export function dueSessionCommands(inputs: SessionInputs): EngineCommand[] {
  const { nowMs, policy } = inputs;
  const today = utcDateOf(nowMs);
  const commands: EngineCommand[] = [];
  let anyOpenToday = false;
  let allClosed = true;
  let latestCloseMs = 0;
  let earliestOpenMs = Infinity;
  let pendingSettlement = false;
  let intradayDone = false;
  for (const { product, dates, view } of inputs.contracts) {
    const symbol = view.symbol;
    const state = view.lifecycle.state;
    if (state === 'settled') continue;
    if (state === 'expired') {
      const price = today >= dates.finalSettlementDate ? inputs.finalSettlementTicks(symbol) : null;
      if (price !== null) commands.push({ type: 'FinalSettleContract', symbol, priceTicks: ticks(price) });
      continue;
    }
    if (today > dates.lastTradingDate) {
      if (state !== 'listed' && state !== 'closed') commands.push({ type: 'CloseTrading', symbol });
      commands.push({ type: 'ExpireContract', symbol });
      continue;
    }
    const schedule = scheduleOf(policy, product, nowMs);
    const inSession = schedule.businessDay && nowMs >= schedule.preOpenMs && nowMs < schedule.closeMs;
    if (schedule.businessDay) {
      latestCloseMs = Math.max(latestCloseMs, schedule.closeMs);
      earliestOpenMs = Math.min(earliestOpenMs, schedule.openMs);
      anyOpenToday = true;
    }
    const settledToday = view.lastSettlement?.date === today;
    if (view.priorSettlementTicks !== null && !(settledToday && view.lastSettlement?.cycle === 'end_of_day')) pendingSettlement = true;
    if (settledToday) intradayDone = true;
    if (inSession) {
      allClosed = false;
      if (state === 'listed' || state === 'closed') {
        // A contract that already settled today stays closed (a restart after the close).
        if (view.lastSettlement?.date !== today || view.lastSettlement.cycle !== 'end_of_day')
          commands.push({ type: 'StartPreOpen', symbol });
      } else if (state === 'pre_open') {
        const opensAt = view.reopenAtMs ?? schedule.openMs;
        if (nowMs >= opensAt) commands.push({ type: 'OpenTrading', symbol });
      } else if (state === 'halted' && view.lifecycle.haltReason === 'circuit_breaker') {
        const resumeAt = view.lifecycle.resumeAtMs;
        if (resumeAt !== null && nowMs >= resumeAt) commands.push({ type: 'ResumeTrading', symbol });
      }
    } else if (state === 'pre_open' || state === 'open' || state === 'halted') {
      commands.push({ type: 'CloseTrading', symbol }, { type: 'ExpireOrders', scope: 'day', symbol });
      allClosed = false;
    }
  }
  if (anyOpenToday && pendingSettlement) {
    const midSession = earliestOpenMs + Math.floor((latestCloseMs - earliestOpenMs) / 2);
    if (allClosed && nowMs >= latestCloseMs) commands.push({ type: 'RunDailySettlement', date: today, cycle: 'end_of_day' });
    else if (!intradayDone && nowMs >= midSession && nowMs < latestCloseMs)
      commands.push({ type: 'RunDailySettlement', date: today, cycle: 'intraday' });
  }
  return commands;
}

export interface SessionClockDeps {
  readonly exchange: Exchange;
  readonly clock: Clock;
  readonly policy: SessionPolicy;
  readonly products: readonly ProductSpec[];
  readonly contractDates: (product: ProductSpec, symbol: string) => ContractDates | null;
  readonly finalSettlementTicks: (symbol: string) => number | null;
  readonly intervalMs: number;
  readonly log: (line: string) => void;
}

export class SessionClock {
  private readonly deps: SessionClockDeps;
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<void> | null = null;

  constructor(deps: SessionClockDeps) {
    this.deps = deps;
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.deps.intervalMs);
  }

  /** Plans and submits what is due now; a tick while one runs is skipped. */
  async tick(): Promise<void> {
    if (this.running !== null) return;
    this.running = this.run().finally(() => {
      this.running = null;
    });
    await this.running;
  }

  private async run(): Promise<void> {
    const { exchange, products } = this.deps;
    const byRoot = new Map(products.map((product) => [product.root, product]));
    const contracts: SessionInputs['contracts'][number][] = [];
    for (const units of exchange.instruments()) {
      const view = exchange.engine.contractState(units.spec.symbol);
      if (view === null) continue;
      const product = byRoot.get(view.root);
      const dates = product === undefined ? null : this.deps.contractDates(product, view.symbol);
      if (product !== undefined && dates !== null) contracts.push({ product, dates, view });
    }
    contracts.sort((a, b) => (a.view.symbol < b.view.symbol ? -1 : a.view.symbol > b.view.symbol ? 1 : 0));
    const due = dueSessionCommands({
      nowMs: this.deps.clock.nowMs(),
      policy: this.deps.policy,
      contracts,
      finalSettlementTicks: this.deps.finalSettlementTicks,
    });
    for (const command of due) {
      try {
        const applied = await exchange.submit(command);
        const refused = applied.events.find((e) => e.type.endsWith('Rejected'));
        if (refused !== undefined) this.deps.log(`session clock: ${command.type} refused: ${JSON.stringify(refused)}`);
      } catch (error) {
        this.deps.log(`session clock: ${command.type} failed: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
    }
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.running !== null) await this.running;
  }
}
