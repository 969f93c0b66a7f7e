/**
 * A book rebuilt the way a market-data client does: from the engine's
 * `BookLevelChanged` events alone (absolute quantity per price, 0 deletes). Compared
 * with `engine.books.levels(...)`, it proves the published deltas describe the book.
 * O(1) per event; O(levels log levels) per comparison.
 */
import type { EngineEvent } from '../core/engine/index.ts';
import type { LevelView } from '../core/matching/index.ts';
import type { Side } from '../core/model/index.ts';

export class BookMirror {
  private readonly sides: Record<Side, Map<number, number>> = { buy: new Map(), sell: new Map() };

  readonly symbol: string;

  constructor(symbol: string) {
    this.symbol = symbol;
  }

  apply(events: readonly EngineEvent[]): void {
    for (const event of events) {
      if (event.type !== 'BookLevelChanged' || event.symbol !== this.symbol) continue;
      if (event.qtyLots === 0) this.sides[event.side].delete(event.priceTicks);
      else this.sides[event.side].set(event.priceTicks, event.qtyLots);
    }
  }

  /** Levels best first. */
  levels(side: Side): { priceTicks: number; qtyLots: number }[] {
    const out = [...this.sides[side]].map(([priceTicks, qtyLots]) => ({ priceTicks, qtyLots }));
    return out.sort((a, b) => (side === 'buy' ? b.priceTicks - a.priceTicks : a.priceTicks - b.priceTicks));
  }

  /** The first difference from the engine's levels of `side`, or null when they agree. */
  differenceFrom(side: Side, engineLevels: readonly LevelView[]): string | null {
    const mine = this.levels(side);
    if (mine.length !== engineLevels.length) return `${side}: ${mine.length} levels rebuilt, engine has ${engineLevels.length}`;
    for (let i = 0; i < mine.length; i++) {
      const a = mine[i]!;
      const b = engineLevels[i]!;
      if (a.priceTicks !== b.priceTicks || a.qtyLots !== b.qtyLots) {
        return `${side} level ${i}: rebuilt ${a.qtyLots}@${a.priceTicks}, engine ${b.qtyLots}@${b.priceTicks}`;
      }
    }
    return null;
  }
}
