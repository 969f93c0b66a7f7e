/**
 * Request signing for the SDK with Web Crypto (`crypto.subtle`), so the same code runs
 * in Node 20+ and in browsers: lowercase hex HMAC-SHA256 with the API secret over
 * `timestamp + METHOD + pathWithQuery + body`. Imported keys are cached per secret.
 */

type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<HmacKey>>();

function hmacKey(secret: string): Promise<HmacKey> {
  let key = keyCache.get(secret);
  if (key === undefined) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keyCache.set(secret, key);
  }
  return key;
}

export async function hmacSha256Hex(secret: string, payload: string): Promise<string> {
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(payload));
  let hex = '';
  for (const byte of new Uint8Array(signature)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** The signature of one request. */
export function signRequest(secret: string, timestamp: string, method: string, pathWithQuery: string, body: string): Promise<string> {
  return hmacSha256Hex(secret, `${timestamp}${method.toUpperCase()}${pathWithQuery}${body}`);
}

/** The path the WebSocket login signs (with method GET and an empty body). */
export const wsLoginPath = '/v1/ws/login';
