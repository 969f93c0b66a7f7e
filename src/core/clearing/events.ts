/**
 * Events out of the clearing house: immutable, past tense, in the order they happened.
 * Amounts are bigint minor units of `currency`; a positive variation margin is paid to
 * the account, a negative one collected from it. The clearing house never places an
 * order itself: `CancelWorkingOrdersRequested` and `CloseOutRequested` ask the engine to
 * act through the market, and the resulting fills come back as trades.
 */
import type { Minor } from '../kernel/index.ts';
import type { SettlementCycle } from './types.ts';

export interface CollateralDeposited {
  readonly type: 'CollateralDeposited';
  readonly account: string;
  readonly currency: string;
  readonly amountMinor: Minor;
  readonly balanceMinor: Minor;
}

export interface CollateralWithdrawn {
  readonly type: 'CollateralWithdrawn';
  readonly account: string;
  readonly currency: string;
  readonly amountMinor: Minor;
  readonly balanceMinor: Minor;
}

export interface DefaultFundContributed {
  readonly type: 'DefaultFundContributed';
  readonly member: string;
  readonly currency: string;
  readonly amountMinor: Minor;
  readonly balanceMinor: Minor;
}

export interface TradeCleared {
  readonly type: 'TradeCleared';
  readonly symbol: string;
  readonly tradeId: number;
  readonly account: string;
  /** Buy > 0. */
  readonly signedQtyLots: number;
  readonly priceTicks: number;
  readonly netLots: number;
  /** P&L of the lots this trade closed, against their average cost. */
  readonly realisedMinor: Minor;
  readonly feeMinor: Minor;
}

export interface VariationMarginPosted {
  readonly type: 'VariationMarginPosted';
  readonly date: string;
  readonly cycle: SettlementCycle;
  readonly account: string;
  readonly currency: string;
  readonly amountMinor: Minor;
}

export interface SettlementCycleCompleted {
  readonly type: 'SettlementCycleCompleted';
  readonly date: string;
  readonly cycle: SettlementCycle;
  readonly tsMs: number;
  readonly accountsPosted: number;
  /** Per currency: total paid to accounts (= total collected from accounts). */
  readonly totals: readonly { readonly currency: string; readonly paidMinor: Minor; readonly collectedMinor: Minor }[];
}

export interface MarginCallIssued {
  readonly type: 'MarginCallIssued';
  readonly account: string;
  readonly currency: string;
  readonly callId: number;
  readonly equityMinor: Minor;
  readonly maintenanceMinor: Minor;
  readonly initialMinor: Minor;
  /** Amount that brings equity back to initial margin. */
  readonly amountMinor: Minor;
  readonly deadlineMs: number;
}

export interface MarginCallMet {
  readonly type: 'MarginCallMet';
  readonly account: string;
  readonly callId: number;
  readonly tsMs: number;
}

export interface MarginCallMissed {
  readonly type: 'MarginCallMissed';
  readonly account: string;
  readonly callId: number;
  readonly tsMs: number;
}

export interface DefaultDeclared {
  readonly type: 'DefaultDeclared';
  readonly account: string;
  readonly member: string;
  readonly tsMs: number;
  readonly equityMinor: Minor;
}

export interface CancelWorkingOrdersRequested {
  readonly type: 'CancelWorkingOrdersRequested';
  readonly account: string;
}

export interface CloseOutRequested {
  readonly type: 'CloseOutRequested';
  readonly account: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly qtyLots: number;
}

export const waterfallSteps = ['defaulter_margin', 'defaulter_default_fund', 'ccp_capital', 'members_default_fund', 'assessments'] as const;
export type WaterfallStep = (typeof waterfallSteps)[number];

export interface WaterfallStepApplied {
  readonly type: 'WaterfallStepApplied';
  readonly account: string;
  readonly step: WaterfallStep;
  readonly currency: string;
  readonly amountMinor: Minor;
  /** Loss still uncovered after this step. */
  readonly remainingMinor: Minor;
  /** Per surviving member for the mutualised steps, sorted by member. */
  readonly byMember: readonly { readonly member: string; readonly amountMinor: Minor }[];
}

export interface DefaultLossUncovered {
  readonly type: 'DefaultLossUncovered';
  readonly account: string;
  readonly currency: string;
  readonly amountMinor: Minor;
}

export interface FinalSettlementPosted {
  readonly type: 'FinalSettlementPosted';
  readonly symbol: string;
  readonly date: string;
  readonly account: string;
  readonly priceTicks: number;
  readonly closedLots: number;
  readonly amountMinor: Minor;
}

export interface ContractFinalSettled {
  readonly type: 'ContractFinalSettled';
  readonly symbol: string;
  readonly date: string;
  readonly priceTicks: number;
  readonly accounts: number;
}

export type ClearingEvent =
  | CollateralDeposited
  | CollateralWithdrawn
  | DefaultFundContributed
  | TradeCleared
  | VariationMarginPosted
  | SettlementCycleCompleted
  | MarginCallIssued
  | MarginCallMet
  | MarginCallMissed
  | DefaultDeclared
  | CancelWorkingOrdersRequested
  | CloseOutRequested
  | WaterfallStepApplied
  | DefaultLossUncovered
  | FinalSettlementPosted
  | ContractFinalSettled;
