/**
 * What the matching engine needs to know about an instrument.
 *
 * Prices inside the core are integer ticks of `tickSize`, quantities integer lots of
 * `lotSize`; both sizes are decimal strings so the wire conversion is exact. The
 * contracts context (later) adds the product specification around this.
 */
import type { Lots, Ticks } from '../kernel/index.ts';

export interface InstrumentSpec {
  /** Root + month code + two-digit year, for example `TOKZ26`. */
  readonly symbol: string;
  /** Decimal size of one tick in the quote unit, for example "0.01". */
  readonly tickSize: string;
  /** Decimal size of one lot in contracts, for example "1". */
  readonly lotSize: string;
  /** Lowest and highest price accepted, in ticks (inclusive). */
  readonly priceTicksMin: Ticks;
  readonly priceTicksMax: Ticks;
  /** Largest quantity of one order, in lots. */
  readonly orderQtyLotsMax: Lots;
  /** Protection range of market and stop orders, in ticks. */
  readonly marketProtectionTicks: Ticks;
}
