/**
 * The trading day's schedule in UTC: when the clock should send StartPreOpen,
 * OpenTrading and CloseTrading, and which window the daily settlement reads.
 *
 * A trading day is one UTC calendar date that is a business day of the product; its
 * session times are "HH:MM" offsets from that date's midnight UTC, with
 * preOpen < open <= closingWindowStart < close <= 24:00. No session on weekends and
 * holidays. O(log holidays).
 */
import { assert } from '../kernel/index.ts';
import { dateOfDay, dayOfDate } from '../benchmark/index.ts';
import { isBusinessDay } from './business-days.ts';
import type { ProductSpec } from './product-spec.ts';

export const msPerDay = 86_400_000;

/** Minutes after midnight of "HH:MM" (00:00 to 24:00), or null when malformed. */
export function minutesOfTime(text: string): number | null {
  const match = /^([01][0-9]|2[0-4]):([0-5][0-9])$/.exec(text);
  if (match === null) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 24 * 60 ? minutes : null;
}

export interface SessionSchedule {
  readonly date: string;
  readonly businessDay: boolean;
  readonly preOpenMs: number;
  readonly openMs: number;
  readonly closingWindowStartMs: number;
  readonly closeMs: number;
}

export function sessionSchedule(product: ProductSpec, date: string): SessionSchedule {
  const midnight = dayOfDate(date) * msPerDay;
  const at = (time: string): number => {
    const minutes = minutesOfTime(time);
    assert(minutes !== null, `session time "${time}" of ${product.root} is not HH:MM`);
    return midnight + minutes * 60_000;
  };
  return {
    date,
    businessDay: isBusinessDay(product.holidays, date),
    preOpenMs: at(product.sessions.preOpen),
    openMs: at(product.sessions.open),
    closingWindowStartMs: at(product.sessions.closingWindowStart),
    closeMs: at(product.sessions.close),
  };
}

export type SchedulePhase = 'pre_open' | 'open' | 'closed';

/** The phase the schedule sets at `tsMs` (halts are state, not schedule). */
export function schedulePhaseAt(product: ProductSpec, tsMs: number): SchedulePhase {
  const day = Math.floor(tsMs / msPerDay);
  const schedule = sessionSchedule(product, dateOfDay(day));
  if (!schedule.businessDay || tsMs < schedule.preOpenMs || tsMs >= schedule.closeMs) return 'closed';
  return tsMs < schedule.openMs ? 'pre_open' : 'open';
}
