/**
 * InstrumentUnits' plain-number paths give exactly what the kernel's bigint decimal
 * functions give: the same counts, the same rejections with the same messages, the
 * same formatted text, for decimals short and long, on and off the step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSteps, parseStep, parseSteps, type Lots, type Ticks } from '../core/kernel/index.ts';
import { InstrumentUnits, toSubmitOrder } from './wire.ts';

const steps = ['0.01', '0.001', '1', '5', '0.25', '0.05', '0.0001', '10', '0.000000000000000001', '123456789012345678'];

function unitsOf(tickSize: string, lotSize: string): InstrumentUnits {
  return new InstrumentUnits({
    symbol: 'TOKZ26',
    tickSize,
    lotSize,
    priceTicksMin: 1 as Ticks,
    priceTicksMax: 1_000_000 as Ticks,
    orderQtyLotsMax: 1_000 as Lots,
    marketProtectionTicks: 10 as Ticks,
  });
}

/** What the bigint path alone decides, as InstrumentUnits reported it before the number path existed. */
function kernelSteps(text: string, step: string): { ok: true; value: number } | { ok: false; reason: string } {
  return parseSteps(text, parseStep(step));
}

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
const decimalText = fc.oneof(
  fc.tuple(fc.nat(99_999), fc.nat(3)).map(([n, scale]) => (scale === 0 ? String(n) : (n / 10 ** scale).toFixed(scale))),
  fc.tuple(digits(1, 18), fc.option(digits(1, 18))).map(([int, frac]) => (frac === null ? int : `${int}.${frac}`)),
  fc.constantFrom(
    '0',
    '0.0',
    '-1',
    '-0.01',
    '007',
    '1.',
    '.5',
    '',
    '1e3',
    ' 1',
    '9007199254740993',
    '999999999999999.9',
    '0.000000000000001',
    '05',
    '00.5',
    '0.',
    '1.2.3',
    '1..2',
    '123456789012345',
    '1234567890123456',
    '12345678.12345678',
  ),
  fc.string({ maxLength: 6 }),
);

describe('InstrumentUnits', () => {
  it('parses prices and quantities exactly as the kernel does, rejections included', () => {
    fc.assert(
      fc.property(decimalText, fc.constantFrom(...steps), fc.constantFrom(...steps), (text, tickSize, lotSize) => {
        const units = unitsOf(tickSize, lotSize);
        const price = units.price('price', text);
        const kernelPrice = kernelSteps(text, tickSize);
        expect(price.ok).toBe(kernelPrice.ok);
        if (price.ok && kernelPrice.ok) expect(Object.is(price.value, kernelPrice.value)).toBe(true);
        if (!price.ok && !kernelPrice.ok) expect(price.rejection.message).toBe(`price: ${kernelPrice.reason}`);
        const qty = units.qty('qty', text);
        const kernelQty = kernelSteps(text, lotSize);
        expect(qty.ok).toBe(kernelQty.ok && kernelQty.value > 0);
        if (qty.ok && kernelQty.ok) expect(Object.is(qty.value, kernelQty.value)).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it('formats counts exactly as the kernel does', () => {
    const count = fc.oneof(
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.maxSafeInteger(),
      fc.constantFrom(0, -0, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
    );
    fc.assert(
      fc.property(count, fc.constantFrom(...steps), (n, step) => {
        const units = unitsOf(step, step);
        expect(units.formatPrice(n)).toBe(formatSteps(n, parseStep(step)));
        expect(units.formatQty(n)).toBe(formatSteps(n, parseStep(step)));
      }),
      { numRuns: 5_000 },
    );
  });

  it('builds SubmitOrder with the fields in declaration order, the first bad field rejected', () => {
    const units = unitsOf('0.01', '1');
    const order = fc.record(
      {
        symbol: fc.constant('TOKZ26'),
        side: fc.constantFrom('buy', 'sell'),
        type: fc.constantFrom('limit', 'market', 'stop', 'stop_limit'),
        qty: fc.constantFrom('1', '0', '2.5', '10'),
        tif: fc.constantFrom('gtc', 'ioc', 'gtd'),
        clientOrderId: fc.constant('c1'),
        price: fc.constantFrom('12.34', '12.345', '-1', '0.01'),
        stopPrice: fc.constantFrom('12.00', 'x'),
        expireAtMs: fc.nat(),
        displayQty: fc.constantFrom('1', '0.5'),
        minQty: fc.constantFrom('1', '0'),
        postOnly: fc.boolean(),
        stpMode: fc.constantFrom('none', 'cancel_both'),
        stpGroup: fc.nat(9),
      },
      { requiredKeys: ['symbol', 'side', 'type', 'qty', 'tif', 'clientOrderId'] },
    );
    const declared = ['type', 'symbol', 'account', 'clientOrderId', 'side', 'orderType', 'qtyLots', 'tif', 'priceTicks'];
    const optional = ['stopPriceTicks', 'expiryMs', 'displayQtyLots', 'minQtyLots', 'postOnly', 'stpMode', 'stpGroup'];
    fc.assert(
      fc.property(order, (request) => {
        const built = toSubmitOrder(request, 'alice', units);
        const bad = (['qty', 'price', 'stopPrice', 'displayQty', 'minQty'] as const).find((field) => {
          const text = request[field];
          if (text === undefined) return false;
          const parsed = field.includes('rice') ? units.price(field, text) : units.qty(field, text);
          return !parsed.ok;
        });
        expect(built.ok).toBe(bad === undefined);
        if (!built.ok) expect(built.rejection.message.startsWith(`${bad!}: `)).toBe(true);
        else {
          const keys = Object.keys(built.value);
          expect(keys).toEqual([...declared, ...optional].filter((key) => keys.includes(key)));
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
