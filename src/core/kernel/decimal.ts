/**
 * Exact decimal strings on the wire, integers inside.
 *
 * `parseScaled("100.25", step "0.05")` gives 2005 steps; "100.26" is rejected, never
 * rounded. The work is done in bigint so no binary fraction ever appears. A step is
 * itself a positive decimal string (a tick size, a lot size, a currency's minor unit).
 *
 * Grammar accepted: optional '-', digits, optional '.' and digits; no exponent, no
 * '+', no spaces, no leading '.', at most `decimalDigitsMax` digits in all.
 */
import { assert } from './assert.ts';
import { limits } from './limits.ts';

/** A decimal as `mantissa / 10^scale`. */
export interface ScaledDecimal {
  readonly mantissa: bigint;
  readonly scale: number;
}

export type DecimalResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string };

const decimalPattern = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

export function parseDecimal(text: string): DecimalResult<ScaledDecimal> {
  if (text.length === 0) return { ok: false, reason: 'is empty' };
  if (text.length > limits.decimalDigitsMax + 2 || !decimalPattern.test(text)) {
    return { ok: false, reason: `"${clip(text)}" is not a plain decimal number` };
  }
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const dot = body.indexOf('.');
  const intPart = dot < 0 ? body : body.slice(0, dot);
  const fracPart = dot < 0 ? '' : body.slice(dot + 1);
  if (intPart.length + fracPart.length > limits.decimalDigitsMax) {
    return { ok: false, reason: `"${clip(text)}" has more than ${limits.decimalDigitsMax} digits` };
  }
  const magnitude = BigInt(intPart + fracPart);
  return { ok: true, value: { mantissa: negative ? -magnitude : magnitude, scale: fracPart.length } };
}

/** Parses a step (tick size, lot size): a strictly positive decimal. Throws on a bad constant. */
export function parseStep(text: string): ScaledDecimal {
  const parsed = parseDecimal(text);
  assert(parsed.ok, `step "${text}" is not a decimal`);
  assert(parsed.value.mantissa > 0n, `step "${text}" must be positive`);
  return parsed.value;
}

/**
 * The integer number of `step`s in `text`. Rejects text that is not a decimal, not an
 * exact multiple of the step, or whose count is not a safe integer.
 */
export function parseSteps(text: string, step: ScaledDecimal): DecimalResult<number> {
  assert(step.mantissa > 0n, `step ${formatScaled(step)} must be positive`);
  const parsed = parseDecimal(text);
  if (!parsed.ok) return parsed;
  const { mantissa, scale } = parsed.value;
  // Bring both to the larger scale so the division is between integers.
  const common = Math.max(scale, step.scale);
  const valueAtCommon = mantissa * 10n ** BigInt(common - scale);
  const stepAtCommon = step.mantissa * 10n ** BigInt(common - step.scale);
  if (valueAtCommon % stepAtCommon !== 0n) {
    return { ok: false, reason: `${text} is not a multiple of ${formatScaled(step)}` };
  }
  const count = valueAtCommon / stepAtCommon;
  if (count > BigInt(Number.MAX_SAFE_INTEGER) || count < BigInt(Number.MIN_SAFE_INTEGER)) {
    return { ok: false, reason: `${clip(text)} is out of range` };
  }
  return { ok: true, value: Number(count) };
}

/** Formats `count` steps as a decimal string with exactly the step's number of decimals. */
export function formatSteps(count: number | bigint, step: ScaledDecimal): string {
  return formatScaled({ mantissa: BigInt(count) * step.mantissa, scale: step.scale });
}

export function formatScaled(value: ScaledDecimal): string {
  const negative = value.mantissa < 0n;
  const digits = (negative ? -value.mantissa : value.mantissa).toString();
  if (value.scale === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(value.scale + 1, '0');
  const cut = padded.length - value.scale;
  return `${negative ? '-' : ''}${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
