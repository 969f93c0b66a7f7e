/**
 * Formatting of a simulation result's integers for people: prices from ticks with the
 * product's tick size, money from minor units in major units, exact decimal strings
 * (kernel/decimal.ts), never floating point. Percentages and ratios are analytics with
 * fixed decimals. Pure; O(digits).
 */
import { formatSteps, parseStep } from '../../core/kernel/index.ts';
import type { SimProduct } from '../simulation.ts';

/** Minor units as a decimal of the major unit ("-1234.56"). */
export function formatMinor(minor: string | bigint, digits: number): string {
  return formatSteps(BigInt(minor), { mantissa: 1n, scale: digits });
}

export interface Formats {
  readonly price: (ticks: number | null) => string;
  readonly money: (minor: string | null) => string;
}

export function formatsOf(product: SimProduct): Formats {
  const step = parseStep(product.tickSize);
  return {
    price: (ticks) => (ticks === null ? '-' : formatSteps(ticks, step)),
    money: (minor) => (minor === null ? '-' : formatMinor(minor, product.minorDigits)),
  };
}

export function percent(value: number | null, digits = 1): string {
  return value === null ? 'n/a' : `${value.toFixed(digits)}%`;
}
