/**
 * The clearing house's state as plain data: what a snapshot stores and what the engine's
 * state hash covers. JSON-able as it is: every bigint amount is a decimal string, and
 * there are no Maps, Sets or `undefined`.
 *
 * Canonical: equal states give byte-identical `JSON.stringify` output, whatever order
 * the maps and sets inside the house were filled in. Arrays whose order is part of the
 * state (products, instruments, members and accounts in the order they were added, which
 * numbers their ledger accounts and orders the events of a cycle; ledger accounts in the
 * order opened) keep that order; everything else is sorted: per-currency lists in the
 * order of `config.currencies`, positions in instrument (listing) order, cycle keys as
 * strings. Zero entries that behave exactly like absent ones are left out (ledger balances,
 * net deposits). Derived data is not stored and is rebuilt on restore: risk arrays (from
 * price and margin parameters), holder counts, the open-call set, lookup maps, scratch.
 * Settlement prices of closed days are kept only for the days a statement refers to.
 */
import type { AccountKind } from './types.ts';

export interface LedgerSnapshot {
  /** Ledger account names by id (the order they were opened). */
  readonly accounts: readonly string[];
  /** Non-zero balances, by account id then currency in `currencies` order. */
  readonly balances: readonly { readonly account: number; readonly currency: string; readonly balanceMinor: string }[];
  readonly entries: number;
}

export interface ProductSnapshot {
  readonly root: string;
  readonly currency: string;
  readonly tickValueMinor: string;
  readonly makerFeePerLotMinor: string;
  readonly takerFeePerLotMinor: string;
  readonly margin: {
    readonly scanRangeBps: number;
    readonly spreadChargeBps: number;
    readonly initialToMaintenance: { readonly num: number; readonly den: number };
  };
}

export interface InstrumentSnapshot {
  readonly symbol: string;
  readonly root: string;
  /** Reference price: the last settlement price (the final one once final-settled). */
  readonly priceTicks: number;
  readonly finalSettled: boolean;
}

export interface PositionSnapshot {
  readonly symbol: string;
  readonly netLots: number;
  readonly openCostTicksLots: string;
  readonly realisedTicksLots: string;
  readonly markBasisTicksLots: string;
  readonly boughtLots: number;
  readonly soldLots: number;
  readonly countsDay: number;
}

export interface DayCashSnapshot {
  readonly currency: string;
  readonly openingMinor: string;
  readonly depositsMinor: string;
  readonly withdrawalsMinor: string;
  readonly feesMinor: string;
  readonly variationMarginMinor: string;
  readonly finalSettlementMinor: string;
  readonly defaultCoverMinor: string;
}

export interface MarginCallSnapshot {
  readonly callId: number;
  readonly currency: string;
  readonly amountMinor: string;
  readonly deadlineMs: number;
  readonly depositedMinor: string;
}

/** What the last end-of-day cycle froze for the account's statement. */
export interface ClosedDaySnapshot {
  readonly date: string;
  readonly tradingDay: number;
  readonly day: readonly DayCashSnapshot[];
  /** Per currency, in `config.currencies` order. */
  readonly closingMinor: readonly string[];
  readonly initialMinor: readonly string[];
  readonly maintenanceMinor: readonly string[];
  /** The positions as they were at the close, once they have changed since; null while they have not. */
  readonly positions: readonly PositionSnapshot[] | null;
}

export interface AccountSnapshot {
  readonly id: string;
  readonly member: string;
  readonly kind: AccountKind;
  readonly inDefault: boolean;
  /** Position records (flat ones included until final settlement), in instrument order. */
  readonly positions: readonly PositionSnapshot[];
  /** Cash movements since the last end-of-day cycle, per currency touched. */
  readonly day: readonly DayCashSnapshot[];
  readonly call: MarginCallSnapshot | null;
  /** Deposits minus withdrawals since the account opened, non-zero ones only. */
  readonly netDeposits: readonly { readonly currency: string; readonly amountMinor: string }[];
  readonly closed: ClosedDaySnapshot | null;
}

export interface ClearingSnapshot {
  readonly format: 'tokex-clearing-snapshot';
  readonly version: 1;
  readonly config: {
    readonly currencies: readonly string[];
    readonly marginCallWindowMs: number;
    readonly skinInTheGameMinor: string;
    readonly assessmentMultiple: number;
  };
  readonly products: readonly ProductSnapshot[];
  readonly instruments: readonly InstrumentSnapshot[];
  /** Member ids in admission order. */
  readonly members: readonly string[];
  readonly accounts: readonly AccountSnapshot[];
  readonly ledger: LedgerSnapshot;
  /** Own capital still committed ahead of the members' default fund, per currency. */
  readonly skinInTheGameLeftMinor: readonly string[];
  /** Cycles run, as `date#rank` keys (rank 0 intraday, 1 end of day), sorted. */
  readonly cyclesRun: readonly string[];
  readonly lastCycleKey: string;
  readonly nextCallId: number;
  /** Trading days closed by end-of-day cycles. */
  readonly tradingDay: number;
  /** Settlement prices by instrument index of the closed days that statements refer to, by day. */
  readonly closedPrices: readonly { readonly tradingDay: number; readonly pricesTicks: readonly number[] }[];
}
