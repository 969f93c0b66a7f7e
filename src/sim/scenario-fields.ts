/**
 * Field readers for scenario validation: each reads one field of a parsed JSON object,
 * appends a problem naming the field path and the reason when the value is unusable,
 * and returns a placeholder so validation can go on and report every problem at once.
 * Pure; O(1) per field (O(n) for `oneOf` over its n choices).
 */
import { isCivilDate } from '../core/benchmark/index.ts';

export type Problems = string[];
export type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function unknownFields(obj: Obj, allowed: readonly string[], path: string, problems: Problems): void {
  for (const key of Object.keys(obj)) if (!allowed.includes(key)) problems.push(`${path}${key}: unknown field`);
}

export function int(obj: Obj, key: string, min: number, max: number, path: string, problems: Problems): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    problems.push(`${path}${key}: a whole number from ${min} to ${max}`);
    return min;
  }
  return value;
}

/** Like `int`, with `fallback` when the field is absent. */
export function optionalInt(obj: Obj, key: string, fallback: number, min: number, max: number, path: string, problems: Problems): number {
  return obj[key] === undefined ? fallback : int(obj, key, min, max, path, problems);
}

export function probability(obj: Obj, key: string, path: string, problems: Problems): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    problems.push(`${path}${key}: a number from 0 to 1`);
    return 0;
  }
  return value;
}

/** One of `choices`; `fallback` when absent (null: the field is required). */
export function oneOf<T extends string>(
  obj: Obj,
  key: string,
  choices: readonly T[],
  fallback: T | null,
  path: string,
  problems: Problems,
): T {
  const value = obj[key];
  if (value === undefined && fallback !== null) return fallback;
  const found = choices.find((choice) => choice === value);
  if (found === undefined) {
    problems.push(`${path}${key}: one of ${choices.map((c) => `"${c}"`).join(', ')}`);
    return fallback ?? choices[0]!;
  }
  return found;
}

export function date(obj: Obj, key: string, path: string, problems: Problems): string {
  const value = obj[key];
  if (typeof value !== 'string' || !isCivilDate(value)) {
    problems.push(`${path}${key}: a date YYYY-MM-DD`);
    return '';
  }
  return value;
}
