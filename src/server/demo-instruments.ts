/**
 * The instruments `tokex serve` lists until the contracts context ships real product
 * specifications (issue 5): one token future and one GPU compute future, December 2026.
 *
 * TOKZ26 quotes USD per 1M blended LLM tokens, H100Z26 USD per H100 GPU-hour; both with
 * a tick of 0.01 and a lot of one contract. Price ranges are wide static bounds; daily
 * limits and bands come with the contracts context.
 */
import type { Lots, Ticks } from '../core/kernel/index.ts';
import type { InstrumentSpec } from '../core/model/index.ts';

export const demoInstruments: readonly InstrumentSpec[] = [
  {
    symbol: 'TOKZ26',
    tickSize: '0.01',
    lotSize: '1',
    priceTicksMin: 1 as Ticks,
    priceTicksMax: 1_000_000 as Ticks,
    orderQtyLotsMax: 10_000 as Lots,
    marketProtectionTicks: 200 as Ticks,
  },
  {
    symbol: 'H100Z26',
    tickSize: '0.01',
    lotSize: '1',
    priceTicksMin: 1 as Ticks,
    priceTicksMax: 100_000 as Ticks,
    orderQtyLotsMax: 10_000 as Lots,
    marketProtectionTicks: 50 as Ticks,
  },
];
