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
