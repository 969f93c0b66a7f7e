/**
 * Exact decimal strings for the web app: the server sends prices, sizes and money as
 * decimal strings, and the app turns them into integer steps (ticks, lots, minor units)
 * with bigint, never into binary floating point, before it compares, sums or checks them.
 *
 * `toSteps("5.114", "0.001")` is 5114n; "5.1145" is refused as not a multiple of the
 * step, never rounded (the server's rule, DESIGN.md section 4). `Number(...)` of a
 * decimal is used only to draw (charts, bar widths), never to decide. O(digits).
 */

/** A decimal as `mantissa / 10^scale`. */
export interface Scaled {
  readonly mantissa: bigint;
  readonly scale: number;
}

export type StepsResult = { readonly ok: true; readonly steps: bigint } | { readonly ok: false; readonly reason: string };

const grammar = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
/** Digits accepted in one decimal (the server's limit is of the same order). */
const digitsMax = 30;

export function parseScaled(text: string): Scaled | null {
  if (text.length === 0 || text.length > digitsMax + 2 || !grammar.test(text)) return null;
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const [whole = '', fraction = ''] = body.split('.');
  const magnitude = BigInt(whole + fraction);
  return { mantissa: negative ? -magnitude : magnitude, scale: fraction.length };
}

/** The count of `step`s in `text`, or why there is none. */
export function toSteps(text: string, step: string): StepsResult {
  const value = parseScaled(text);
  if (value === null) return { ok: false, reason: `"${text}" is not a plain decimal number` };
  const unit = parseScaled(step);
  if (unit === null || unit.mantissa <= 0n) return { ok: false, reason: `the step ${step} is not a positive decimal` };
  const common = Math.max(value.scale, unit.scale);
  const valueAt = value.mantissa * 10n ** BigInt(common - value.scale);
  const unitAt = unit.mantissa * 10n ** BigInt(common - unit.scale);
  if (valueAt % unitAt !== 0n) return { ok: false, reason: `${text} is not a multiple of ${step}` };
  return { ok: true, steps: valueAt / unitAt };
}

/** Steps known to be exact (the server's own numbers): throws on a string that is not a multiple. */
export function stepsOf(text: string, step: string): bigint {
  const result = toSteps(text, step);
  if (!result.ok) throw new Error(result.reason);
  return result.steps;
}

/** `count` steps as a decimal string with the step's number of decimals. */
export function formatSteps(count: bigint, step: string): string {
  const unit = parseScaled(step);
  if (unit === null) throw new Error(`the step ${step} is not a decimal`);
  return formatScaled({ mantissa: count * unit.mantissa, scale: unit.scale });
}

export function formatScaled(value: Scaled): string {
  const negative = value.mantissa < 0n;
  const digits = (negative ? -value.mantissa : value.mantissa).toString().padStart(value.scale + 1, '0');
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = digits.slice(digits.length - value.scale);
  return `${negative ? '-' : ''}${whole}${value.scale > 0 ? `.${fraction}` : ''}`;
}

/** Minor units of a money string in a currency with `minorDigits` decimals ("12.3" -> 1230n at 2). */
export function moneyMinor(text: string, minorDigits: number): bigint {
  const value = parseScaled(text);
  if (value === null) throw new Error(`"${text}" is not a money amount`);
  if (value.scale > minorDigits) throw new Error(`"${text}" has more than ${minorDigits} decimals`);
  return value.mantissa * 10n ** BigInt(minorDigits - value.scale);
}

/** Minor units as a money string with thousands separators ("1,234.50"). */
export function formatMoney(minor: bigint, minorDigits: number): string {
  const plain = formatScaled({ mantissa: minor, scale: minorDigits });
  const negative = plain.startsWith('-');
  const [whole = '', fraction] = (negative ? plain.slice(1) : plain).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** Ceiling of a / b for b > 0. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a > 0n && a % b !== 0n ? q + 1n : q;
}
