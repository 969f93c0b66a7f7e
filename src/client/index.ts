/**
 * The tokex SDK: REST (TokexClient), WebSocket (TokexSocket) and local order books
 * (BookBuilder). Uses fetch, WebSocket and Web Crypto only, so it runs in Node 20+ and
 * in browsers; imports nothing from the server.
 */
export { TokexClient } from './rest-client.ts';
export type { TokexClientOptions, FetchLike } from './rest-client.ts';
export { TokexSocket } from './socket.ts';
export type { TokexSocketOptions, SocketLike } from './socket.ts';
export { BookBuilder, compareDecimal, isZero } from './book-builder.ts';
export type { BookApplyResult } from './book-builder.ts';
export { TokexApiError } from './errors.ts';
export { signRequest, hmacSha256Hex, wsLoginPath } from './signing.ts';
export { crc32 } from './crc32.ts';
export type * from './types.ts';
export type * from './reference-types.ts';
