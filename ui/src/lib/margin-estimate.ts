/**
 * The initial margin an order needs, estimated in the browser the way the clearing house
 * computes it (src/core/clearing/span.ts) for an outright futures position: one lot's
 * price scan range psr = ceil(price x tickValue x scanBps / 10 000) minor units, and a
 * position of n lots needs ceil(n x psr x 1.05) (the SPAN extreme move: 35% of three
 * scan ranges). The scan range is the product's initial margin rate (its starting margin
 * parameters). All in bigint minor units.
 *
 * The order's need is what it adds to the position of its symbol: margin(|net + order|)
 * minus margin(|net|), never below zero (an order that reduces the position needs
 * nothing). Known limits: the server also counts the account's other working orders at
 * their worst case, calendar-spread charges, calibrated margin rates and the loss of a
 * limit worse than the reference price, so it can refuse an order this estimate lets
 * through; the ticket then shows the server's reason. O(1).
 */
import { ceilDiv } from './decimal.ts';

export interface MarginInputs {
  /** Price of one lot in ticks (the limit price, or the best opposite price of a market order). */
  readonly priceTicks: bigint;
  readonly tickValueMinor: bigint;
  readonly initialBps: number;
  /** The account's net position in the symbol, lots (negative: short). */
  readonly netLots: bigint;
  /** The order: positive buys, negative sells. */
  readonly orderLots: bigint;
}

/** Initial margin of an outright position of `lots` (either sign) at one lot's scan range `psrMinor`. */
export function outrightMarginMinor(lots: bigint, psrMinor: bigint): bigint {
  const size = lots < 0n ? -lots : lots;
  return ceilDiv(size * psrMinor * 21n, 20n);
}

export function scanRangeMinor(priceTicks: bigint, tickValueMinor: bigint, initialBps: number): bigint {
  return ceilDiv(priceTicks * tickValueMinor * BigInt(initialBps), 10_000n);
}

/** The extra initial margin the order needs, minor units (0 when it reduces the position). */
export function orderMarginMinor(inputs: MarginInputs): bigint {
  const psr = scanRangeMinor(inputs.priceTicks, inputs.tickValueMinor, inputs.initialBps);
  const after = outrightMarginMinor(inputs.netLots + inputs.orderLots, psr);
  const before = outrightMarginMinor(inputs.netLots, psr);
  return after > before ? after - before : 0n;
}
