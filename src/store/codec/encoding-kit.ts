/**
 * What every specialised command encoding of the journal's binary frames shares: the
 * `CommandEncoding` contract, the field-order check, the value checks, and the frozen
 * code tables of the order vocabulary.
 *
 * Exactness rule: a specialised encoding takes a command only when decoding gives back
 * an equal command with its keys in the same order, exactly as the generic (JSON)
 * encoding would. So `encode` first checks that the command is a plain object whose
 * keys are known fields of its type in the type's canonical order (its declaration
 * order; keys holding `undefined` are skipped, as JSON drops them), that the required
 * fields are there, and that every value has the field's kind: a string of at most
 * `specialisedStringLengthMax` code units, a safe integer in range (never -0), a
 * boolean, or a value of a code table. Anything else returns false, writing nothing,
 * and the frame stores the command with the generic encoding instead, which accepts or
 * refuses it exactly as the JSON journal of format 2 did.
 *
 * Code tables are frozen here, not taken from the model: a journal written today must
 * decode the same way after the model's lists change. A new value (a new time in
 * force, say) simply is not in the table, so such commands take the generic path until
 * a new encoding with a new tag knows it.
 */
import type { EngineCommand } from '../../core/engine/index.ts';
import type { ExpiryScope, OrderType, Side, StpMode, TimeInForce } from '../../core/model/index.ts';
import type { ByteReader } from './byte-reader.ts';
import type { ByteWriter } from './byte-writer.ts';
import type { StringTableWriter } from './string-table.ts';

/** A command type with its own compact layout in the frame. */
export interface CommandEncoding {
  /** The frame's tag for this layout: frozen once released, never reused (0 is the generic encoding). */
  readonly tag: number;
  /** The command type it encodes. */
  readonly type: EngineCommand['type'];
  /** Writes the command's body and returns true, or writes nothing and returns false when it cannot be exact. */
  encode(command: EngineCommand, out: ByteWriter, strings: StringTableWriter): boolean;
  /** Reads one body written by `encode`; throws CorruptFrameError on a value no encoder writes. */
  decode(input: ByteReader, strings: readonly string[]): EngineCommand;
}

/** A stored body that no encoder writes (the frame decoder reports the frame as corrupt). */
export class CorruptFrameError extends Error {
  override readonly name = 'CorruptFrameError';
}

/** Longest string a specialised encoding takes; longer ones go the generic way (and its JSON length limit). */
export const specialisedStringLengthMax = 1_024;

/** Largest magnitude of a zigzag-encoded integer (the zigzag value must stay a safe integer). */
const signedMagnitudeMax = 2 ** 52 - 1;

/** Frozen code tables: the index is what the frame stores. Append only. */
export const sideCodes: readonly Side[] = ['buy', 'sell'];
export const orderTypeCodes: readonly OrderType[] = ['limit', 'market', 'stop', 'stop_limit'];
export const timeInForceCodes: readonly TimeInForce[] = ['day', 'gtc', 'gtd', 'ioc', 'fok'];
export const stpModeCodes: readonly StpMode[] = ['none', 'cancel_taker', 'cancel_maker', 'cancel_both'];
export const expiryScopeCodes: readonly ExpiryScope[] = ['day', 'gtd'];

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type Fields = Readonly<Record<string, unknown>>;

/**
 * Bit i set when `fields[i]` is present (not undefined), or -1 when the value is not a
 * plain object, has a key not in `fields`, or has its keys out of the order of `fields`.
 * `fields` has at most 30 names. O(keys x fields).
 */
export function fieldMask(value: object, fields: readonly string[]): number {
  if (Object.getPrototypeOf(value) !== Object.prototype) return -1;
  let mask = 0;
  let next = 0;
  for (const key in value) {
    if ((value as Fields)[key] === undefined) continue;
    let at = next;
    while (at < fields.length && fields[at] !== key) at++;
    if (at === fields.length) return -1;
    mask |= 1 << at;
    next = at + 1;
  }
  return mask;
}

export function isShortString(value: unknown): value is string {
  return typeof value === 'string' && value.length <= specialisedStringLengthMax;
}

/** A safe integer >= 0 that is not -0. */
export function isUint(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && (value > 0 || (value === 0 && 1 / value > 0));
}

/** A safe integer with |value| < 2^52 that is not -0 (the zigzag form of it stays exact). */
export function isInt(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isSafeInteger(value) &&
    value <= signedMagnitudeMax &&
    value >= -signedMagnitudeMax &&
    (value !== 0 || 1 / value > 0)
  );
}

/** The code of `value` in `table`, or -1. */
export function codeOf(table: readonly string[], value: unknown): number {
  return typeof value === 'string' ? table.indexOf(value) : -1;
}

/** The string at the next reference. */
export function readString(input: ByteReader, strings: readonly string[]): string {
  const text = strings[input.uint()];
  if (text === undefined) throw new CorruptFrameError('a string reference outside the frame table');
  return text;
}

/** The table value at `code`. */
export function fromTable<T>(table: readonly T[], code: number, what: string): T {
  const value = table[code];
  if (value === undefined) throw new CorruptFrameError(`${what} code ${code} is not in the table`);
  return value;
}
