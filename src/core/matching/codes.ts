/**
 * Small integer codes for the order vocabulary, as stored in the book's typed arrays.
 * Each code is the index of the string in its `as const` list in model/order.ts, so
 * decoding is an array lookup.
 */
import type { OrderType, Side, StpMode, TimeInForce } from '../model/index.ts';

export const sideCode = { buy: 0, sell: 1 } as const;
export const typeCode = { limit: 0, market: 1, stop: 2, stop_limit: 3 } as const;
export const tifCode = { day: 0, gtc: 1, gtd: 2, ioc: 3, fok: 4 } as const;
export const stpCode = { none: 0, cancel_taker: 1, cancel_maker: 2, cancel_both: 3 } as const;
export const cancelCode = { requested: 0, mass_cancel: 1, unfilled_remainder: 2, self_trade: 3 } as const;

export function encodeSide(side: Side): number {
  return side === 'buy' ? 0 : 1;
}

export function encodeType(type: OrderType): number {
  return typeCode[type];
}

export function encodeTif(tif: TimeInForce): number {
  return tifCode[tif];
}

export function encodeStp(mode: StpMode | undefined): number {
  return mode === undefined ? 0 : stpCode[mode];
}
