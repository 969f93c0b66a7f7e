/**
 * The instrument lifecycle as a pure state machine, driven by commands the clock sends
 * and the journal records.
 *
 * States: listed -> pre_open (call auction collects orders) -> open (continuous) ->
 * closed, daily; open or pre_open -> halted (circuit breaker, limit halt, operator) ->
 * pre_open (the re-opening auction) -> open; closed -> expired on or after the last
 * trading day; expired -> settled with the final settlement price.
 *
 *   command              from                         to
 *   StartPreOpen         listed, closed               pre_open
 *   OpenTrading          pre_open                     open
 *   HaltTrading          pre_open, open               halted
 *   ResumeTrading        halted (after resumeAtMs)    pre_open
 *   CloseTrading         pre_open, open, halted       closed
 *   ExpireContract       listed, closed (date >= LTD) expired
 *   FinalSettleContract  expired                      settled
 *
 * Anything else is rejected with `lifecycle_transition_invalid`, or `instrument_expired`
 * for a session command on a contract past its last trading day. The date of a command
 * is the UTC date of its `tsMs`. `orderEntry` tells the engine whether an order may
 * enter in a state. O(1); the state is plain data, part of the engine's snapshot.
 */
import { type Ticks } from '../kernel/index.ts';
import { dateOfDay } from '../benchmark/index.ts';
import { rejection, type Rejection } from './rejection.ts';

export const instrumentStates = ['listed', 'pre_open', 'open', 'halted', 'closed', 'expired', 'settled'] as const;
export type InstrumentState = (typeof instrumentStates)[number];

export const haltReasons = ['circuit_breaker', 'limit_halt', 'operator'] as const;
export type HaltReason = (typeof haltReasons)[number];

export interface InstrumentLifecycle {
  readonly symbol: string;
  readonly state: InstrumentState;
  readonly lastTradingDate: string;
  readonly haltReason: HaltReason | null;
  /** Earliest instant a halt may end (null: when the operator says). */
  readonly resumeAtMs: number | null;
  readonly finalSettlementTicks: Ticks | null;
}

export function newLifecycle(symbol: string, lastTradingDate: string): InstrumentLifecycle {
  return { symbol, state: 'listed', lastTradingDate, haltReason: null, resumeAtMs: null, finalSettlementTicks: null };
}

export interface StartPreOpen {
  readonly type: 'StartPreOpen';
  readonly symbol: string;
}
export interface OpenTrading {
  readonly type: 'OpenTrading';
  readonly symbol: string;
}
export interface HaltTrading {
  readonly type: 'HaltTrading';
  readonly symbol: string;
  readonly reason: HaltReason;
  readonly resumeAtMs?: number;
}
export interface ResumeTrading {
  readonly type: 'ResumeTrading';
  readonly symbol: string;
}
export interface CloseTrading {
  readonly type: 'CloseTrading';
  readonly symbol: string;
}
export interface ExpireContract {
  readonly type: 'ExpireContract';
  readonly symbol: string;
}
export interface FinalSettleContract {
  readonly type: 'FinalSettleContract';
  readonly symbol: string;
  /** The benchmark's final settlement value rounded to the tick (`finalSettlementTicks`). */
  readonly priceTicks: Ticks;
}

export type LifecycleCommand =
  StartPreOpen | OpenTrading | HaltTrading | ResumeTrading | CloseTrading | ExpireContract | FinalSettleContract;

export interface InstrumentStateChanged {
  readonly type: 'InstrumentStateChanged';
  readonly symbol: string;
  readonly from: InstrumentState;
  readonly to: InstrumentState;
  readonly command: LifecycleCommand['type'];
  readonly haltReason: HaltReason | null;
  readonly resumeAtMs: number | null;
  readonly finalSettlementTicks: Ticks | null;
  readonly seq: number;
  readonly tsMs: number;
}

export interface LifecycleCommandRejected extends Rejection {
  readonly type: 'LifecycleCommandRejected';
  readonly symbol: string;
  readonly command: LifecycleCommand['type'];
  readonly state: InstrumentState;
  readonly seq: number;
  readonly tsMs: number;
}

export type LifecycleEvent = InstrumentStateChanged | LifecycleCommandRejected;

const allowedFrom: Readonly<Record<LifecycleCommand['type'], readonly InstrumentState[]>> = {
  StartPreOpen: ['listed', 'closed'],
  OpenTrading: ['pre_open'],
  HaltTrading: ['pre_open', 'open'],
  ResumeTrading: ['halted'],
  CloseTrading: ['pre_open', 'open', 'halted'],
  ExpireContract: ['listed', 'closed'],
  FinalSettleContract: ['expired'],
};

const targetOf: Readonly<Record<LifecycleCommand['type'], InstrumentState>> = {
  StartPreOpen: 'pre_open',
  OpenTrading: 'open',
  HaltTrading: 'halted',
  ResumeTrading: 'pre_open',
  CloseTrading: 'closed',
  ExpireContract: 'expired',
  FinalSettleContract: 'settled',
};

export function utcDateOf(tsMs: number): string {
  return dateOfDay(Math.floor(tsMs / 86_400_000));
}

/** Applies one lifecycle command; the state is unchanged when it is rejected. */
export function applyLifecycle(
  current: InstrumentLifecycle,
  command: LifecycleCommand,
  ctx: { readonly seq: number; readonly tsMs: number },
): { readonly state: InstrumentLifecycle; readonly event: LifecycleEvent } {
  const refused = refusal(current, command, ctx.tsMs);
  if (refused !== null) {
    const event: LifecycleCommandRejected = {
      type: 'LifecycleCommandRejected',
      ...refused,
      symbol: current.symbol,
      command: command.type,
      state: current.state,
      seq: ctx.seq,
      tsMs: ctx.tsMs,
    };
    return { state: current, event };
  }
  const to = targetOf[command.type];
  const halting = command.type === 'HaltTrading';
  const next: InstrumentLifecycle = {
    ...current,
    state: to,
    haltReason: halting ? command.reason : to === 'halted' ? current.haltReason : null,
    resumeAtMs: halting ? (command.resumeAtMs ?? null) : null,
    finalSettlementTicks: command.type === 'FinalSettleContract' ? command.priceTicks : current.finalSettlementTicks,
  };
  const event: InstrumentStateChanged = {
    type: 'InstrumentStateChanged',
    symbol: current.symbol,
    from: current.state,
    to,
    command: command.type,
    haltReason: next.haltReason,
    resumeAtMs: next.resumeAtMs,
    finalSettlementTicks: next.finalSettlementTicks,
    seq: ctx.seq,
    tsMs: ctx.tsMs,
  };
  return { state: next, event };
}

function refusal(current: InstrumentLifecycle, command: LifecycleCommand, tsMs: number): Rejection | null {
  if (command.symbol !== current.symbol) {
    return rejection('lifecycle_transition_invalid', `symbol: command for ${command.symbol} sent to ${current.symbol}`);
  }
  const date = utcDateOf(tsMs);
  const past = date > current.lastTradingDate;
  const session = command.type !== 'ExpireContract' && command.type !== 'FinalSettleContract';
  if (session && (past || current.state === 'expired' || current.state === 'settled') && command.type !== 'CloseTrading') {
    return rejection(
      'instrument_expired',
      `symbol: ${current.symbol} is ${current.state}, last trading day ${current.lastTradingDate}, command dated ${date}`,
    );
  }
  if (!allowedFrom[command.type].includes(current.state)) {
    return rejection(
      'lifecycle_transition_invalid',
      `state: ${command.type} needs ${allowedFrom[command.type].join(' or ')}, ${current.symbol} is ${current.state}`,
    );
  }
  if (command.type === 'ExpireContract' && !past && date !== current.lastTradingDate) {
    return rejection(
      'lifecycle_transition_invalid',
      `lastTradingDate: ${current.symbol} trades until ${current.lastTradingDate}, now ${date}`,
    );
  }
  if (command.type === 'ResumeTrading' && current.resumeAtMs !== null && tsMs < current.resumeAtMs) {
    return rejection(
      'lifecycle_transition_invalid',
      `resumeAtMs: the pause of ${current.symbol} lasts until ${current.resumeAtMs}, now ${tsMs}`,
    );
  }
  if (
    command.type === 'HaltTrading' &&
    command.resumeAtMs !== undefined &&
    !(Number.isSafeInteger(command.resumeAtMs) && command.resumeAtMs > tsMs)
  ) {
    return rejection('field_invalid', `resumeAtMs: ${command.resumeAtMs} is not a whole instant after ${tsMs}`);
  }
  if (command.type === 'FinalSettleContract' && !(Number.isSafeInteger(command.priceTicks) && command.priceTicks > 0)) {
    return rejection('field_invalid', `priceTicks: ${command.priceTicks} is not a positive whole number of ticks`);
  }
  return null;
}

/** Whether a new order (or a replace) may enter in this state; cancels are always allowed. */
export function orderEntry(lifecycle: InstrumentLifecycle): Rejection | null {
  switch (lifecycle.state) {
    case 'pre_open':
    case 'open':
      return null;
    case 'halted':
      return rejection('market_halted', `symbol: ${lifecycle.symbol} is halted (${lifecycle.haltReason ?? 'unknown'}); cancels only`);
    case 'listed':
    case 'closed':
      return rejection('market_closed', `symbol: ${lifecycle.symbol} is ${lifecycle.state}; orders enter from pre-open`);
    case 'expired':
    case 'settled':
      return rejection('instrument_expired', `symbol: ${lifecycle.symbol} is ${lifecycle.state}`);
  }
}

/** Whether the book matches continuously in this state (pre_open collects for the auction). */
export function matchesContinuously(lifecycle: InstrumentLifecycle): boolean {
  return lifecycle.state === 'open';
}
