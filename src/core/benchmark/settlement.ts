/**
 * Final settlement value of a cash-settled contract, derived from fixings by a stated
 * rule, with its own audit record.
 *
 * Rule `mean_of_last_fixings`: the arithmetic mean of the published values of the last
 * `fixingsCount` fixings dated on or before the last trading day whose confidence is
 * allowed; at least `fixingsMin` must be found among the last `lookbackDays` days, else
 * no value (the contract's fallback applies). The mean is exact: published values are
 * decimal strings, summed as integers of 1e-6 and divided once, rounded half-even.
 * O(n) in the number of fixings.
 */
import { assert, parseDecimal, formatScaled } from '../kernel/index.ts';
import { addDays } from './civil-date.ts';
import type { Confidence, Fixing } from './types.ts';

export interface SettlementRule {
  readonly method: 'mean_of_last_fixings';
  readonly fixingsCount: number;
  readonly fixingsMin: number;
  readonly lookbackDays: number;
  readonly confidenceAllowed: readonly Confidence[];
  readonly decimals: number;
}

export const defaultSettlementRule: SettlementRule = {
  method: 'mean_of_last_fixings',
  fixingsCount: 5,
  fixingsMin: 3,
  lookbackDays: 10,
  confidenceAllowed: ['normal', 'low'],
  decimals: 6,
};

export interface SettlementRecord {
  readonly type: 'final_settlement';
  readonly benchmarkId: string;
  readonly methodologyHash: string;
  readonly lastTradingDate: string;
  readonly rule: SettlementRule;
  readonly fixingsUsed: readonly { readonly date: string; readonly value: string; readonly confidence: Confidence }[];
  readonly skipped: readonly { readonly date: string; readonly reason: string }[];
  readonly value: string | null;
}

export function finalSettlementValue(args: {
  readonly fixings: readonly Fixing[];
  readonly lastTradingDate: string;
  readonly rule?: SettlementRule;
}): SettlementRecord {
  const rule = args.rule ?? defaultSettlementRule;
  assert(rule.fixingsCount >= 1 && rule.fixingsMin >= 1 && rule.fixingsMin <= rule.fixingsCount, 'settlement rule counts are inconsistent');
  const earliest = addDays(args.lastTradingDate, -rule.lookbackDays + 1);
  const window = [...args.fixings]
    .filter((f) => f.date <= args.lastTradingDate && f.date >= earliest)
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  const used: { date: string; value: string; confidence: Confidence }[] = [];
  const skipped: { date: string; reason: string }[] = [];
  for (const fixing of window) {
    if (used.length === rule.fixingsCount) break;
    if (fixing.value === null) skipped.push({ date: fixing.date, reason: 'no value published' });
    else if (!rule.confidenceAllowed.includes(fixing.confidence))
      skipped.push({ date: fixing.date, reason: `confidence ${fixing.confidence}` });
    else used.push({ date: fixing.date, value: fixing.value, confidence: fixing.confidence });
  }
  const first = args.fixings[0];
  return {
    type: 'final_settlement',
    benchmarkId: first?.benchmarkId ?? '',
    methodologyHash: first?.methodologyHash ?? '',
    lastTradingDate: args.lastTradingDate,
    rule,
    fixingsUsed: used,
    skipped,
    value:
      used.length >= rule.fixingsMin
        ? exactMean(
            used.map((u) => u.value),
            rule.decimals,
          )
        : null,
  };
}

/** Mean of decimal strings, exact, rounded half-even to `decimals`. */
export function exactMean(values: readonly string[], decimals: number): string {
  assert(values.length > 0, 'mean of nothing');
  let sum = 0n;
  for (const text of values) {
    const parsed = parseDecimal(text);
    assert(parsed.ok, `not a decimal: ${text}`);
    assert(parsed.value.scale <= decimals, `${text} has more than ${decimals} decimals`);
    sum += parsed.value.mantissa * 10n ** BigInt(decimals - parsed.value.scale);
  }
  const count = BigInt(values.length);
  const negative = sum < 0n;
  const magnitude = negative ? -sum : sum;
  let quotient = magnitude / count;
  const twiceRemainder = (magnitude % count) * 2n;
  if (twiceRemainder > count || (twiceRemainder === count && quotient % 2n === 1n)) quotient += 1n;
  return formatScaled({ mantissa: negative ? -quotient : quotient, scale: decimals });
}
