/**
 * Small integer codes for the order vocabulary, as stored in the book's records.
 *
 * Each code is the index of the string in its `as const` list in model/order.ts, so
 * decoding is an array lookup. Encoding compares strings in if-chains rather than
 * indexing an object by a string key: on the hot path that keeps the property access
 * out of V8's keyed-lookup slow path. An unknown string encodes to -1.
 */
export const sideCode = { buy: 0, sell: 1 } as const;
export const typeCode = { limit: 0, market: 1, stop: 2, stop_limit: 3 } as const;
export const tifCode = { day: 0, gtc: 1, gtd: 2, ioc: 3, fok: 4 } as const;
export const stpCode = { none: 0, cancel_taker: 1, cancel_maker: 2, cancel_both: 3 } as const;
export const cancelCode = { requested: 0, mass_cancel: 1, unfilled_remainder: 2, self_trade: 3 } as const;

export function encodeSide(side: string): number {
  return side === 'buy' ? 0 : side === 'sell' ? 1 : -1;
}

export function encodeType(type: string): number {
  if (type === 'limit') return 0;
  if (type === 'market') return 1;
  if (type === 'stop') return 2;
  return type === 'stop_limit' ? 3 : -1;
}

export function encodeTif(tif: string): number {
  if (tif === 'gtc') return 1;
  if (tif === 'day') return 0;
  if (tif === 'ioc') return 3;
  if (tif === 'gtd') return 2;
  return tif === 'fok' ? 4 : -1;
}

/** An absent mode is `none`. */
export function encodeStp(mode: string | undefined): number {
  if (mode === undefined || mode === 'none') return 0;
  if (mode === 'cancel_taker') return 1;
  if (mode === 'cancel_maker') return 2;
  return mode === 'cancel_both' ? 3 : -1;
}
