/**
 * Shared pieces of the engine tests: one contract, TOKZ26, and GTC limit orders on it.
 */
import type { EngineCommand } from '../../src/core/engine/index.ts';
import type { Lots, Ticks } from '../../src/core/kernel/index.ts';

export const symbol = 'TOKZ26';

/** Lists TOKZ26 with a 0.001 tick, at most 500 lots an order and the given market protection. */
export function listTokz26(marketProtectionTicks: number): EngineCommand {
  return {
    type: 'ListInstrument',
    spec: {
      symbol,
      tickSize: '0.001',
      lotSize: '1',
      priceTicksMin: 1 as Ticks,
      priceTicksMax: 1_000_000 as Ticks,
      orderQtyLotsMax: 500 as Lots,
      marketProtectionTicks: marketProtectionTicks as Ticks,
    },
  };
}

/** A GTC limit order on TOKZ26. */
export function order(account: string, side: 'buy' | 'sell', qty: number, price: number, id: string): EngineCommand {
  return {
    type: 'SubmitOrder',
    symbol,
    account,
    clientOrderId: id,
    side,
    orderType: 'limit',
    tif: 'gtc',
    qtyLots: qty as Lots,
    priceTicks: price as Ticks,
  };
}

/**
 * Clearing for TOK with one cleared contract: USD, tick value 1.00 USD, a 10% scan range,
 * 2.5% spread charge, initial 1.1 x maintenance. Options vary what the tests vary.
 */
export function tokClearing(
  symbolCleared: string,
  referencePriceTicks: number,
  options: { marginCallWindowMs?: number; skinInTheGameMinor?: string; makerFee?: string; takerFee?: string } = {},
): EngineCommand[] {
  return [
    {
      type: 'SetUpClearing',
      currencies: ['USD'],
      marginCallWindowMs: options.marginCallWindowMs ?? 3_600_000,
      skinInTheGameMinor: options.skinInTheGameMinor ?? '0',
      assessmentMultiple: 1,
    },
    {
      type: 'AddClearingProduct',
      root: 'TOK',
      currency: 'USD',
      tickValueMinor: '100',
      makerFeePerLotMinor: options.makerFee ?? '0',
      takerFeePerLotMinor: options.takerFee ?? '0',
      margin: { scanRangeBps: 1000, spreadChargeBps: 250, initialToMaintenance: { num: 11, den: 10 } },
    },
    { type: 'RegisterClearedInstrument', symbol: symbolCleared, root: 'TOK', referencePriceTicks },
  ];
}
