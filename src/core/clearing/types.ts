/**
 * The clearing context's input vocabulary: what it needs to know about a product, its
 * risk parameters, the clearing house's own configuration, and the result type of a
 * clearing operation (accepted with events, or rejected with a numbered code).
 *
 * `ClearingProduct` is deliberately small so that it does not depend on the contracts
 * context's full product file: `clearingProductOf` (product-of-spec.ts) maps one onto
 * the other. Money is bigint minor units; rates are integer basis points.
 */
import type { Minor, RejectCode, RejectName } from '../kernel/index.ts';
import type { ClearingEvent } from './events.ts';

/** SPAN-style risk parameters of one product (all contract months share them). */
export interface MarginParams {
  /** Price scan range as a share of the contract's price, in basis points (rounded up once, at calibration). */
  readonly scanRangeBps: number;
  /** Intra-commodity (calendar spread) charge per spread, as basis points of the larger leg's notional. */
  readonly spreadChargeBps: number;
  /** Initial margin = maintenance x ratio; maintenance = ceil(initial x den / num). num >= den > 0. */
  readonly initialToMaintenance: { readonly num: number; readonly den: number };
}

export interface ClearingProduct {
  /** Root symbol, e.g. "TOK"; contracts are root + month code + yy. */
  readonly root: string;
  /** Currency of prices, variation margin and fees, e.g. "USD". */
  readonly currency: string;
  /** Money value of one tick on one lot, in minor units of `currency`. */
  readonly tickValueMinor: Minor;
  /** Fee per lot filled, charged to each side of a trade. */
  readonly makerFeePerLotMinor: Minor;
  readonly takerFeePerLotMinor: Minor;
  readonly margin: MarginParams;
}

export interface ClearingConfig {
  /** Currencies collateral may be held in. */
  readonly currencies: readonly string[];
  /** Time a member has to meet a margin call, in milliseconds after the call. */
  readonly marginCallWindowMs: number;
  /** The clearing house's own capital put ahead of the surviving members' default fund ("skin in the game"). */
  readonly skinInTheGameMinor: Minor;
  /** Largest assessment per surviving member, as a multiple of its default-fund contribution (e.g. 1 = once more). */
  readonly assessmentMultiple: number;
}

export type ClearingResult =
  | { readonly ok: true; readonly events: readonly ClearingEvent[] }
  | { readonly ok: false; readonly code: RejectCode; readonly name: RejectName; readonly reason: string };

export type AccountKind = 'house' | 'customer';

/** Kinds of settlement cycle; both run the same code. */
export const settlementCycles = ['intraday', 'end_of_day'] as const;
export type SettlementCycle = (typeof settlementCycles)[number];
