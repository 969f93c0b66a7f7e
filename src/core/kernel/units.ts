/**
 * Branded integer units: prices in ticks, quantities in lots, money in minor units.
 *
 * Ticks and lots are `number` restricted to safe integers so the hot path stays on
 * small integers; money is `bigint` because notional and P&L outgrow 2^53. The brand
 * makes a price-for-a-quantity mix-up a compile error. Constructors assert.
 */
import { assert } from './assert.ts';

declare const tickBrand: unique symbol;
declare const lotBrand: unique symbol;
declare const minorBrand: unique symbol;

/** A price as an integer count of the instrument's tick size. */
export type Ticks = number & { readonly [tickBrand]: 'ticks' };
/** A quantity as an integer count of the instrument's lot size. */
export type Lots = number & { readonly [lotBrand]: 'lots' };
/** Money as an integer count of the currency's minor unit (cents for USD). */
export type Minor = bigint & { readonly [minorBrand]: 'minor' };

export function ticks(value: number): Ticks {
  assert(Number.isSafeInteger(value), `ticks must be a safe integer, got ${value}`);
  return value as Ticks;
}

export function lots(value: number): Lots {
  assert(Number.isSafeInteger(value), `lots must be a safe integer, got ${value}`);
  return value as Lots;
}

export function minor(value: bigint): Minor {
  return value as Minor;
}

/** Notional of `qty` lots at `price` ticks, each tick worth `tickValue` minor units per lot. Exact. */
export function notionalMinor(price: Ticks, qty: Lots, tickValueMinor: Minor): Minor {
  return (BigInt(price) * BigInt(qty) * tickValueMinor) as Minor;
}
