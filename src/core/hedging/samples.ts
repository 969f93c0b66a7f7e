/**
 * Aligning the firm's price with the benchmark: one sample per calendar month, on the
 * month's last day, when both the firm's price and a published benchmark value
 * (confidence normal or low; fallback and none are not market prices) exist that day.
 * Changes are taken between samples of consecutive calendar months only, so a gap in
 * either series never produces a change spanning several months.
 *
 * Why monthly: the exposure is monthly and each contract month settles once, so the
 * hedge horizon is a month; the ratio is estimated on changes over that horizon.
 * Pure; O(months).
 */
import { isCivilDate, type Fixing } from '../benchmark/index.ts';
import type { OwnPriceSeries } from './own-price.ts';

export interface MonthSample {
  readonly month: string;
  readonly date: string;
  readonly ownPrice: number;
  /** The benchmark value, as published (decimal string), and as a number. */
  readonly benchmarkValue: string;
  readonly benchmark: number;
}

export interface MonthChange {
  /** Month the change ends in. */
  readonly month: string;
  readonly from: MonthSample;
  readonly to: MonthSample;
  readonly ownChange: number;
  readonly benchmarkChange: number;
}

export function lastDayOfMonth(month: string): string {
  for (const day of ['31', '30', '29']) {
    if (isCivilDate(`${month}-${day}`)) return `${month}-${day}`;
  }
  return `${month}-28`;
}

export function nextMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const y = String(m === 12 ? year + 1 : year).padStart(4, '0');
  return `${y}-${m === 12 ? '01' : String(m + 1).padStart(2, '0')}`;
}

/** Samples from `from` to `to` (inclusive dates; a month counts when its last day is in range). */
export function monthSamples(own: OwnPriceSeries, fixings: readonly Fixing[], from: string, to: string): MonthSample[] {
  const byDate = new Map<string, Fixing>(fixings.map((f) => [f.date, f]));
  const samples: MonthSample[] = [];
  const start = [from, own.first, fixings[0]?.date ?? from].reduce((a, b) => (a > b ? a : b));
  for (let month = start.slice(0, 7); month <= to.slice(0, 7); month = nextMonth(month)) {
    const date = lastDayOfMonth(month);
    if (date < from || date > to || date < own.first || date > own.last) continue;
    const fixing = byDate.get(date);
    const ownPrice = own.priceOn(date);
    if (fixing?.value == null || ownPrice === null) continue;
    if (fixing.confidence !== 'normal' && fixing.confidence !== 'low') continue;
    samples.push({ month, date, ownPrice, benchmarkValue: fixing.value, benchmark: Number(fixing.value) });
  }
  return samples;
}

export function monthChanges(samples: readonly MonthSample[]): MonthChange[] {
  const changes: MonthChange[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1];
    const b = samples[i];
    if (a === undefined || b === undefined || nextMonth(a.month) !== b.month) continue;
    changes.push({ month: b.month, from: a, to: b, ownChange: b.ownPrice - a.ownPrice, benchmarkChange: b.benchmark - a.benchmark });
  }
  return changes;
}
