/**
 * Request signing: who sent a private request, checked before anything is parsed.
 *
 * Scheme (REST and the WebSocket login alike): headers `tokex-key`, `tokex-timestamp`
 * (Unix milliseconds) and `tokex-signature` = lowercase hex HMAC-SHA256 with the
 * key's secret over `timestamp + METHOD + pathWithQuery + body`. The WebSocket login
 * signs `timestamp + 'GET' + '/v1/ws/login' + ''`.
 *
 * Refused (401): a missing header, an unknown or revoked key, a timestamp more than
 * `windowMs` (30 s) off the server clock, a signature that does not match (compared in
 * constant time), and a signature seen before. Seen signatures are remembered for
 * twice the window (a timestamp is accepted only within it), at most
 * `seenSignaturesMax`; when that is full the oldest are forgotten early, and the
 * window check still bounds how old a replay can be.
 *
 * Complexity: O(1) per request besides the HMAC.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { KeyStore, Role } from './key-store.ts';

export const authLimits = {
  /** How far a request's timestamp may be from the server clock. */
  windowMs: 30_000,
  /** Signatures remembered against replay. */
  seenSignaturesMax: 1_000_000,
  /** Length of a key. */
  apiKeyLengthMax: 128,
} as const;

export const wsLoginPath = '/v1/ws/login';

export interface Principal {
  readonly apiKey: string;
  readonly account: string;
  readonly role: Role;
}

export interface SignedRequest {
  readonly apiKey: string | undefined;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  readonly method: string;
  readonly pathWithQuery: string;
  readonly body: string;
}

export type AuthResult =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly reason: 'auth_missing' | 'auth_invalid' | 'auth_stale' | 'auth_replayed'; readonly message: string };

/** The text a client signs. */
export function signaturePayload(timestamp: string, method: string, pathWithQuery: string, body: string): string {
  return `${timestamp}${method.toUpperCase()}${pathWithQuery}${body}`;
}

export function signHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

const hex64 = /^[0-9a-f]{64}$/;
const digits = /^[0-9]{1,16}$/;

export class Authenticator {
  private readonly keys: KeyStore;
  private readonly clock: Clock;
  private readonly windowMs: number;
  /** Signature -> time after which it may be forgotten; insertion order is arrival order. */
  private readonly seen = new Map<string, number>();

  constructor(keys: KeyStore, clock: Clock, windowMs: number = authLimits.windowMs) {
    this.keys = keys;
    this.clock = clock;
    this.windowMs = windowMs;
  }

  verify(request: SignedRequest): AuthResult {
    const { apiKey, timestamp, signature } = request;
    if (apiKey === undefined || apiKey.length === 0) return fail('auth_missing', 'tokex-key: missing');
    if (timestamp === undefined || timestamp.length === 0) return fail('auth_missing', 'tokex-timestamp: missing');
    if (signature === undefined || signature.length === 0) return fail('auth_missing', 'tokex-signature: missing');
    if (!digits.test(timestamp)) return fail('auth_invalid', 'tokex-timestamp: must be Unix milliseconds');
    const now = this.clock.nowMs();
    if (Math.abs(Number(timestamp) - now) > this.windowMs) {
      return fail('auth_stale', `tokex-timestamp: ${timestamp} is more than ${this.windowMs} ms from the server time ${now}`);
    }
    if (!hex64.test(signature)) return fail('auth_invalid', 'tokex-signature: must be 64 lowercase hex digits');
    const record = apiKey.length <= authLimits.apiKeyLengthMax ? this.keys.lookup(apiKey) : null;
    if (record === null) return fail('auth_invalid', 'tokex-key: unknown key');
    const expected = Buffer.from(
      signHex(record.secret, signaturePayload(timestamp, request.method, request.pathWithQuery, request.body)),
      'hex',
    );
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
      return fail('auth_invalid', 'tokex-signature: does not match the request');
    }
    this.forgetExpired(now);
    if (this.seen.has(signature)) return fail('auth_replayed', 'tokex-signature: already used');
    this.seen.set(signature, now + 2 * this.windowMs);
    if (this.seen.size > authLimits.seenSignaturesMax) {
      const oldest = this.seen.keys().next();
      if (oldest.done !== true) this.seen.delete(oldest.value);
    }
    return { ok: true, principal: { apiKey: record.apiKey, account: record.account, role: record.role } };
  }

  private forgetExpired(now: number): void {
    for (const [signature, forgetMs] of this.seen) {
      if (forgetMs > now) return;
      this.seen.delete(signature);
    }
  }
}

function fail(reason: 'auth_missing' | 'auth_invalid' | 'auth_stale' | 'auth_replayed', message: string): AuthResult {
  return { ok: false, reason, message };
}
