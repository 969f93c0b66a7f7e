/**
 * Calendar dates as `YYYY-MM-DD` strings and day numbers, without a clock.
 *
 * The core may not use `Date`, so day arithmetic is done on the proleptic Gregorian
 * calendar with Howard Hinnant's days-from-civil algorithm: day 0 is 1970-01-01.
 * Invariants: `dateOfDay(dayOfDate(d)) === d` for every valid date; O(1) each.
 */
import { assert } from '../kernel/index.ts';

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a well-formed, existing calendar date such as "2024-02-29". */
export function isCivilDate(text: string): boolean {
  const match = datePattern.exec(text);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function dayOfDate(date: string): number {
  assert(isCivilDate(date), `not a calendar date: ${date}`);
  let year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  year -= month <= 2 ? 1 : 0;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The `YYYY-MM-DD` date of a day number. */
export function dateOfDay(dayNumber: number): string {
  assert(Number.isSafeInteger(dayNumber), `day number must be an integer: ${dayNumber}`);
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Memo of `dayOfDate` for the dates a series touches; cleared when it reaches its limit. */
const dayMemo = new Map<string, number>();
const dayMemoMax = 100_000;

function memoDay(date: string): number {
  let day = dayMemo.get(date);
  if (day === undefined) {
    day = dayOfDate(date);
    if (dayMemo.size >= dayMemoMax) dayMemo.clear();
    dayMemo.set(date, day);
  }
  return day;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return memoDay(to) - memoDay(from);
}

export function addDays(date: string, days: number): string {
  return dateOfDay(dayOfDate(date) + days);
}
