/**
 * Stateless validation (docs/matching.md, checks 2 to 13, and instrument listing):
 * every rejection with its code, a reason that starts with the offending field, and
 * the first failing check winning.
 */
import { describe, expect, it } from 'vitest';
import { limits, lots, rejectCode, ticks, type RejectName } from '../kernel/index.ts';
import type { InstrumentSpec, SubmitOrder } from '../model/index.ts';
import { validateInstrumentSpec, validateSubmitOrder } from './validate.ts';

const spec: InstrumentSpec = {
  symbol: 'TOKZ26',
  tickSize: '0.01',
  lotSize: '1',
  priceTicksMin: ticks(1),
  priceTicksMax: ticks(100_000),
  orderQtyLotsMax: lots(1_000),
  marketProtectionTicks: ticks(50),
};

const nowMs = 1_767_225_600_000;

const limitBuy: SubmitOrder = {
  type: 'SubmitOrder',
  symbol: 'TOKZ26',
  account: 'acct-1',
  clientOrderId: 'c-1',
  side: 'buy',
  orderType: 'limit',
  qtyLots: lots(10),
  tif: 'gtc',
  priceTicks: ticks(100),
};

/** The base order with fields replaced (values may be ill-typed on purpose) or removed (`undefined`). */
function order(changes: Record<string, unknown>): SubmitOrder {
  const merged: Record<string, unknown> = { ...limitBuy, ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete merged[key];
  return merged as unknown as SubmitOrder;
}

function instrument(changes: Record<string, unknown>): InstrumentSpec {
  const merged: Record<string, unknown> = { ...spec, ...changes };
  return merged as unknown as InstrumentSpec;
}

const stop = { orderType: 'stop', priceTicks: undefined, stopPriceTicks: 200 };
const stopLimit = { orderType: 'stop_limit', priceTicks: 210, stopPriceTicks: 200 };
const market = { orderType: 'market', priceTicks: undefined };

type Case = readonly [title: string, changes: Record<string, unknown>, name: RejectName, field: string];

const submitRejections: readonly Case[] = [
  ['empty account', { account: '' }, 'account_invalid', 'account'],
  ['account too long', { account: 'a'.repeat(limits.accountNameLengthMax + 1) }, 'account_invalid', 'account'],
  ['account not a string', { account: 7 }, 'account_invalid', 'account'],
  ['empty client order id', { clientOrderId: '' }, 'client_order_id_invalid', 'clientOrderId'],
  ['long client order id', { clientOrderId: 'c'.repeat(limits.clientOrderIdLengthMax + 1) }, 'client_order_id_invalid', 'clientOrderId'],
  ['client order id with a space', { clientOrderId: 'c 1' }, 'client_order_id_invalid', 'clientOrderId'],
  ['client order id not ASCII', { clientOrderId: 'c-é' }, 'client_order_id_invalid', 'clientOrderId'],
  ['unknown side', { side: 'long' }, 'field_invalid', 'side'],
  ['unknown order type', { orderType: 'iceberg' }, 'field_invalid', 'orderType'],
  ['unknown time in force', { tif: 'gtx' }, 'field_invalid', 'tif'],
  ['unknown stp mode', { stpMode: 'cancel_all' }, 'field_invalid', 'stpMode'],
  ['zero quantity', { qtyLots: 0 }, 'qty_not_positive', 'qtyLots'],
  ['negative quantity', { qtyLots: -5 }, 'qty_not_positive', 'qtyLots'],
  ['fractional quantity', { qtyLots: 1.5 }, 'qty_not_positive', 'qtyLots'],
  ['NaN quantity', { qtyLots: Number.NaN }, 'qty_not_positive', 'qtyLots'],
  ['quantity above the instrument maximum', { qtyLots: 1_001 }, 'qty_above_max', 'qtyLots'],
  ['limit without a price', { priceTicks: undefined }, 'price_missing', 'priceTicks'],
  ['stop limit without a price', { ...stopLimit, priceTicks: undefined }, 'price_missing', 'priceTicks'],
  ['market with a price', { orderType: 'market' }, 'price_not_allowed', 'priceTicks'],
  ['stop with a price', { ...stop, priceTicks: 100 }, 'price_not_allowed', 'priceTicks'],
  ['price below the range', { priceTicks: 0 }, 'price_out_of_range', 'priceTicks'],
  ['price above the range', { priceTicks: 100_001 }, 'price_out_of_range', 'priceTicks'],
  ['fractional price', { priceTicks: 100.5 }, 'price_out_of_range', 'priceTicks'],
  ['stop without a stop price', { ...stop, stopPriceTicks: undefined }, 'stop_price_missing', 'stopPriceTicks'],
  ['stop limit without a stop price', { ...stopLimit, stopPriceTicks: undefined }, 'stop_price_missing', 'stopPriceTicks'],
  ['limit with a stop price', { stopPriceTicks: 200 }, 'stop_price_not_allowed', 'stopPriceTicks'],
  ['stop price out of range', { ...stop, stopPriceTicks: 100_001 }, 'price_out_of_range', 'stopPriceTicks'],
  ['stop ioc', { ...stop, tif: 'ioc' }, 'tif_not_allowed', 'tif'],
  ['stop limit fok', { ...stopLimit, tif: 'fok' }, 'tif_not_allowed', 'tif'],
  ['gtd without expiry', { tif: 'gtd' }, 'expiry_missing', 'expiryMs'],
  ['gtc with expiry', { expiryMs: nowMs + 1_000 }, 'expiry_not_allowed', 'expiryMs'],
  ['gtd expiring now', { tif: 'gtd', expiryMs: nowMs }, 'expiry_in_past', 'expiryMs'],
  ['gtd expired', { tif: 'gtd', expiryMs: nowMs - 1 }, 'expiry_in_past', 'expiryMs'],
  ['gtd beyond the last accepted instant', { tif: 'gtd', expiryMs: limits.expiryMsMax + 1 }, 'field_invalid', 'expiryMs'],
  ['gtd fractional expiry', { tif: 'gtd', expiryMs: nowMs + 0.5 }, 'field_invalid', 'expiryMs'],
  ['iceberg market', { ...market, displayQtyLots: 5 }, 'option_not_allowed', 'displayQtyLots'],
  ['iceberg stop', { ...stop, displayQtyLots: 5 }, 'option_not_allowed', 'displayQtyLots'],
  ['iceberg ioc', { tif: 'ioc', displayQtyLots: 5 }, 'option_not_allowed', 'displayQtyLots'],
  ['iceberg fok', { tif: 'fok', displayQtyLots: 5 }, 'option_not_allowed', 'displayQtyLots'],
  ['display quantity zero', { displayQtyLots: 0 }, 'display_qty_invalid', 'displayQtyLots'],
  ['display quantity above the quantity', { displayQtyLots: 11 }, 'display_qty_invalid', 'displayQtyLots'],
  ['minimum quantity on a stop', { ...stop, minQtyLots: 5 }, 'option_not_allowed', 'minQtyLots'],
  ['minimum quantity on a stop limit', { ...stopLimit, minQtyLots: 5 }, 'option_not_allowed', 'minQtyLots'],
  ['minimum quantity zero', { minQtyLots: 0 }, 'min_qty_invalid', 'minQtyLots'],
  ['minimum quantity above the quantity', { minQtyLots: 11 }, 'min_qty_invalid', 'minQtyLots'],
  ['post-only market', { ...market, postOnly: true }, 'option_not_allowed', 'postOnly'],
  ['post-only stop limit', { ...stopLimit, postOnly: true }, 'option_not_allowed', 'postOnly'],
  ['post-only ioc', { tif: 'ioc', postOnly: true }, 'option_not_allowed', 'postOnly'],
  ['post-only fok', { tif: 'fok', postOnly: true }, 'option_not_allowed', 'postOnly'],
  ['negative stp group', { stpGroup: -1 }, 'stp_group_invalid', 'stpGroup'],
  ['stp group above the maximum', { stpGroup: limits.stpGroupMax + 1 }, 'stp_group_invalid', 'stpGroup'],
  ['fractional stp group', { stpGroup: 1.5 }, 'stp_group_invalid', 'stpGroup'],
];

const submitAccepted: ReadonlyArray<readonly [title: string, changes: Record<string, unknown>]> = [
  ['a plain limit order', {}],
  ['a market ioc order', { ...market, tif: 'ioc' }],
  ['a market day order', { ...market, tif: 'day' }],
  ['a stop order', stop],
  ['a stop limit day order', { ...stopLimit, tif: 'day' }],
  ['a gtd order expiring a millisecond from now', { tif: 'gtd', expiryMs: nowMs + 1 }],
  ['a gtd order at the last accepted instant', { tif: 'gtd', expiryMs: limits.expiryMsMax }],
  ['an iceberg', { displayQtyLots: 5 }],
  ['an iceberg showing everything', { displayQtyLots: 10 }],
  ['an iceberg stop limit', { ...stopLimit, displayQtyLots: 5 }],
  ['a minimum quantity on an ioc', { tif: 'ioc', minQtyLots: 10 }],
  ['a post-only limit order', { postOnly: true }],
  ['postOnly false on a market order', { ...market, postOnly: false }],
  ['every stp mode and group bound', { stpMode: 'cancel_both', stpGroup: limits.stpGroupMax }],
  ['stp group zero', { stpMode: 'cancel_maker', stpGroup: 0 }],
  ['the price range bounds', { priceTicks: 1, qtyLots: 1_000 }],
  ['printable ASCII in ids', { account: 'a'.repeat(limits.accountNameLengthMax), clientOrderId: '!~'.repeat(32) }],
];

describe('validateSubmitOrder', () => {
  it.each(submitRejections)('rejects %s', (_title, changes, name, field) => {
    const rejection = validateSubmitOrder(order(changes), spec, nowMs);
    expect(rejection).not.toBeNull();
    expect(rejection?.name).toBe(name);
    expect(rejection?.code).toBe(rejectCode(name));
    expect(rejection?.reason.startsWith(`${field}: `), rejection?.reason).toBe(true);
  });

  it.each(submitAccepted)('accepts %s', (_title, changes) => {
    expect(validateSubmitOrder(order(changes), spec, nowMs)).toBeNull();
  });

  it('reports the first failing check in the documented order', () => {
    const firstOf = (changes: Record<string, unknown>): string | undefined => validateSubmitOrder(order(changes), spec, nowMs)?.name;
    expect(firstOf({ account: '', clientOrderId: '', qtyLots: 0 })).toBe('account_invalid');
    expect(firstOf({ clientOrderId: '', side: 'long' })).toBe('client_order_id_invalid');
    expect(firstOf({ side: 'long', qtyLots: 0 })).toBe('field_invalid');
    expect(firstOf({ qtyLots: 0, priceTicks: undefined })).toBe('qty_not_positive');
    expect(firstOf({ priceTicks: 0, stopPriceTicks: 1 })).toBe('price_out_of_range');
    expect(firstOf({ ...stop, stopPriceTicks: 0, tif: 'ioc' })).toBe('price_out_of_range');
    expect(firstOf({ ...stop, tif: 'ioc', displayQtyLots: 5 })).toBe('tif_not_allowed');
    expect(firstOf({ tif: 'gtd', displayQtyLots: 0 })).toBe('expiry_missing');
    expect(firstOf({ displayQtyLots: 0, minQtyLots: 0 })).toBe('display_qty_invalid');
    expect(firstOf({ minQtyLots: 0, postOnly: true, tif: 'ioc' })).toBe('min_qty_invalid');
    expect(firstOf({ ...market, postOnly: true, stpGroup: -1 })).toBe('option_not_allowed');
  });

  it('judges expiry against the command time it is given', () => {
    const gtd = order({ tif: 'gtd', expiryMs: nowMs + 1_000 });
    expect(validateSubmitOrder(gtd, spec, nowMs)).toBeNull();
    expect(validateSubmitOrder(gtd, spec, nowMs + 1_000)?.name).toBe('expiry_in_past');
  });
});

const specRejections: readonly Case[] = [
  ['an empty symbol', { symbol: '' }, 'instrument_invalid', 'symbol'],
  ['a lower-case symbol', { symbol: 'tokz26' }, 'instrument_invalid', 'symbol'],
  ['a symbol with a space', { symbol: 'TOK Z26' }, 'instrument_invalid', 'symbol'],
  ['a symbol starting with punctuation', { symbol: '-TOKZ26' }, 'instrument_invalid', 'symbol'],
  ['a symbol too long', { symbol: 'T'.repeat(limits.symbolLengthMax + 1) }, 'instrument_invalid', 'symbol'],
  ['a zero tick size', { tickSize: '0' }, 'instrument_invalid', 'tickSize'],
  ['a zero tick size with decimals', { tickSize: '0.00' }, 'instrument_invalid', 'tickSize'],
  ['a negative tick size', { tickSize: '-0.01' }, 'instrument_invalid', 'tickSize'],
  ['an exponent tick size', { tickSize: '1e-2' }, 'instrument_invalid', 'tickSize'],
  ['a tick size with a leading dot', { tickSize: '.01' }, 'instrument_invalid', 'tickSize'],
  ['a numeric tick size', { tickSize: 0.01 }, 'instrument_invalid', 'tickSize'],
  ['a tick size too long', { tickSize: `0.${'0'.repeat(19)}1` }, 'instrument_invalid', 'tickSize'],
  ['a zero lot size', { lotSize: '0' }, 'instrument_invalid', 'lotSize'],
  ['a lot size with a comma', { lotSize: '1,5' }, 'instrument_invalid', 'lotSize'],
  // Each bound of the price range is reported under its own field.
  ['a minimum above the maximum', { priceTicksMin: 10, priceTicksMax: 9 }, 'instrument_invalid', 'priceTicksMax'],
  ['a minimum below the bound', { priceTicksMin: -limits.priceTicksAbsMax - 1 }, 'instrument_invalid', 'priceTicksMin'],
  ['a maximum above the bound', { priceTicksMax: limits.priceTicksAbsMax + 1 }, 'instrument_invalid', 'priceTicksMax'],
  ['a fractional minimum', { priceTicksMin: 0.5 }, 'instrument_invalid', 'priceTicksMin'],
  ['a zero maximum order size', { orderQtyLotsMax: 0 }, 'instrument_invalid', 'orderQtyLotsMax'],
  ['a maximum order size above the bound', { orderQtyLotsMax: limits.orderQtyLotsMax + 1 }, 'instrument_invalid', 'orderQtyLotsMax'],
  ['a negative protection', { marketProtectionTicks: -1 }, 'instrument_invalid', 'marketProtectionTicks'],
  ['a fractional protection', { marketProtectionTicks: 2.5 }, 'instrument_invalid', 'marketProtectionTicks'],
];

const specAccepted: ReadonlyArray<readonly [title: string, changes: Record<string, unknown>]> = [
  ['the base instrument', {}],
  ['a symbol with digits and separators', { symbol: 'GPU-H100.Z26_X' }],
  ['a symbol of the maximum length', { symbol: 'T'.repeat(limits.symbolLengthMax) }],
  ['fine and coarse steps', { tickSize: '0.00001', lotSize: '100' }],
  ['negative prices (calendar spreads)', { priceTicksMin: -1_000, priceTicksMax: 1_000 }],
  ['a single-price range at the bounds', { priceTicksMin: limits.priceTicksAbsMax, priceTicksMax: limits.priceTicksAbsMax }],
  ['no market protection', { marketProtectionTicks: 0 }],
];

describe('validateInstrumentSpec', () => {
  it.each(specRejections)('rejects %s', (_title, changes, name, field) => {
    const rejection = validateInstrumentSpec(instrument(changes));
    expect(rejection?.name).toBe(name);
    expect(rejection?.code).toBe(rejectCode(name));
    expect(rejection?.reason.startsWith(`${field}: `), rejection?.reason).toBe(true);
  });

  it.each(specAccepted)('accepts %s', (_title, changes) => {
    expect(validateInstrumentSpec(instrument(changes))).toBeNull();
  });
});
