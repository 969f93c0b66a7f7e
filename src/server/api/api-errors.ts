/**
 * Errors of the API gateway: one shape, `{code, reason, message}`, for REST and WebSocket.
 *
 * Every code comes from the one ordered list in kernel/reject-codes.ts: business
 * rejections keep the engine's codes, and the gateway's own outcomes (authentication,
 * roles, rate limits, sizes, routes, availability) are the 11xx request codes there.
 * This module adds only their HTTP status. `message` always starts with the field or
 * header it is about.
 */
import { rejectCode, type RejectName } from '../../core/kernel/index.ts';

/** HTTP status of each gateway outcome. */
export const gatewayStatus = {
  auth_missing: 401,
  auth_invalid: 401,
  auth_stale: 401,
  auth_replayed: 401,
  forbidden: 403,
  rate_limited: 429,
  body_too_large: 413,
  route_not_found: 404,
  media_type_unsupported: 415,
  unavailable: 503,
  internal_error: 500,
  not_logged_in: 401,
} as const satisfies Partial<Record<RejectName, number>>;

export type GatewayErrorName = keyof typeof gatewayStatus;

export interface ApiErrorBody {
  readonly code: number;
  readonly reason: string;
  readonly message: string;
}

/** An error that becomes an HTTP status and an `{code, reason, message}` body. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly body: ApiErrorBody;
  /** Extra fields for the body (the rejected order of a submit). */
  readonly extra: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, body: ApiErrorBody, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    super(body.message);
    this.status = status;
    this.body = body;
    this.extra = extra;
    this.headers = headers;
  }

  toJSON(): Record<string, unknown> {
    return { ...this.body, ...this.extra };
  }
}

export function gatewayError(name: GatewayErrorName, message: string, headers: Record<string, string> = {}): ApiError {
  return new ApiError(gatewayStatus[name], { code: rejectCode(name), reason: name, message }, {}, headers);
}

/** A business rejection (422 unless told): the engine's code and name. */
export function rejectionError(
  rejection: { readonly code: number; readonly reason: string; readonly message: string },
  status = 422,
  extra: Record<string, unknown> = {},
): ApiError {
  return new ApiError(status, { code: rejection.code, reason: rejection.reason, message: rejection.message }, extra);
}

/** A request field error (400) with a kernel code. */
export function fieldError(name: RejectName, message: string): ApiError {
  return new ApiError(400, { code: rejectCode(name), reason: name, message });
}

export function unknownOrder(message: string): ApiError {
  return new ApiError(404, { code: rejectCode('unknown_order'), reason: 'unknown_order', message });
}
