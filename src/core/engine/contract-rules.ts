/**
 * The contract rules the engine enforces on the order path (ADR 0010, issue 5): for an
 * instrument whose product is listed, the maximum order size, the daily price limit
 * around the prior settlement price (with the product's escalation state), and the price
 * band around the reference price (the last trade, else the prior settlement).
 *
 * State: the listed product specifications and, per contract, its prior settlement price
 * and limit state, all journaled through commands (`ListProduct`, `SetPriorSettlement`)
 * and kept in the snapshot in a canonical order. Lifecycle, circuit breaker, auctions
 * and settlement prices computed by the engine come with the next part of issue 5.
 */
import {
  checkDailyLimit,
  checkOrderSize,
  checkPriceBand,
  dailyLimits,
  initialLimitState,
  parseContractSymbol,
  priceBand,
  validateProductSpec,
  type LimitState,
  type ProductSpec,
} from '../contracts/index.ts';
import { limits, rejectCode, type RejectName, type Ticks } from '../kernel/index.ts';
import type { ReplaceOrder, SubmitOrder } from '../model/index.ts';

export interface ListProduct {
  readonly type: 'ListProduct';
  /** A product specification as in products/*.json. */
  readonly spec: unknown;
}

/** Sets a contract's prior settlement price (until the engine computes daily settlement prices itself). */
export interface SetPriorSettlement {
  readonly type: 'SetPriorSettlement';
  readonly symbol: string;
  readonly priceTicks: number;
}

export type ContractCommand = ListProduct | SetPriorSettlement;
export const contractCommandTypes: readonly ContractCommand['type'][] = ['ListProduct', 'SetPriorSettlement'];

export interface ProductListed {
  readonly type: 'ProductListed';
  readonly root: string;
}

export interface PriorSettlementSet {
  readonly type: 'PriorSettlementSet';
  readonly symbol: string;
  readonly priceTicks: number;
}

export interface ContractCommandRejected {
  readonly type: 'ContractCommandRejected';
  readonly command: ContractCommand['type'];
  readonly code: number;
  readonly name: string;
  readonly reason: string;
}

export type ContractEvent = ProductListed | PriorSettlementSet | ContractCommandRejected;

export interface ContractRulesSnapshot {
  readonly products: readonly ProductSpec[];
  readonly contracts: readonly { readonly symbol: string; readonly priorSettlementTicks: number; readonly limitState: LimitState }[];
}

export interface OrderRuleRejection {
  readonly code: number;
  readonly name: RejectName;
  readonly reason: string;
}

interface ContractState {
  priorSettlementTicks: number;
  limitState: LimitState;
}

export class ContractRules {
  private readonly products = new Map<string, ProductSpec>();
  private readonly contracts = new Map<string, ContractState>();

  get empty(): boolean {
    return this.products.size === 0;
  }

  apply(command: ContractCommand): ContractEvent[] {
    if (command.type === 'ListProduct') {
      const result = validateProductSpec(command.spec);
      if (!result.ok) {
        const first = result.problems[0];
        return [refused(command, 'field_invalid', `spec.${first?.path ?? ''}: ${first?.reason ?? 'invalid'}`)];
      }
      if (this.products.has(result.spec.root))
        return [refused(command, 'field_invalid', `spec.root: ${result.spec.root} is already listed`)];
      this.products.set(result.spec.root, result.spec);
      return [{ type: 'ProductListed', root: result.spec.root }];
    }
    const product = this.productOf(command.symbol);
    if (product === undefined)
      return [refused(command, 'unknown_instrument', `symbol: ${String(command.symbol)} is not a contract of a listed product`)];
    const price = command.priceTicks;
    if (!Number.isSafeInteger(price) || price < 1 || price > product.priceTicksMax || price > limits.priceTicksAbsMax) {
      return [refused(command, 'price_out_of_range', `priceTicks: ${String(price)} is not in [1, ${product.priceTicksMax}]`)];
    }
    const state = this.contracts.get(command.symbol);
    if (state === undefined) this.contracts.set(command.symbol, { priorSettlementTicks: price, limitState: initialLimitState });
    else state.priorSettlementTicks = price;
    return [{ type: 'PriorSettlementSet', symbol: command.symbol, priceTicks: price }];
  }

  /** The product a contract symbol belongs to, if listed. */
  productOf(symbol: unknown): ProductSpec | undefined {
    if (typeof symbol !== 'string') return undefined;
    const parsed = parseContractSymbol(symbol);
    return parsed === null ? undefined : this.products.get(parsed.root);
  }

  /** Order size, daily limit and band of a new order; `lastTradeTicks` is the book's last trade or null. */
  checkSubmit(order: SubmitOrder, lastTradeTicks: number | null): OrderRuleRejection | null {
    const product = this.productOf(order.symbol);
    if (product === undefined) return null;
    const size = checkOrderSize(product, order.qtyLots, 'qtyLots');
    if (size !== null) return size;
    return this.checkPrices(order.symbol, product, order.side, order.priceTicks, order.stopPriceTicks, lastTradeTicks);
  }

  /** Daily limit and band of a replace's new prices (the side is the working order's). */
  checkReplace(order: ReplaceOrder, side: 'buy' | 'sell', lastTradeTicks: number | null): OrderRuleRejection | null {
    const product = this.productOf(order.symbol);
    if (product === undefined) return null;
    return this.checkPrices(order.symbol, product, side, order.priceTicks, order.stopPriceTicks, lastTradeTicks);
  }

  private checkPrices(
    symbol: string,
    product: ProductSpec,
    side: 'buy' | 'sell',
    price: Ticks | undefined,
    stopPrice: Ticks | undefined,
    lastTradeTicks: number | null,
  ): OrderRuleRejection | null {
    const state = this.contracts.get(symbol);
    if (state === undefined) return null;
    const day = dailyLimits(product, state.priorSettlementTicks as Ticks, state.limitState);
    for (const [field, value] of [
      ['priceTicks', price],
      ['stopPriceTicks', stopPrice],
    ] as const) {
      if (value === undefined) continue;
      const outside = checkDailyLimit(day, value, field);
      if (outside !== null) return outside;
    }
    if (price !== undefined) {
      const band = priceBand(product, (lastTradeTicks ?? state.priorSettlementTicks) as Ticks);
      const outside = checkPriceBand(band, side, price, 'priceTicks');
      if (outside !== null) return outside;
    }
    return null;
  }

  snapshot(): ContractRulesSnapshot {
    return {
      products: [...this.products.values()].sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0)),
      contracts: [...this.contracts.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([symbol, state]) => ({ symbol, priorSettlementTicks: state.priorSettlementTicks, limitState: state.limitState })),
    };
  }

  static restore(snapshot: ContractRulesSnapshot): ContractRules {
    const rules = new ContractRules();
    for (const spec of snapshot.products) rules.products.set(spec.root, spec);
    for (const contract of snapshot.contracts) {
      rules.contracts.set(contract.symbol, { priorSettlementTicks: contract.priorSettlementTicks, limitState: contract.limitState });
    }
    return rules;
  }
}

function refused(command: ContractCommand, name: RejectName, reason: string): ContractCommandRejected {
  return { type: 'ContractCommandRejected', command: command.type, code: rejectCode(name), name, reason };
}
