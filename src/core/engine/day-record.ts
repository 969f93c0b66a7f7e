/**
 * What the engine remembers of one contract's trading day: the running sums the daily
 * settlement price reads (the closing-window VWAP, or the full day's for SHFE-style
 * products), the day's last trade, and the prints of the circuit breaker's rolling window.
 *
 * Sums instead of a trade list, so the state (and the snapshot) stays small however busy
 * the day: O(1) per trade, plus the window's prints, which are pruned as they age out.
 * The record belongs to one UTC trading date; a trade on a later date starts a new one.
 * Notional sums are bigint (price x lots can pass 2^53 over a day); in the snapshot they
 * are decimal strings.
 */
import { lots, ticks, type Ticks } from '../kernel/index.ts';
import { sessionSchedule, type ProductSpec, type SettlementMethod, type TradePrint } from '../contracts/index.ts';
import { dateOfDay } from '../benchmark/index.ts';

const msPerDay = 86_400_000;

export interface DayRecordSnapshot {
  readonly date: string;
  readonly vwapTrades: number;
  readonly vwapNotional: string;
  readonly vwapVolume: string;
  readonly trades: number;
  readonly volumeLots: number;
  readonly lastTrade: { readonly tsMs: number; readonly priceTicks: number } | null;
  /** The circuit breaker's window, oldest first: [tsMs, priceTicks, qtyLots]. */
  readonly recent: readonly (readonly [number, number, number])[];
}

export class DayRecord {
  private vwapTrades = 0;
  private vwapNotional = 0n;
  private vwapVolume = 0n;
  private tradeCount = 0;
  private volume = 0;
  private last: { tsMs: number; priceTicks: Ticks } | null = null;
  private readonly prints: TradePrint[] = [];
  private readonly windowStartMs: number;
  private readonly windowEndMs: number;

  private readonly method: SettlementMethod;
  readonly date: string;

  constructor(date: string, product: ProductSpec) {
    this.date = date;
    this.method = product.settlement.method;
    const schedule = sessionSchedule(product, date);
    this.windowStartMs = schedule.closingWindowStartMs;
    this.windowEndMs = schedule.closeMs;
  }

  static dateOf(tsMs: number): string {
    return dateOfDay(Math.floor(tsMs / msPerDay));
  }

  /** Records a trade; `breakerWindowMs` bounds the prints kept for the circuit breaker. */
  add(print: TradePrint, breakerWindowMs: number): void {
    this.tradeCount += 1;
    this.volume += print.qtyLots;
    this.last = { tsMs: print.tsMs, priceTicks: print.priceTicks };
    const inWindow = print.tsMs >= this.windowStartMs && print.tsMs < this.windowEndMs;
    if (this.method === 'full_day_vwap' || inWindow) {
      this.vwapTrades += 1;
      this.vwapNotional += BigInt(print.priceTicks) * BigInt(print.qtyLots);
      this.vwapVolume += BigInt(print.qtyLots);
    }
    this.prints.push(print);
    this.prune(print.tsMs - breakerWindowMs);
  }

  /** The prints within the breaker's window ending at `nowMs`, oldest first. */
  recentPrints(nowMs: number, breakerWindowMs: number): readonly TradePrint[] {
    this.prune(nowMs - breakerWindowMs);
    return this.prints;
  }

  get trades(): number {
    return this.tradeCount;
  }

  get volumeLots(): number {
    return this.volume;
  }

  get lastTrade(): { readonly tsMs: number; readonly priceTicks: Ticks } | null {
    return this.last;
  }

  get vwap(): { readonly trades: number; readonly notionalTicksLots: bigint; readonly volumeLots: bigint } {
    return { trades: this.vwapTrades, notionalTicksLots: this.vwapNotional, volumeLots: this.vwapVolume };
  }

  /** Drops prints at or before `fromMs` (the window is (now - windowMs, now]). */
  private prune(fromMs: number): void {
    let stale = 0;
    while (stale < this.prints.length && this.prints[stale]!.tsMs <= fromMs) stale++;
    if (stale > 0) this.prints.splice(0, stale);
  }

  snapshot(): DayRecordSnapshot {
    return {
      date: this.date,
      vwapTrades: this.vwapTrades,
      vwapNotional: this.vwapNotional.toString(),
      vwapVolume: this.vwapVolume.toString(),
      trades: this.tradeCount,
      volumeLots: this.volume,
      lastTrade: this.last,
      recent: this.prints.map((p) => [p.tsMs, p.priceTicks, p.qtyLots] as const),
    };
  }

  static restore(snapshot: DayRecordSnapshot, product: ProductSpec): DayRecord {
    const record = new DayRecord(snapshot.date, product);
    record.vwapTrades = snapshot.vwapTrades;
    record.vwapNotional = BigInt(snapshot.vwapNotional);
    record.vwapVolume = BigInt(snapshot.vwapVolume);
    record.tradeCount = snapshot.trades;
    record.volume = snapshot.volumeLots;
    record.last = snapshot.lastTrade === null ? null : { tsMs: snapshot.lastTrade.tsMs, priceTicks: ticks(snapshot.lastTrade.priceTicks) };
    for (const [tsMs, priceTicks, qtyLots] of snapshot.recent)
      record.prints.push({ tsMs, priceTicks: ticks(priceTicks), qtyLots: lots(qtyLots) });
    return record;
  }
}
