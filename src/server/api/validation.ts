/**
 * Schema validation with TypeBox's compiler, and its errors as `{code, reason, message}`.
 *
 * Bodies and WebSocket messages are checked as they are (no coercion: `"5"` is not a
 * number, `5` is not a string); query strings and path parameters are converted first
 * (`?depth=5` is the integer 5). One error is reported, the most useful one: an unknown
 * field, then a missing field, then the first other error. The message starts with the
 * field's path (`qty`, `order.price`, `query.depth`). Codes: 1002 `field_missing` for a
 * missing field, 1003 `field_invalid` otherwise.
 */
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import { fieldError, type ApiError } from './api-errors.ts';
import { patternMeanings } from './schemas.ts';

export interface SchemaErrorLike {
  readonly keyword: string;
  readonly instancePath: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message: string;
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

/** A checker for `schema`; `prefix` names where the value came from (`query`, `params`, or '' for a body). */
export function compileChecker<T>(
  schema: TSchema,
  options: { readonly prefix: string; readonly convert: boolean },
): (value: unknown) => Checked<T> {
  const compiled = Compile(schema);
  return (input) => {
    const value = options.convert ? Value.Convert(schema, input) : input;
    if (compiled.Check(value)) return { ok: true, value: value as T };
    return { ok: false, error: schemaError([...compiled.Errors(value)] as SchemaErrorLike[], options.prefix) };
  };
}

export function schemaError(errors: readonly SchemaErrorLike[], prefix: string): ApiError {
  const unknown = errors.find((error) => error.keyword === 'additionalProperties');
  if (unknown !== undefined) {
    const names = (unknown.params['additionalProperties'] as readonly string[] | undefined) ?? [];
    return fieldError('field_invalid', `${fieldPath(prefix, unknown.instancePath, names[0])}: unknown field`);
  }
  const missing = errors.find((error) => error.keyword === 'required');
  if (missing !== undefined) {
    const names = (missing.params['requiredProperties'] as readonly string[] | undefined) ?? [];
    return fieldError('field_missing', `${fieldPath(prefix, missing.instancePath, names[0])}: is required`);
  }
  const first = errors.find((error) => error.keyword !== 'boolean') ?? errors[0];
  if (first === undefined) return fieldError('field_invalid', `${prefix || 'body'}: is invalid`);
  const path = fieldPath(prefix, first.instancePath, undefined);
  if (first.keyword === 'minProperties')
    return fieldError('field_missing', `${path}: needs at least ${String(first.params['limit'])} field(s)`);
  return fieldError('field_invalid', `${path}: ${describe(first)}`);
}

function describe(error: SchemaErrorLike): string {
  switch (error.keyword) {
    case 'pattern': {
      const pattern = String(error.params['pattern']);
      return patternMeanings[pattern] ?? `must match ${pattern}`;
    }
    case 'enum':
      return `must be one of ${((error.params['allowedValues'] as readonly unknown[] | undefined) ?? []).map((v) => String(v)).join(', ')}`;
    default:
      return error.message;
  }
}

/** `/order/price` under prefix '' -> `order.price`; `/levels/0` -> `levels[0]`; nothing -> `body`. */
export function fieldPath(prefix: string, instancePath: string, child: string | undefined): string {
  const parts = instancePath.split('/').slice(1);
  if (child !== undefined) parts.push(child);
  let path = prefix;
  for (const raw of parts) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path = /^[0-9]+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`;
  }
  return path === '' ? 'body' : path;
}
