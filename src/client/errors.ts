/**
 * The SDK's error: an API answer that was not a success, over REST or WebSocket, with
 * the HTTP status and the server's `{code, reason, message}` (and the rejected order of
 * a rejected submission). `message` is the server's message, which names the field.
 */
import type { ErrorBody, Order } from './types.ts';

export class TokexApiError extends Error {
  override readonly name = 'TokexApiError';
  readonly status: number;
  readonly code: number;
  readonly reason: string;
  readonly order: Order | undefined;
  /** Seconds from a 429's Retry-After header. */
  readonly retryAfterSec: number | undefined;

  constructor(status: number, body: ErrorBody, retryAfterSec?: number) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.reason = body.reason;
    this.order = body.order;
    this.retryAfterSec = retryAfterSec;
  }
}
