/**
 * Commands to and from exact JSON text: the generic encoding of the journal's frames
 * (codec/frame-codec.ts) and the whole of formats 1 and 2.
 *
 * Plain `JSON.stringify` silently
 * changes some values (NaN and Infinity become null, -0 becomes 0, a Date becomes a
 * string, a Map becomes {}), and a replay of the changed command could differ from
 * the live run. So encoding refuses every value whose JSON does not parse back to an
 * equal value: non-finite numbers, -0, bigint (no command carries one yet; money in
 * commands will need an explicit string form), undefined inside arrays, functions,
 * symbols, objects that are not plain objects or arrays, and nesting deeper than 16.
 * What it accepts round-trips exactly: `decodeCommand(encodeCommand(c))` deep-equals
 * `c`. The check walks the value once before a plain `JSON.stringify` (a replacer
 * function would cost about three times as much).
 *
 * Decoding trusts the journal's own text but checks the shape it relies on (an object
 * with a string `type`); anything else is `corrupt`.
 *
 * Complexity: O(size of the command) both ways.
 */
import type { EngineCommand } from '../core/engine/index.ts';
import { StoreError, journalLimits } from './ports.ts';

/** Nesting deeper than this is refused (commands are two levels deep; it also stops cycles). */
const depthMax = 16;

/** Why `value` would not survive JSON exactly, as "path: reason", or null when it would. O(size of value). */
function inexactJson(value: unknown, path: string, depth: number): string | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      if (!Number.isFinite(value)) return `${path}: ${value} has no JSON form`;
      return Object.is(value, -0) ? `${path}: -0 would become 0` : null;
    case 'bigint':
      return `${path}: bigint ${value}n has no JSON form (encode money as a decimal string)`;
    case 'object':
      if (value === null) return null;
      if (depth >= depthMax) return `${path}: nested deeper than ${depthMax}`;
      if (Array.isArray(value)) return inexactArray(value as unknown[], path, depth);
      if (Object.getPrototypeOf(value) !== Object.prototype) return `${path}: only plain objects and arrays are stored`;
      for (const key in value) {
        const field = (value as Record<string, unknown>)[key];
        // An undefined field is dropped by JSON and absent after parsing: that round-trips.
        const why = field === undefined ? null : inexactJson(field, `${path}.${key}`, depth + 1);
        if (why !== null) return why;
      }
      return null;
    default:
      return `${path}: ${typeof value} has no JSON form`;
  }
}

function inexactArray(items: readonly unknown[], path: string, depth: number): string | null {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const at = `${path}[${i}]`;
    const why = item === undefined ? `${at}: undefined in an array would become null` : inexactJson(item, at, depth + 1);
    if (why !== null) return why;
  }
  return null;
}

/** JSON text of the command at `seq`; throws `invalid_batch` when the text would not round-trip exactly. */
export function encodeCommand(command: EngineCommand, seq: number): string {
  if (typeof command !== 'object' || command === null || typeof (command as { type?: unknown }).type !== 'string') {
    throw new StoreError('invalid_batch', `seq ${seq}: a command is an object with a string type`);
  }
  // Check first, then the plain (fast) stringify: cheaper than a replacer called per key.
  const why = inexactJson(command, 'command', 0);
  if (why !== null) throw new StoreError('invalid_batch', `seq ${seq}: ${command.type} ${why}`);
  const text = JSON.stringify(command);
  if (text.length > journalLimits.commandJsonLengthMax) {
    const max = journalLimits.commandJsonLengthMax;
    throw new StoreError('invalid_batch', `seq ${seq}: command is ${text.length} characters of JSON, over ${max}`);
  }
  return text;
}

/** The command stored as `text` at `seq`; throws `corrupt` when it is not a command's JSON. */
export function decodeCommand(text: string, seq: number): EngineCommand {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StoreError('corrupt', `seq ${seq}: stored command is not JSON: ${(error as Error).message}`);
  }
  return checkDecoded(value, seq);
}

/** A parsed stored command, checked to be an object with a string `type`. */
export function checkDecoded(value: unknown, seq: number): EngineCommand {
  if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') {
    throw new StoreError('corrupt', `seq ${seq}: stored command is not an object with a string type`);
  }
  return value as EngineCommand;
}
