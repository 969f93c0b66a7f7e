/**
 * Lists each product's contracts as the calendar says: at start for the current UTC
 * date, then whenever the date changes (checked every minute), so a new month appears
 * on the business day after the front month's last trading day. The listing goes
 * through the sequencer as a ListInstrument command, journaled like any other.
 *
 * Expiry and final settlement of old months belong to the lifecycle wiring that comes
 * with the clearing house; an expired month stays listed until then.
 */
import { instrumentSpecOf, listedContracts, type ProductSpec } from '../core/contracts/index.ts';
import type { InstrumentSpec } from '../core/model/index.ts';
import type { Clock } from './clock.ts';

export function civilDateUtc(tsMs: number): string {
  return new Date(tsMs).toISOString().slice(0, 10);
}

/** The instruments every product lists on `date` (YYYY-MM-DD), front month first per product. */
export function instrumentsListedOn(products: readonly ProductSpec[], date: string): InstrumentSpec[] {
  return products.flatMap((product) => listedContracts(product, date).map((contract) => instrumentSpecOf(product, contract.symbol)));
}

export interface ListingRollDeps {
  readonly products: readonly ProductSpec[];
  readonly clock: Clock;
  /** Is this symbol listed already? */
  readonly isListed: (symbol: string) => boolean;
  readonly list: (spec: InstrumentSpec) => Promise<unknown>;
  readonly log: (line: string) => void;
}

export class ListingRoll {
  private readonly deps: ListingRollDeps;
  private date = '';
  private readonly timer: NodeJS.Timeout;

  constructor(deps: ListingRollDeps) {
    this.deps = deps;
    this.timer = setInterval(() => void this.check(), 60_000);
    this.timer.unref();
  }

  /** Lists what the calendar says for today and is not listed yet. */
  async check(): Promise<void> {
    const today = civilDateUtc(this.deps.clock.nowMs());
    if (today === this.date) return;
    this.date = today;
    for (const spec of instrumentsListedOn(this.deps.products, today)) {
      if (this.deps.isListed(spec.symbol)) continue;
      try {
        await this.deps.list(spec);
        this.deps.log(`listed ${spec.symbol}`);
      } catch (error) {
        this.deps.log(`listing ${spec.symbol} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
