/**
 * Shared pieces of the engine tests: one contract, TOKZ26, and GTC limit orders on it.
 */
import type { EngineCommand } from '../../src/core/engine/index.ts';
import type { Lots, Ticks } from '../../src/core/kernel/index.ts';

export const symbol = 'TOKZ26';

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
