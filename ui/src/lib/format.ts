/**
 * Display helpers: times in UTC (the exchange's day and sessions are UTC), and short
 * labels. Nothing here computes with prices or money; those stay decimal strings or
 * bigint (decimal.ts).
 */

/** "18:31:20" in UTC. */
export function timeUtc(tsMs: number): string {
  return new Date(tsMs).toISOString().slice(11, 19);
}

/** "2026-11-21 18:31" in UTC. */
export function dateTimeUtc(tsMs: number): string {
  const iso = new Date(tsMs).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** Today's UTC date, YYYY-MM-DD. */
export function todayUtc(nowMs: number = Date.now()): string {
  return new Date(nowMs).toISOString().slice(0, 10);
}

/** `date` plus `days` calendar days, YYYY-MM-DD. */
export function addDaysUtc(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Basis points as a percentage string ("350" -> "3.5%"); exact for whole basis points. */
export function bpsPercent(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const rest = String(Math.abs(bps % 100))
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${rest.length > 0 ? `.${rest}` : ''}%`;
}

/** A duration in milliseconds as "2 min" or "45 s". */
export function durationLabel(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}

/** The message of an error for people. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
