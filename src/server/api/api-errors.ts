/**
 * Errors of the API gateway: one shape, `{code, reason, message}`, for REST and WebSocket.
 *
 * Business rejections keep the engine's codes (kernel/reject-codes.ts). The gateway's
 * own outcomes (authentication, roles, rate limits, sizes, routes, availability) have
 * codes 1101.. in the request range, listed here; a check at load time makes sure they
 * never collide with the kernel's list. They are candidates to move into that list.
 * `message` always starts with the field or header it is about.
 */
import { rejectCodeList, rejectCode, type RejectName } from '../../core/kernel/index.ts';

export const gatewayErrorList = [
  { code: 1101, name: 'auth_missing', status: 401 },
  { code: 1102, name: 'auth_invalid', status: 401 },
  { code: 1103, name: 'auth_stale', status: 401 },
  { code: 1104, name: 'auth_replayed', status: 401 },
  { code: 1105, name: 'forbidden', status: 403 },
  { code: 1106, name: 'rate_limited', status: 429 },
  { code: 1107, name: 'body_too_large', status: 413 },
  { code: 1108, name: 'route_not_found', status: 404 },
  { code: 1109, name: 'media_type_unsupported', status: 415 },
  { code: 1110, name: 'unavailable', status: 503 },
  { code: 1111, name: 'internal_error', status: 500 },
  { code: 1112, name: 'not_logged_in', status: 401 },
] as const;

export type GatewayErrorName = (typeof gatewayErrorList)[number]['name'];

const gatewayByName = new Map<string, (typeof gatewayErrorList)[number]>(gatewayErrorList.map((entry) => [entry.name, entry]));
for (const entry of gatewayErrorList) {
  if (rejectCodeList.some((kernel) => (kernel.code as number) === entry.code || (kernel.name as string) === entry.name)) {
    throw new Error(`gateway error ${entry.code} ${entry.name} collides with the kernel's reject codes`);
  }
}

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
  const entry = gatewayByName.get(name)!;
  return new ApiError(entry.status, { code: entry.code, reason: name, message }, {}, headers);
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
