/**
 * Specialised frame encodings of SubmitOrder (tag 1) and ReplaceOrder (tag 3), the
 * bulk of any journal. Rules of all specialised encodings: encoding-kit.ts.
 *
 * SubmitOrder body: symbol, account and clientOrderId as string references; one byte
 * packing side (bit 0), order type (bits 1-2) and time in force (bits 3-5); qtyLots;
 * a varint of the optional fields present (bit i: the i-th optional field in the
 * declaration order below); then each present optional field in that order. A typical
 * limit order takes 8-10 bytes beside its client order id.
 *
 * ReplaceOrder body: symbol and account references, a varint of the optional fields
 * present, then each present one.
 *
 * Integers: quantities, ids and instants as unsigned varints, prices as zigzag varints.
 */
import type { EngineCommand } from '../../core/engine/index.ts';
import type { Lots, Ticks } from '../../core/kernel/index.ts';
import type { ReplaceOrder, SubmitOrder } from '../../core/model/index.ts';
import type { ByteReader } from './byte-reader.ts';
import type { ByteWriter } from './byte-writer.ts';
import {
  CorruptFrameError,
  codeOf,
  fieldMask,
  fromTable,
  isInt,
  isShortString,
  isUint,
  orderTypeCodes,
  readString,
  sideCodes,
  stpModeCodes,
  timeInForceCodes,
  type CommandEncoding,
  type Fields,
  type Mutable,
} from './encoding-kit.ts';
import type { StringTableWriter } from './string-table.ts';

/** SubmitOrder's keys in declaration order: 8 required, then 8 optional. */
const submitFields = [
  'type',
  'symbol',
  'account',
  'clientOrderId',
  'side',
  'orderType',
  'qtyLots',
  'tif',
  'priceTicks',
  'stopPriceTicks',
  'expiryMs',
  'displayQtyLots',
  'minQtyLots',
  'postOnly',
  'stpMode',
  'stpGroup',
] as const;
const submitRequired = 0xff;
const submitOptionalShift = 8;

function encodeSubmit(command: EngineCommand, out: ByteWriter, strings: StringTableWriter): boolean {
  const mask = fieldMask(command, submitFields);
  if (mask < 0 || (mask & submitRequired) !== submitRequired) return false;
  const c = command as unknown as Fields;
  const side = codeOf(sideCodes, c['side']);
  const orderType = codeOf(orderTypeCodes, c['orderType']);
  const tif = codeOf(timeInForceCodes, c['tif']);
  const stpMode = mask & (1 << 14) ? codeOf(stpModeCodes, c['stpMode']) : 0;
  const valid =
    isShortString(c['symbol']) &&
    isShortString(c['account']) &&
    isShortString(c['clientOrderId']) &&
    side >= 0 &&
    orderType >= 0 &&
    tif >= 0 &&
    stpMode >= 0 &&
    isUint(c['qtyLots']) &&
    (!(mask & (1 << 8)) || isInt(c['priceTicks'])) &&
    (!(mask & (1 << 9)) || isInt(c['stopPriceTicks'])) &&
    (!(mask & (1 << 10)) || isUint(c['expiryMs'])) &&
    (!(mask & (1 << 11)) || isUint(c['displayQtyLots'])) &&
    (!(mask & (1 << 12)) || isUint(c['minQtyLots'])) &&
    (!(mask & (1 << 13)) || typeof c['postOnly'] === 'boolean') &&
    (!(mask & (1 << 15)) || isUint(c['stpGroup']));
  if (!valid) return false;
  out.uint(strings.ref(c['symbol'] as string));
  out.uint(strings.ref(c['account'] as string));
  out.uint(strings.ref(c['clientOrderId'] as string));
  out.byte(side | (orderType << 1) | (tif << 3));
  out.uint(c['qtyLots'] as number);
  out.uint(mask >>> submitOptionalShift);
  if (mask & (1 << 8)) out.int(c['priceTicks'] as number);
  if (mask & (1 << 9)) out.int(c['stopPriceTicks'] as number);
  if (mask & (1 << 10)) out.uint(c['expiryMs'] as number);
  if (mask & (1 << 11)) out.uint(c['displayQtyLots'] as number);
  if (mask & (1 << 12)) out.uint(c['minQtyLots'] as number);
  if (mask & (1 << 13)) out.byte(c['postOnly'] === true ? 1 : 0);
  if (mask & (1 << 14)) out.byte(stpMode);
  if (mask & (1 << 15)) out.uint(c['stpGroup'] as number);
  return true;
}

function decodeSubmit(input: ByteReader, strings: readonly string[]): SubmitOrder {
  const symbol = readString(input, strings);
  const account = readString(input, strings);
  const clientOrderId = readString(input, strings);
  const packed = input.byte();
  const side = sideCodes[packed & 1]!;
  const orderType = orderTypeCodes[(packed >>> 1) & 3]!;
  const qtyLots = input.uint() as Lots;
  const tif = fromTable(timeInForceCodes, packed >>> 3, 'time in force');
  const optional = input.uint();
  // The usual shapes as one literal each, so every field is in the object itself: fields
  // added one by one after the literal would go to a separate property store, one more
  // allocation per command and a slower load of them in the engine. Same keys, same order.
  switch (optional) {
    case 0:
      return { type: 'SubmitOrder', symbol, account, clientOrderId, side, orderType, qtyLots, tif };
    case 1:
      return { type: 'SubmitOrder', symbol, account, clientOrderId, side, orderType, qtyLots, tif, priceTicks: input.int() as Ticks };
    case 2:
      return { type: 'SubmitOrder', symbol, account, clientOrderId, side, orderType, qtyLots, tif, stopPriceTicks: input.int() as Ticks };
    case 3: {
      const priceTicks = input.int() as Ticks;
      const stopPriceTicks = input.int() as Ticks;
      return { type: 'SubmitOrder', symbol, account, clientOrderId, side, orderType, qtyLots, tif, priceTicks, stopPriceTicks };
    }
    case 33: {
      const priceTicks = input.int() as Ticks;
      const postOnly = input.byte() === 1;
      return { type: 'SubmitOrder', symbol, account, clientOrderId, side, orderType, qtyLots, tif, priceTicks, postOnly };
    }
  }
  const command: Mutable<SubmitOrder> = { type: 'SubmitOrder', symbol, account, clientOrderId, side, orderType, qtyLots, tif };
  if (optional > 0xff) throw new CorruptFrameError(`SubmitOrder optional fields ${optional}`);
  if (optional & 1) command.priceTicks = input.int() as Ticks;
  if (optional & 2) command.stopPriceTicks = input.int() as Ticks;
  if (optional & 4) command.expiryMs = input.uint();
  if (optional & 8) command.displayQtyLots = input.uint() as Lots;
  if (optional & 16) command.minQtyLots = input.uint() as Lots;
  if (optional & 32) command.postOnly = input.byte() === 1;
  if (optional & 64) command.stpMode = fromTable(stpModeCodes, input.byte(), 'self-trade prevention mode');
  if (optional & 128) command.stpGroup = input.uint();
  return command;
}

/** ReplaceOrder's keys in declaration order: 3 required, then 6 optional. */
const replaceFields = [
  'type',
  'symbol',
  'account',
  'orderId',
  'clientOrderId',
  'newClientOrderId',
  'qtyLots',
  'priceTicks',
  'stopPriceTicks',
] as const;
const replaceRequired = 0x7;
const replaceOptionalShift = 3;

function encodeReplace(command: EngineCommand, out: ByteWriter, strings: StringTableWriter): boolean {
  const mask = fieldMask(command, replaceFields);
  if (mask < 0 || (mask & replaceRequired) !== replaceRequired) return false;
  const c = command as unknown as Fields;
  const valid =
    isShortString(c['symbol']) &&
    isShortString(c['account']) &&
    (!(mask & (1 << 3)) || isUint(c['orderId'])) &&
    (!(mask & (1 << 4)) || isShortString(c['clientOrderId'])) &&
    (!(mask & (1 << 5)) || isShortString(c['newClientOrderId'])) &&
    (!(mask & (1 << 6)) || isUint(c['qtyLots'])) &&
    (!(mask & (1 << 7)) || isInt(c['priceTicks'])) &&
    (!(mask & (1 << 8)) || isInt(c['stopPriceTicks']));
  if (!valid) return false;
  out.uint(strings.ref(c['symbol'] as string));
  out.uint(strings.ref(c['account'] as string));
  out.uint(mask >>> replaceOptionalShift);
  if (mask & (1 << 3)) out.uint(c['orderId'] as number);
  if (mask & (1 << 4)) out.uint(strings.ref(c['clientOrderId'] as string));
  if (mask & (1 << 5)) out.uint(strings.ref(c['newClientOrderId'] as string));
  if (mask & (1 << 6)) out.uint(c['qtyLots'] as number);
  if (mask & (1 << 7)) out.int(c['priceTicks'] as number);
  if (mask & (1 << 8)) out.int(c['stopPriceTicks'] as number);
  return true;
}

function decodeReplace(input: ByteReader, strings: readonly string[]): ReplaceOrder {
  const symbol = readString(input, strings);
  const account = readString(input, strings);
  const optional = input.uint();
  // The usual shapes (by client order id, a new one, a new quantity or price) as one literal each, as in decodeSubmit.
  if (optional === 14 || optional === 22) {
    const clientOrderId = readString(input, strings);
    const newClientOrderId = readString(input, strings);
    return optional === 14
      ? { type: 'ReplaceOrder', symbol, account, clientOrderId, newClientOrderId, qtyLots: input.uint() as Lots }
      : { type: 'ReplaceOrder', symbol, account, clientOrderId, newClientOrderId, priceTicks: input.int() as Ticks };
  }
  const command: Mutable<ReplaceOrder> = { type: 'ReplaceOrder', symbol, account };
  if (optional > 0x3f) throw new CorruptFrameError(`ReplaceOrder optional fields ${optional}`);
  if (optional & 1) command.orderId = input.uint();
  if (optional & 2) command.clientOrderId = readString(input, strings);
  if (optional & 4) command.newClientOrderId = readString(input, strings);
  if (optional & 8) command.qtyLots = input.uint() as Lots;
  if (optional & 16) command.priceTicks = input.int() as Ticks;
  if (optional & 32) command.stopPriceTicks = input.int() as Ticks;
  return command;
}

export const submitOrderEncoding: CommandEncoding = { tag: 1, type: 'SubmitOrder', encode: encodeSubmit, decode: decodeSubmit };
export const replaceOrderEncoding: CommandEncoding = { tag: 3, type: 'ReplaceOrder', encode: encodeReplace, decode: decodeReplace };
