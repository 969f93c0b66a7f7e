/**
 * Business days of a product: weekdays that are not in its holiday list.
 *
 * Dates are `YYYY-MM-DD` strings; day arithmetic reuses the benchmark context's civil
 * date helpers (day 0 = 1970-01-01, a Thursday). Holiday lookups are O(log h) over the
 * sorted list; moving by n business days is O(n + weekends + holidays).
 */
import { assert } from '../kernel/index.ts';
import { addDays, dayOfDate, dateOfDay } from '../benchmark/index.ts';

/** ISO weekday of a date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: string): number {
  return mod(dayOfDate(date) + 3, 7) + 1;
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

function isHoliday(holidays: readonly string[], date: string): boolean {
  let lo = 0;
  let hi = holidays.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = holidays[mid] ?? '';
    if (at === date) return true;
    if (at < date) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export function isBusinessDay(holidays: readonly string[], date: string): boolean {
  return isoWeekday(date) <= 5 && !isHoliday(holidays, date);
}

/** The business day `count` business days after `date` (count >= 1), or before it when negative. */
export function addBusinessDays(holidays: readonly string[], date: string, count: number): string {
  assert(Number.isSafeInteger(count) && count !== 0, `business day count must be a non-zero integer: ${count}`);
  const step = count > 0 ? 1 : -1;
  let remaining = Math.abs(count);
  let day = dayOfDate(date);
  while (remaining > 0) {
    day += step;
    if (isBusinessDay(holidays, dateOfDay(day))) remaining -= 1;
  }
  return dateOfDay(day);
}

/** `date` itself when it is a business day, else the closest business day before it. */
export function businessDayOnOrBefore(holidays: readonly string[], date: string): string {
  return isBusinessDay(holidays, date) ? date : addBusinessDays(holidays, date, -1);
}

/** The last calendar day of a month. */
export function lastDayOfMonth(year: number, month: number): string {
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return addDays(monthStart(next.year, next.month), -1);
}

export function monthStart(year: number, month: number): string {
  assert(Number.isSafeInteger(year) && year >= 1 && year <= 9999, `year out of range: ${year}`);
  assert(Number.isSafeInteger(month) && month >= 1 && month <= 12, `month out of range: ${month}`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
}
