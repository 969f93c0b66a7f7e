/**
 * A small test market on the real engine: the shipped TOK product listed, contracts
 * listed in the books, and a clock the test moves to UTC instants ("2026-12-01 00:15").
 * Every command is logged, so a test can replay the log and compare state hashes.
 */
import { readFileSync } from 'node:fs';
import { instrumentSpecOf, validateProductSpec, type ProductSpec } from '../../src/core/contracts/index.ts';
import { Engine, type EngineCommand, type EngineEvent } from '../../src/core/engine/index.ts';
import type { Lots, Ticks } from '../../src/core/kernel/index.ts';
import type { TimeInForce } from '../../src/core/model/index.ts';

export const tokSpec: unknown = JSON.parse(readFileSync(new URL('../../products/tok.json', import.meta.url), 'utf8'));
const validated = validateProductSpec(tokSpec);
if (!validated.ok) throw new Error('products/tok.json is invalid');
export const tok: ProductSpec = validated.spec;

/** "2026-12-01 19:58" or "2026-12-01 19:58:30" as Unix milliseconds (UTC). */
export function at(instant: string): number {
  const [date, time] = instant.split(' ');
  return Date.parse(`${date}T${time!.length === 5 ? `${time}:00` : time}Z`);
}

export class TestMarket {
  readonly engine = new Engine();
  readonly log: { command: EngineCommand; tsMs: number }[] = [];
  private nowMs = 0;

  constructor(symbols: readonly string[], priorSettlementTicks: number) {
    for (const symbol of symbols) this.apply({ type: 'ListInstrument', spec: instrumentSpecOf(tok, symbol) });
    this.apply({ type: 'ListProduct', spec: tokSpec });
    for (const symbol of symbols) this.apply({ type: 'SetPriorSettlement', symbol, priceTicks: priorSettlementTicks });
  }

  /** Moves the clock (never back). */
  at(instant: string): this {
    const next = at(instant);
    if (next < this.nowMs) throw new Error(`time goes back to ${instant}`);
    this.nowMs = next;
    return this;
  }

  apply(command: EngineCommand): EngineEvent[] {
    this.log.push({ command, tsMs: this.nowMs });
    return this.engine.apply(command, { seq: this.log.length, tsMs: this.nowMs });
  }

  /** Applies and returns the events of the given types only. */
  applyOf<T extends EngineEvent['type']>(command: EngineCommand, ...types: T[]): Extract<EngineEvent, { type: T }>[] {
    return this.apply(command).filter((e): e is Extract<EngineEvent, { type: T }> => (types as string[]).includes(e.type));
  }

  /** StartPreOpen then OpenTrading for each symbol; returns the open's events. */
  open(...symbols: string[]): EngineEvent[] {
    for (const symbol of symbols) this.apply({ type: 'StartPreOpen', symbol });
    return symbols.flatMap((symbol) => this.apply({ type: 'OpenTrading', symbol }));
  }

  close(...symbols: string[]): void {
    for (const symbol of symbols) {
      this.apply({ type: 'CloseTrading', symbol });
      this.apply({ type: 'ExpireOrders', scope: 'day', symbol });
    }
  }

  /** A seller's resting order and a buyer's order at the same price: one trade of `qty` at `price`. */
  trade(symbol: string, price: number, qty = 1, id = `t${this.log.length}`): EngineEvent[] {
    this.apply(limit(symbol, 'seller', 'sell', qty, price, `${id}s`));
    return this.apply(limit(symbol, 'buyer', 'buy', qty, price, `${id}b`));
  }

  /** A replay of the whole log on a fresh engine. */
  replayHash(): string {
    const fresh = new Engine();
    this.log.forEach(({ command, tsMs }, i) => fresh.applyForReplay(command, { seq: i + 1, tsMs }));
    return fresh.stateHash();
  }
}

export function limit(
  symbol: string,
  account: string,
  side: 'buy' | 'sell',
  qty: number,
  price: number,
  clientOrderId: string,
  tif: TimeInForce = 'gtc',
): EngineCommand {
  return {
    type: 'SubmitOrder',
    symbol,
    account,
    clientOrderId,
    side,
    orderType: 'limit',
    tif,
    qtyLots: qty as Lots,
    priceTicks: price as Ticks,
  };
}
