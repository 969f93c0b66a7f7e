/**
 * Sets up the market rules and the clearing house of an exchange from the product files:
 * each product listed to the engine (its contract rules: order size, daily limits, band),
 * the clearing house itself (USD, a one-hour margin-call window), each product with its
 * starting margin parameters (from its specification; `tokex margin calibrate` gives
 * calibrated ones), and each listed contract with a reference price, the benchmark's
 * latest published value rounded to the tick, as its prior settlement and clearing
 * reference. Every step is a journaled command, so a restart replays it; run again, it
 * only adds what is missing (products and contracts listed since).
 */
import { findMethodology, type Fixing } from '../core/benchmark/index.ts';
import { clearingProductOf } from '../core/clearing/index.ts';
import { contractDates, finalSettlementOf, finalSettlementTicks, parseContractSymbol, type ProductSpec } from '../core/contracts/index.ts';
import type { EngineCommand } from '../core/engine/index.ts';
import type { BenchmarkCache } from '../hedging-data/index.ts';
import type { Exchange } from './exchange.ts';

/** Each product's benchmark fixings over the data, from the server's one cache. */
function fixingsOf(product: ProductSpec, benchmarks: BenchmarkCache): readonly Fixing[] | undefined {
  const methodology = findMethodology(product.benchmarkId);
  return methodology === undefined ? undefined : benchmarks.fullSeries(methodology).fixings;
}

/**
 * The final settlement price of a contract from its benchmark (the value on its last
 * trading day, rounded half-even to the tick), or null while that value is not published.
 */
export function finalSettlementPrices(products: readonly ProductSpec[], benchmarks: BenchmarkCache): (symbol: string) => number | null {
  const byRoot = new Map(products.map((product) => [product.root, product]));
  return (symbol) => {
    const parsed = parseContractSymbol(symbol);
    const product = parsed === null ? undefined : byRoot.get(parsed.root);
    const fixings = product === undefined ? undefined : fixingsOf(product, benchmarks);
    if (product === undefined || fixings === undefined || parsed === null) return null;
    return finalSettlementOf(product, fixings, contractDates(product, parsed).lastTradingDate).priceTicks;
  };
}

/** The benchmark's latest published value per product root, as ticks of the product. */
export function referencePrices(products: readonly ProductSpec[], benchmarks: BenchmarkCache): Map<string, number> {
  const out = new Map<string, number>();
  for (const product of products) {
    const fixings = fixingsOf(product, benchmarks);
    if (fixings === undefined) continue;
    for (let i = fixings.length - 1; i >= 0; i--) {
      const value = fixings[i]!.value;
      if (value !== null) {
        out.set(product.root, finalSettlementTicks(product, value));
        break;
      }
    }
  }
  return out;
}

export async function setUpClearing(
  exchange: Exchange,
  products: readonly ProductSpec[],
  benchmarks: BenchmarkCache,
  log: (line: string) => void,
): Promise<void> {
  const send = async (command: EngineCommand): Promise<void> => {
    const applied = await exchange.submit(command);
    const refused = applied.events.find((event) => event.type === 'ClearingCommandRejected');
    if (refused !== undefined) throw new Error(`clearing set-up: ${command.type} refused: ${JSON.stringify(refused)}`);
  };
  const house = exchange.engine.clearing;
  if (house === null) {
    await send({
      type: 'SetUpClearing',
      currencies: ['USD'],
      marginCallWindowMs: 3_600_000,
      skinInTheGameMinor: '0',
      assessmentMultiple: 1,
    });
  }
  const references = referencePrices(products, benchmarks);
  const snapshot = exchange.engine.snapshot();
  const listedRoots = new Set((snapshot.contracts?.products ?? []).map((spec) => spec.root));
  const settled = new Set(
    (snapshot.contracts?.contracts ?? []).filter((contract) => contract.priorSettlementTicks !== null).map((contract) => contract.symbol),
  );
  for (const product of products) {
    if (!listedRoots.has(product.root)) {
      const applied = await exchange.submit({ type: 'ListProduct', spec: product });
      if (applied.events.some((event) => event.type === 'ContractCommandRejected')) throw new Error(`ListProduct ${product.root} refused`);
    }
    if (!exchange.engine.clearing!.hasProduct(product.root)) {
      const clearing = clearingProductOf(product);
      await send({
        type: 'AddClearingProduct',
        root: clearing.root,
        currency: clearing.currency,
        tickValueMinor: String(clearing.tickValueMinor),
        makerFeePerLotMinor: String(clearing.makerFeePerLotMinor),
        takerFeePerLotMinor: String(clearing.takerFeePerLotMinor),
        margin: clearing.margin,
      });
    }
    const reference = references.get(product.root);
    if (reference === undefined) {
      log(`clearing: no benchmark value for ${product.root}; its contracts are not cleared`);
      continue;
    }
    for (const units of exchange.instruments()) {
      const symbol = units.spec.symbol;
      if (parseContractSymbol(symbol)?.root !== product.root || exchange.engine.clearing!.hasInstrument(symbol)) continue;
      await send({ type: 'RegisterClearedInstrument', symbol, root: product.root, referencePriceTicks: reference });
      if (!settled.has(symbol)) await exchange.submit({ type: 'SetPriorSettlement', symbol, priceTicks: reference });
    }
  }
}
