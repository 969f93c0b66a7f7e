/**
 * The journal's binary frame: exact round trips of every command type (order flow,
 * listings, clearing, contract and lifecycle commands, types the codec has never
 * heard of), the same acceptance as the JSON journal, key order kept, the specialised
 * path taken by the commands the gateway and the order flow produce, frozen tags, and
 * corrupt frames reported as corrupt, never misread silently or thrown as anything else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clearingCommandTypes, contractCommandTypes, type EngineCommand } from '../../core/engine/index.ts';
import { expiryScopes, orderTypes, sides, stpModes, timesInForce } from '../../core/model/index.ts';
import { encodeCommand } from '../command-codec.ts';
import { sampleBatch } from '../journal-conformance.ts';
import { StoreError, type SequencedCommand } from '../ports.ts';
import { specialisedStringLengthMax } from './encoding-kit.ts';
import { CorruptFrameError, FrameEncoder, decodeFrame, specialisedEncodings } from './frame-codec.ts';

const utf16Units = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 6 }).map((units) => String.fromCharCode(...units));
const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 10 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 2, arbitrary: utf16Units },
  {
    weight: 1,
    arbitrary: fc.integer({ min: specialisedStringLengthMax - 1, max: specialisedStringLengthMax + 1 }).map((n) => 'é'.repeat(n)),
  },
);
const integer = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -1_000, max: 2_000_000 }) },
  { weight: 2, arbitrary: fc.maxSafeInteger() },
  { weight: 2, arbitrary: fc.constantFrom(0, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 52 - 1, 2 ** 52, -(2 ** 52), Number.MAX_SAFE_INTEGER) },
);
/** Values no command should carry: each must be stored exactly (generic path) or refused like the JSON journal refuses it. */
const odd = fc.constantFrom<unknown>(-0, Number.NaN, Number.POSITIVE_INFINITY, 1.5, null, true, 'x', 10n, undefined, [1], {}, new Date(0));
const number = fc.oneof({ weight: 12, arbitrary: integer }, { weight: 1, arbitrary: odd });
const word = (values: readonly string[]) => fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: odd });
const flag = fc.oneof({ weight: 6, arbitrary: fc.boolean() }, { weight: 1, arbitrary: odd });

const submitOrder = fc.record(
  {
    type: fc.constant('SubmitOrder'),
    symbol: text,
    account: text,
    clientOrderId: text,
    side: word(sides),
    orderType: word(orderTypes),
    qtyLots: number,
    tif: word(timesInForce),
    priceTicks: number,
    stopPriceTicks: number,
    expiryMs: number,
    displayQtyLots: number,
    minQtyLots: number,
    postOnly: flag,
    stpMode: word(stpModes),
    stpGroup: number,
  },
  { requiredKeys: ['type', 'symbol', 'account', 'clientOrderId', 'side', 'orderType', 'qtyLots', 'tif'] },
);
const cancelOrder = fc.record(
  { type: fc.constant('CancelOrder'), symbol: text, account: text, orderId: number, clientOrderId: text },
  { requiredKeys: ['type', 'symbol', 'account'] },
);
const replaceOrder = fc.record(
  {
    type: fc.constant('ReplaceOrder'),
    symbol: text,
    account: text,
    orderId: number,
    clientOrderId: text,
    newClientOrderId: text,
    qtyLots: number,
    priceTicks: number,
    stopPriceTicks: number,
  },
  { requiredKeys: ['type', 'symbol', 'account'] },
);
const massCancel = fc.record(
  { type: fc.constant('MassCancel'), account: text, symbol: text, side: word(sides) },
  { requiredKeys: ['type'] },
);
const expireOrders = fc.record(
  { type: fc.constant('ExpireOrders'), scope: word(expiryScopes), symbol: text },
  { requiredKeys: ['type', 'scope'] },
);
const listInstrument = fc.record({
  type: fc.constant('ListInstrument'),
  spec: fc.record({
    symbol: text,
    tickSize: fc.constantFrom('0.01', '0.001', '1'),
    lotSize: fc.constant('1'),
    priceTicksMin: integer,
    priceTicksMax: integer,
    orderQtyLotsMax: integer,
    marketProtectionTicks: integer,
  }),
});
const money = fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String);
const margin = fc.record({
  scanRangeBps: integer,
  spreadChargeBps: integer,
  initialToMaintenance: fc.record({ num: integer, den: integer }),
});
/** Shapes of the clearing commands (clearing-commands.ts); values need not be valid for the engine. */
const clearingShapes: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  SetUpClearing: fc.record({
    currencies: fc.array(text),
    marginCallWindowMs: integer,
    skinInTheGameMinor: money,
    assessmentMultiple: number,
  }),
  AddClearingProduct: fc.record({
    root: text,
    currency: text,
    tickValueMinor: money,
    makerFeePerLotMinor: money,
    takerFeePerLotMinor: money,
    margin,
  }),
  RegisterClearedInstrument: fc.record({ symbol: text, root: text, referencePriceTicks: number }),
  AddClearingMember: fc.record({ member: text }),
  OpenClearingAccount: fc.record({ account: text, member: text, kind: fc.constantFrom('house', 'customer') }),
  MoveCollateral: fc.record(
    { movement: fc.constantFrom('deposit', 'withdrawal', 'default_fund', 'own_capital'), party: text, currency: text, amountMinor: money },
    { requiredKeys: ['movement', 'currency', 'amountMinor'] },
  ),
  RunSettlement: fc.record({
    date: text,
    cycle: fc.constantFrom('intraday', 'end_of_day'),
    prices: fc.array(fc.tuple(text, integer)),
  }),
  FinalSettle: fc.record({ symbol: text, date: text, priceTicks: number }),
};
/** Any clearing or contract command type the engine declares (new ones included), with shaped or free-form fields. */
const engineSideCommand = fc
  .constantFrom<string>(...clearingCommandTypes, ...contractCommandTypes)
  .chain((type) =>
    (
      clearingShapes[type] ?? fc.dictionary(fc.constantFrom('symbol', 'account', 'date', 'reason', 'spec', 'priceTicks'), fc.jsonValue())
    ).map((fields) => ({ type, ...fields })),
  );
const unknownType = fc.record({ type: text, payload: fc.jsonValue(), n: number });

type Mutation = 'none' | 'shuffle' | 'drop' | 'extra' | 'undefined' | 'prototype';
const mutation = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Mutation>('none') },
  { weight: 1, arbitrary: fc.constantFrom<Mutation>('shuffle', 'drop', 'extra', 'undefined', 'prototype') },
);

function mutate(command: Record<string, unknown>, how: Mutation, pick: number): object {
  const keys = Object.keys(command);
  const key = keys[pick % keys.length]!;
  switch (how) {
    case 'none':
      return command;
    case 'shuffle':
      return Object.fromEntries([...keys.slice(pick % keys.length), ...keys.slice(0, pick % keys.length)].map((k) => [k, command[k]]));
    case 'drop':
      return Object.fromEntries(keys.filter((k) => k !== key || k === 'type').map((k) => [k, command[k]]));
    case 'extra':
      return { ...command, extra: pick };
    case 'undefined':
      return { ...command, [key === 'type' ? 'qtyLots' : key]: undefined };
    case 'prototype':
      return Object.assign(Object.create({ inherited: 1 }) as object, command);
  }
}

const anyCommand = fc
  .tuple(
    fc.oneof(
      { weight: 8, arbitrary: submitOrder },
      { weight: 4, arbitrary: cancelOrder },
      { weight: 3, arbitrary: replaceOrder },
      { weight: 2, arbitrary: massCancel },
      { weight: 1, arbitrary: expireOrders },
      { weight: 1, arbitrary: listInstrument },
      { weight: 3, arbitrary: engineSideCommand },
      { weight: 1, arbitrary: unknownType },
    ),
    mutation,
    fc.nat(),
  )
  .map(([command, how, pick]) => mutate(command as Record<string, unknown>, how, pick) as EngineCommand);

/** The batch as the JSON journal would give it back, or null when the JSON journal refuses it. */
function throughJson(batch: readonly SequencedCommand[]): SequencedCommand[] | null {
  try {
    return batch.map((entry) => ({ ...entry, command: JSON.parse(encodeCommand(entry.command, entry.seq)) as EngineCommand }));
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return null;
  }
}

function batchOf(commands: readonly EngineCommand[], gaps: readonly number[], firstSeq: number): SequencedCommand[] {
  let tsMs = 1_790_000_000_000;
  return commands.map((command, i) => {
    tsMs += gaps[i] ?? 0;
    return { seq: firstSeq + i, tsMs, command };
  });
}

describe('journal frame codec', () => {
  const encoder = new FrameEncoder();

  it('round-trips every command exactly, key order included, and refuses exactly what the JSON journal refuses', () => {
    const seen = { commands: 0, generic: 0 };
    fc.assert(
      fc.property(
        fc.array(anyCommand, { minLength: 1, maxLength: 24 }),
        fc.array(fc.nat(3_000)),
        fc.nat(1_000_000),
        (commands, gaps, first) => {
          const batch = batchOf(commands, gaps, first + 1);
          const expected = throughJson(batch);
          let frame: Buffer;
          try {
            frame = Buffer.from(encoder.encode(batch));
          } catch (error) {
            expect(expected, `refused: ${String(error)}`).toBeNull();
            expect((error as StoreError).code).toBe('invalid_batch');
            return;
          }
          expect(expected).not.toBeNull();
          seen.commands += batch.length;
          seen.generic += encoder.genericCommands;
          const decoded = decodeFrame(frame, first + 1, first + batch.length);
          expect(decoded).toStrictEqual(expected);
          expect(JSON.stringify(decoded)).toBe(JSON.stringify(expected));
        },
      ),
      { numRuns: 2_000 },
    );
    // Both paths are exercised: specialised bodies and generic ones.
    expect(seen.generic / seen.commands).toBeGreaterThan(0.2);
    expect(seen.generic / seen.commands).toBeLessThan(0.8);
  });

  it('takes the specialised path for the order flow and the gateway shapes, the generic one for listings', () => {
    const batch = sampleBatch(1, 600);
    encoder.encode(batch);
    const listings = batch.filter((entry) => entry.command.type === 'ListInstrument').length;
    expect(encoder.genericCommands).toBe(listings);
    const gatewayShapes: EngineCommand[] = [
      {
        type: 'SubmitOrder',
        symbol: 'S',
        account: 'a',
        clientOrderId: 'c',
        side: 'buy',
        orderType: 'limit',
        qtyLots: 1,
        tif: 'gtc',
        priceTicks: 5,
      },
      { type: 'CancelOrder', symbol: 'S', account: 'a', orderId: 7 },
      { type: 'ReplaceOrder', symbol: 'S', account: 'a', orderId: 7, newClientOrderId: 'n', qtyLots: 2, priceTicks: 4 },
      { type: 'MassCancel', account: 'a', symbol: 'S' },
      { type: 'ExpireOrders', scope: 'gtd' },
    ] as EngineCommand[];
    encoder.encode(batchOf(gatewayShapes, [], 1));
    expect(encoder.genericCommands).toBe(0);
  });

  it('keeps its tags: a released tag is never renumbered or reused', () => {
    expect(specialisedEncodings.map((encoding) => [encoding.tag, encoding.type])).toEqual([
      [1, 'SubmitOrder'],
      [2, 'CancelOrder'],
      [3, 'ReplaceOrder'],
      [4, 'MassCancel'],
      [5, 'ExpireOrders'],
    ]);
  });

  it('stores order flow in a fraction of its JSON', () => {
    const orders = Array.from({ length: 1_024 }, (_, i): EngineCommand => {
      const [symbol, account, side] = [`TOKZ2${i % 3}`, `acct-${i % 40}`, i % 2 === 0 ? 'buy' : 'sell'] as const;
      if (i % 3 === 2) return { type: 'CancelOrder', symbol, account, clientOrderId: `o${i - 2}` };
      return {
        type: 'SubmitOrder',
        symbol,
        account,
        clientOrderId: `o${i}`,
        side,
        orderType: 'limit',
        qtyLots: i % 7,
        tif: 'gtc',
      } as EngineCommand;
    });
    const batch = batchOf(orders, [], 1);
    const json = JSON.stringify(batch.map((entry) => [entry.tsMs, entry.command]));
    expect(encoder.encode(batch).length).toBeLessThan(json.length / 5);
  });

  it('reports damaged frames as corrupt: never another error, never an endless loop', () => {
    const batch = sampleBatch(1, 40);
    const frame = Buffer.from(encoder.encode(batch));
    const fixed: [string, Buffer, number][] = [
      ['empty', Buffer.alloc(0), 40],
      ['other version', Buffer.concat([Buffer.from([9]), frame.subarray(1)]), 40],
      ['wrong count', frame, 41],
      ['truncated', frame.subarray(0, frame.length - 1), 40],
      ['trailing byte', Buffer.concat([frame, Buffer.from([0])]), 40],
    ];
    for (const [what, bytes, count] of fixed) {
      expect(() => decodeFrame(bytes, 1, count), what).toThrow(CorruptFrameError);
    }
    fc.assert(
      fc.property(fc.nat(frame.length - 1), fc.integer({ min: 1, max: 255 }), fc.nat(frame.length), (at, xor, cut) => {
        const damaged = Buffer.from(frame);
        damaged[at] = damaged[at]! ^ xor;
        for (const bytes of [damaged, damaged.subarray(0, cut)]) {
          try {
            decodeFrame(bytes, 1, 40);
          } catch (error) {
            expect(error).toBeInstanceOf(CorruptFrameError);
          }
        }
      }),
      { numRuns: 3_000 },
    );
  });
});
