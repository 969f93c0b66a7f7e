/**
 * Specialised frame encodings of CancelOrder (tag 2), MassCancel (tag 4) and
 * ExpireOrders (tag 5). Rules of all specialised encodings: encoding-kit.ts.
 *
 * Each body: the required fields in declaration order, a varint of the optional
 * fields present (bit i: the i-th optional field in declaration order), then each
 * present optional field. Strings are references into the frame's string table.
 */
import type { EngineCommand } from '../../core/engine/index.ts';
import type { CancelOrder, ExpireOrders, MassCancel } from '../../core/model/index.ts';
import type { ByteReader } from './byte-reader.ts';
import type { ByteWriter } from './byte-writer.ts';
import {
  CorruptFrameError,
  codeOf,
  expiryScopeCodes,
  fieldMask,
  fromTable,
  isShortString,
  isUint,
  readString,
  sideCodes,
  type CommandEncoding,
  type Fields,
  type Mutable,
} from './encoding-kit.ts';
import type { StringTableWriter } from './string-table.ts';

const cancelFields = ['type', 'symbol', 'account', 'orderId', 'clientOrderId'] as const;

function encodeCancel(command: EngineCommand, out: ByteWriter, strings: StringTableWriter): boolean {
  const mask = fieldMask(command, cancelFields);
  if (mask < 0 || (mask & 0x7) !== 0x7) return false;
  const c = command as unknown as Fields;
  const valid =
    isShortString(c['symbol']) &&
    isShortString(c['account']) &&
    (!(mask & (1 << 3)) || isUint(c['orderId'])) &&
    (!(mask & (1 << 4)) || isShortString(c['clientOrderId']));
  if (!valid) return false;
  out.uint(strings.ref(c['symbol'] as string));
  out.uint(strings.ref(c['account'] as string));
  out.uint(mask >>> 3);
  if (mask & (1 << 3)) out.uint(c['orderId'] as number);
  if (mask & (1 << 4)) out.uint(strings.ref(c['clientOrderId'] as string));
  return true;
}

function decodeCancel(input: ByteReader, strings: readonly string[]): CancelOrder {
  const symbol = readString(input, strings);
  const account = readString(input, strings);
  const optional = input.uint();
  // The usual shapes as one literal each (fields added later would live in a separate property store).
  if (optional === 2) return { type: 'CancelOrder', symbol, account, clientOrderId: readString(input, strings) };
  if (optional === 1) return { type: 'CancelOrder', symbol, account, orderId: input.uint() };
  const command: Mutable<CancelOrder> = { type: 'CancelOrder', symbol, account };
  if (optional > 0x3) throw new CorruptFrameError(`CancelOrder optional fields ${optional}`);
  if (optional & 1) command.orderId = input.uint();
  if (optional & 2) command.clientOrderId = readString(input, strings);
  return command;
}

const massCancelFields = ['type', 'account', 'symbol', 'side'] as const;

function encodeMassCancel(command: EngineCommand, out: ByteWriter, strings: StringTableWriter): boolean {
  const mask = fieldMask(command, massCancelFields);
  if (mask < 0 || (mask & 0x1) !== 0x1) return false;
  const c = command as unknown as Fields;
  const side = mask & (1 << 3) ? codeOf(sideCodes, c['side']) : 0;
  const valid = side >= 0 && (!(mask & (1 << 1)) || isShortString(c['account'])) && (!(mask & (1 << 2)) || isShortString(c['symbol']));
  if (!valid) return false;
  out.uint(mask >>> 1);
  if (mask & (1 << 1)) out.uint(strings.ref(c['account'] as string));
  if (mask & (1 << 2)) out.uint(strings.ref(c['symbol'] as string));
  if (mask & (1 << 3)) out.byte(side);
  return true;
}

function decodeMassCancel(input: ByteReader, strings: readonly string[]): MassCancel {
  const command: Mutable<MassCancel> = { type: 'MassCancel' };
  const optional = input.uint();
  if (optional > 0x7) throw new CorruptFrameError(`MassCancel optional fields ${optional}`);
  if (optional & 1) command.account = readString(input, strings);
  if (optional & 2) command.symbol = readString(input, strings);
  if (optional & 4) command.side = fromTable(sideCodes, input.byte(), 'side');
  return command;
}

const expireFields = ['type', 'scope', 'symbol'] as const;

function encodeExpire(command: EngineCommand, out: ByteWriter, strings: StringTableWriter): boolean {
  const mask = fieldMask(command, expireFields);
  if (mask < 0 || (mask & 0x3) !== 0x3) return false;
  const c = command as unknown as Fields;
  const scope = codeOf(expiryScopeCodes, c['scope']);
  if (scope < 0 || (mask & (1 << 2) && !isShortString(c['symbol']))) return false;
  out.byte(scope);
  out.uint(mask >>> 2);
  if (mask & (1 << 2)) out.uint(strings.ref(c['symbol'] as string));
  return true;
}

function decodeExpire(input: ByteReader, strings: readonly string[]): ExpireOrders {
  const command: Mutable<ExpireOrders> = { type: 'ExpireOrders', scope: fromTable(expiryScopeCodes, input.byte(), 'expiry scope') };
  const optional = input.uint();
  if (optional > 0x1) throw new CorruptFrameError(`ExpireOrders optional fields ${optional}`);
  if (optional & 1) command.symbol = readString(input, strings);
  return command;
}

export const cancelOrderEncoding: CommandEncoding = { tag: 2, type: 'CancelOrder', encode: encodeCancel, decode: decodeCancel };
export const massCancelEncoding: CommandEncoding = { tag: 4, type: 'MassCancel', encode: encodeMassCancel, decode: decodeMassCancel };
export const expireOrdersEncoding: CommandEncoding = { tag: 5, type: 'ExpireOrders', encode: encodeExpire, decode: decodeExpire };
