/**
 * Stateless validation of matching commands: the checks that need only the command,
 * the instrument and the command's time (docs/matching.md, checks 2 to 13).
 *
 * Shared by the fast book and the reference book, so both reject with the same code
 * and the same reason. Reasons start with the field name. Pure, no allocation on the
 * accept path.
 */
import { limits, rejectCode, type RejectCode, type RejectName } from '../kernel/index.ts';
import type { InstrumentSpec, SubmitOrder } from '../model/index.ts';
import { orderTypes, sides, stpModes, timesInForce } from '../model/index.ts';
import { encodeSide, encodeStp, encodeTif, encodeType } from './codes.ts';

export interface Rejection {
  readonly code: RejectCode;
  readonly name: RejectName;
  readonly reason: string;
}

export function rejection(name: RejectName, reason: string): Rejection {
  return { code: rejectCode(name), name, reason };
}

/** True when every character is printable ASCII without space ('!' to '~'). */
function isPrintableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

export function checkAccount(account: unknown): Rejection | null {
  if (typeof account !== 'string' || account.length === 0 || account.length > limits.accountNameLengthMax) {
    return rejection('account_invalid', `account: must be 1 to ${limits.accountNameLengthMax} characters`);
  }
  return null;
}

export function checkClientOrderId(field: string, id: unknown): Rejection | null {
  if (typeof id !== 'string' || id.length === 0 || id.length > limits.clientOrderIdLengthMax || !isPrintableAscii(id)) {
    return rejection(
      'client_order_id_invalid',
      `${field}: must be 1 to ${limits.clientOrderIdLengthMax} printable ASCII characters without spaces`,
    );
  }
  return null;
}

export function isSafeIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
}

export function checkQty(field: string, qty: unknown, spec: InstrumentSpec): Rejection | null {
  if (typeof qty !== 'number' || !Number.isSafeInteger(qty) || qty <= 0) {
    return rejection('qty_not_positive', `${field}: ${String(qty)} is not a positive whole number of lots`);
  }
  if (qty > spec.orderQtyLotsMax) {
    return rejection('qty_above_max', `${field}: ${qty} is above the maximum order size ${spec.orderQtyLotsMax}`);
  }
  return null;
}

export function checkPriceRange(field: string, price: unknown, spec: InstrumentSpec): Rejection | null {
  if (!isSafeIntegerIn(price, spec.priceTicksMin, spec.priceTicksMax)) {
    return rejection(
      'price_out_of_range',
      `${field}: ${String(price)} is not a whole number of ticks in [${spec.priceTicksMin}, ${spec.priceTicksMax}]`,
    );
  }
  return null;
}

/** Checks 2 to 13 of docs/matching.md. `tsMs` is the command's sequencing time. */
export function validateSubmitOrder(cmd: SubmitOrder, spec: InstrumentSpec, tsMs: number): Rejection | null {
  const badAccount = checkAccount(cmd.account);
  if (badAccount !== null) return badAccount;
  const badClientId = checkClientOrderId('clientOrderId', cmd.clientOrderId);
  if (badClientId !== null) return badClientId;
  if (encodeSide(cmd.side) < 0) return rejection('field_invalid', `side: must be one of ${sides.join(', ')}`);
  if (encodeType(cmd.orderType) < 0) return rejection('field_invalid', `orderType: must be one of ${orderTypes.join(', ')}`);
  if (encodeTif(cmd.tif) < 0) return rejection('field_invalid', `tif: must be one of ${timesInForce.join(', ')}`);
  if (encodeStp(cmd.stpMode) < 0) return rejection('field_invalid', `stpMode: must be one of ${stpModes.join(', ')}`);
  const badQty = checkQty('qtyLots', cmd.qtyLots, spec);
  if (badQty !== null) return badQty;
  return checkPrices(cmd, spec) ?? checkTimeInForce(cmd, tsMs) ?? checkOptions(cmd);
}

function checkPrices(cmd: SubmitOrder, spec: InstrumentSpec): Rejection | null {
  const takesPrice = cmd.orderType === 'limit' || cmd.orderType === 'stop_limit';
  if (takesPrice && cmd.priceTicks === undefined) {
    return rejection('price_missing', `priceTicks: a ${cmd.orderType} order needs a limit price`);
  }
  if (!takesPrice && cmd.priceTicks !== undefined) {
    return rejection('price_not_allowed', `priceTicks: a ${cmd.orderType} order takes no limit price`);
  }
  if (cmd.priceTicks !== undefined) {
    const badPrice = checkPriceRange('priceTicks', cmd.priceTicks, spec);
    if (badPrice !== null) return badPrice;
  }
  const isStop = cmd.orderType === 'stop' || cmd.orderType === 'stop_limit';
  if (isStop && cmd.stopPriceTicks === undefined) {
    return rejection('stop_price_missing', `stopPriceTicks: a ${cmd.orderType} order needs a stop price`);
  }
  if (!isStop && cmd.stopPriceTicks !== undefined) {
    return rejection('stop_price_not_allowed', `stopPriceTicks: a ${cmd.orderType} order takes no stop price`);
  }
  if (cmd.stopPriceTicks !== undefined) return checkPriceRange('stopPriceTicks', cmd.stopPriceTicks, spec);
  return null;
}

function checkTimeInForce(cmd: SubmitOrder, tsMs: number): Rejection | null {
  const isStop = cmd.orderType === 'stop' || cmd.orderType === 'stop_limit';
  if (isStop && (cmd.tif === 'ioc' || cmd.tif === 'fok')) {
    return rejection('tif_not_allowed', `tif: a ${cmd.orderType} order cannot be ${cmd.tif}`);
  }
  if (cmd.tif === 'gtd' && cmd.expiryMs === undefined) {
    return rejection('expiry_missing', 'expiryMs: a gtd order needs an expiry instant');
  }
  if (cmd.tif !== 'gtd' && cmd.expiryMs !== undefined) {
    return rejection('expiry_not_allowed', `expiryMs: a ${cmd.tif} order takes no expiry instant`);
  }
  if (cmd.expiryMs !== undefined && !isSafeIntegerIn(cmd.expiryMs, 0, limits.expiryMsMax)) {
    const value = String(cmd.expiryMs);
    return rejection('field_invalid', `expiryMs: ${value} is not a whole number of Unix milliseconds up to ${limits.expiryMsMax}`);
  }
  if (cmd.expiryMs !== undefined && cmd.expiryMs <= tsMs) {
    return rejection('expiry_in_past', `expiryMs: ${cmd.expiryMs} is not after the current time ${tsMs}`);
  }
  return null;
}

function checkOptions(cmd: SubmitOrder): Rejection | null {
  if (cmd.displayQtyLots !== undefined) {
    if (cmd.orderType === 'market' || cmd.orderType === 'stop' || cmd.tif === 'ioc' || cmd.tif === 'fok') {
      return rejection('option_not_allowed', `displayQtyLots: an iceberg cannot be ${cmd.orderType} ${cmd.tif}`);
    }
    if (!isSafeIntegerIn(cmd.displayQtyLots, 1, cmd.qtyLots)) {
      return rejection('display_qty_invalid', `displayQtyLots: ${String(cmd.displayQtyLots)} is not in [1, ${cmd.qtyLots}]`);
    }
  }
  if (cmd.minQtyLots !== undefined) {
    if (cmd.orderType === 'stop' || cmd.orderType === 'stop_limit') {
      return rejection('option_not_allowed', `minQtyLots: a ${cmd.orderType} order cannot have a minimum quantity`);
    }
    if (!isSafeIntegerIn(cmd.minQtyLots, 1, cmd.qtyLots)) {
      return rejection('min_qty_invalid', `minQtyLots: ${String(cmd.minQtyLots)} is not in [1, ${cmd.qtyLots}]`);
    }
  }
  if (cmd.postOnly === true && (cmd.orderType !== 'limit' || cmd.tif === 'ioc' || cmd.tif === 'fok')) {
    return rejection('option_not_allowed', `postOnly: only a resting limit order can be post-only, not ${cmd.orderType} ${cmd.tif}`);
  }
  if (cmd.stpGroup !== undefined && !isSafeIntegerIn(cmd.stpGroup, 0, limits.stpGroupMax)) {
    return rejection('stp_group_invalid', `stpGroup: ${String(cmd.stpGroup)} is not in [0, ${limits.stpGroupMax}]`);
  }
  return null;
}

const symbolPattern = /^[A-Z0-9][A-Z0-9._-]*$/;

/** Validates an instrument definition before it is listed. */
export function validateInstrumentSpec(spec: InstrumentSpec): Rejection | null {
  if (typeof spec.symbol !== 'string' || spec.symbol.length > limits.symbolLengthMax || !symbolPattern.test(spec.symbol)) {
    return rejection('instrument_invalid', `symbol: must be 1 to ${limits.symbolLengthMax} of A-Z 0-9 . _ -`);
  }
  for (const field of ['tickSize', 'lotSize'] as const) {
    const value = spec[field];
    if (typeof value !== 'string' || !/^(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(value) || !/[1-9]/.test(value) || value.length > 20) {
      return rejection('instrument_invalid', `${field}: "${String(value)}" is not a positive decimal`);
    }
  }
  const max = limits.priceTicksAbsMax;
  if (!isSafeIntegerIn(spec.priceTicksMin, -max, max)) {
    return rejection('instrument_invalid', `priceTicksMin: must be a whole number in [-${max}, ${max}]`);
  }
  if (!isSafeIntegerIn(spec.priceTicksMax, spec.priceTicksMin, max)) {
    return rejection('instrument_invalid', `priceTicksMax: must be a whole number in [priceTicksMin, ${max}]`);
  }
  if (!isSafeIntegerIn(spec.orderQtyLotsMax, 1, limits.orderQtyLotsMax)) {
    return rejection('instrument_invalid', `orderQtyLotsMax: must be in [1, ${limits.orderQtyLotsMax}]`);
  }
  if (!isSafeIntegerIn(spec.marketProtectionTicks, 0, 2 * max)) {
    return rejection('instrument_invalid', `marketProtectionTicks: must be in [0, ${2 * max}]`);
  }
  return null;
}
