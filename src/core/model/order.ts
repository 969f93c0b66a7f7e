/**
 * The vocabulary of an order: side, type, time in force, self-trade prevention.
 *
 * `as const` objects with string unions (no TypeScript enums): the strings are what
 * commands and events carry on the wire and in the journal.
 */

export const sides = ['buy', 'sell'] as const;
export type Side = (typeof sides)[number];

/**
 * limit: rests at its price. market: market with protection, priced at the best
 * opposite price plus or minus the instrument's protection ticks. stop: stop with
 * protection, becomes a market with protection when triggered. stop_limit: becomes a
 * limit order when triggered. Stops trigger on the last trade price.
 */
export const orderTypes = ['limit', 'market', 'stop', 'stop_limit'] as const;
export type OrderType = (typeof orderTypes)[number];

/** day: until the session's day orders expire; gtd: until `expiryMs`; ioc: fill and kill; fok: fill or kill. */
export const timesInForce = ['day', 'gtc', 'gtd', 'ioc', 'fok'] as const;
export type TimeInForce = (typeof timesInForce)[number];

/**
 * Self-trade prevention, opt-in per order as on CME Globex; the taker's mode applies.
 * Two orders would self-trade when they share an account, or when the taker names an
 * STP group and the maker names the same group.
 */
export const stpModes = ['none', 'cancel_taker', 'cancel_maker', 'cancel_both'] as const;
export type StpMode = (typeof stpModes)[number];

/** Why a working order stopped working without a fill or an expiry. */
export const cancelReasons = [
  'requested', // the owner cancelled it
  'mass_cancel', // a mass cancel by account or instrument
  'unfilled_remainder', // IOC, FOK-after-check or market remainder that may not rest
  'self_trade', // self-trade prevention
] as const;
export type CancelReason = (typeof cancelReasons)[number];

export const expiryScopes = ['day', 'gtd'] as const;
export type ExpiryScope = (typeof expiryScopes)[number];

export function oppositeSide(side: Side): Side {
  return side === 'buy' ? 'sell' : 'buy';
}
