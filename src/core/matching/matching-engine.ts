/**
 * The matching engine: every instrument's book behind one `apply(command, ctx)`.
 *
 * Pure and synchronous: the same commands with the same contexts give the same tape
 * and the same state. It assigns order ids and trade ids, interns account names into
 * small integers (on first accepted order), runs the stateless validation, then hands
 * the command to the instrument's book. `apply` writes the command's events to `tape`
 * (read it directly, or `decode()` it) and never throws on bad input: a bad command
 * becomes an OrderRejected record and changes nothing.
 *
 * Call auctions (docs/matching.md, "Call auctions") are driven by the engine layer while
 * it applies its own journaled lifecycle commands: `setAuction` switches a book between
 * collecting and continuous (no events, the tape is left as it is), `auctionOrders`
 * gives the resting orders for the auction price, and `uncross` trades at that price
 * (like `apply`, it resets the tape and writes the events). The mode of each book is in
 * the snapshot. Misuse of these calls (an unknown symbol, a price that leaves crossing
 * quantity, ending an auction of a crossed book without an uncross) is a bug of the
 * caller and fails an assertion.
 */
import { assert, limits } from '../kernel/index.ts';
import type {
  ApplyContext,
  CancelOrder,
  ExpireOrders,
  InstrumentSpec,
  ListInstrument,
  MassCancel,
  MatchingCommand,
  MatchingEvent,
  ReplaceOrder,
  Side,
  SubmitOrder,
} from '../model/index.ts';
import { expiryScopes, sides } from '../model/index.ts';
import { encodeSide } from './codes.ts';
import { decodeTape, type TapeNames } from './decode.ts';
import { EventTape } from './event-tape.ts';
import { MatchCounters, OrderBook } from './order-book.ts';
import { checkAccount, rejection, validateInstrumentSpec, validateSubmitOrder, type Rejection } from './validate.ts';
import type { MatchingSnapshot } from './snapshot.ts';
import type { AuctionOrdersView, AuctionPort, LevelView, WorkingOrderView } from './views.ts';
import type { Ticks } from '../kernel/index.ts';

function unknownCommand(command: never): Rejection {
  return rejection('malformed_command', `type: unknown command ${String((command as { type: unknown }).type)}`);
}

export class MatchingEngine implements AuctionPort {
  /** Events of the last `apply`. */
  readonly tape = new EventTape();
  private readonly counters = new MatchCounters();
  private readonly books = new Map<string, OrderBook>();
  private readonly bookList: OrderBook[] = [];
  private readonly symbols: string[] = [];
  private readonly accountIds = new Map<string, number>();
  private readonly accountNames: string[] = [];
  private lastOrderId = 0;
  /** The tape's names for `decode`: the two lists above, which only grow in place. */
  private readonly names: TapeNames = { symbols: this.symbols, accounts: this.accountNames };
  /** An account's name by number, for the views; made once (the engine layer asks for views on every order it clears). */
  private readonly accountName = (account: number): string => this.accountNames[account] ?? '';

  /** The id the last accepted order received (0 before any). */
  get lastAssignedOrderId(): number {
    return this.lastOrderId;
  }

  apply(command: MatchingCommand, ctx: ApplyContext): void {
    this.tape.reset();
    switch (command.type) {
      case 'SubmitOrder':
        return this.submit(command, ctx);
      case 'CancelOrder':
        return this.cancel(command);
      case 'ReplaceOrder':
        return this.replace(command);
      case 'MassCancel':
        return this.massCancel(command);
      case 'ExpireOrders':
        return this.expire(command, ctx);
      case 'ListInstrument':
        return this.list(command);
      default:
        this.tape.writeRejected(-1, command, unknownCommand(command));
    }
  }

  /**
   * `apply` without writing its events (the tape is left empty): the same state, for
   * replays that need only the state.
   */
  applyWithoutEvents(command: MatchingCommand, ctx: ApplyContext): void {
    this.tape.recording = false;
    try {
      this.apply(command, ctx);
    } finally {
      this.tape.recording = true;
    }
  }

  /** `apply` and decode its events. */
  execute(command: MatchingCommand, ctx: ApplyContext): MatchingEvent[] {
    this.apply(command, ctx);
    return this.decode();
  }

  decode(): MatchingEvent[] {
    return decodeTape(this.tape, this.names);
  }

  private submit(cmd: SubmitOrder, ctx: ApplyContext): void {
    const book = this.books.get(cmd.symbol);
    if (book === undefined) return this.rejectUnknownInstrument(cmd, cmd.symbol);
    const bad = validateSubmitOrder(cmd, book.spec, ctx.tsMs);
    if (bad !== null) return this.tape.writeRejected(book.instrument, cmd, bad);
    const known = this.accountIds.get(cmd.account);
    const badState = book.checkSubmit(cmd, known ?? -1);
    if (badState !== null) return this.tape.writeRejected(book.instrument, cmd, badState);
    book.enter(cmd, known ?? this.internAccount(cmd.account), ++this.lastOrderId);
  }

  private cancel(cmd: CancelOrder): void {
    const book = this.books.get(cmd.symbol);
    const slot = this.findOrder(book, cmd);
    if (slot >= 0) book!.cancel(slot);
  }

  private replace(cmd: ReplaceOrder): void {
    const book = this.books.get(cmd.symbol);
    const slot = this.findOrder(book, cmd);
    if (slot < 0) return;
    const bad = book!.checkReplace(cmd, slot);
    if (bad !== null) return this.tape.writeRejected(book!.instrument, cmd, bad);
    book!.replace(cmd, slot);
  }

  /** The slot in `book` a cancel or replace names, or -1 after writing the rejection. */
  private findOrder(book: OrderBook | undefined, cmd: CancelOrder | ReplaceOrder): number {
    if (book === undefined) {
      this.rejectUnknownInstrument(cmd, cmd.symbol);
      return -1;
    }
    const badAccount = checkAccount(cmd.account);
    if (badAccount !== null) {
      this.tape.writeRejected(book.instrument, cmd, badAccount);
      return -1;
    }
    const slot = book.findOrder(cmd, this.accountIds.get(cmd.account) ?? -1);
    if (typeof slot !== 'number') {
      this.tape.writeRejected(book.instrument, cmd, slot);
      return -1;
    }
    return slot;
  }

  private massCancel(cmd: MassCancel): void {
    if (cmd.account === undefined && cmd.symbol === undefined) {
      return this.tape.writeRejected(-1, cmd, rejection('field_missing', 'account: a mass cancel needs an account or a symbol'));
    }
    const bad = this.checkFilters(cmd.account, cmd.symbol, cmd.side);
    if (bad !== null) return this.tape.writeRejected(bad.instrument, cmd, bad.rejection);
    const account = cmd.account === undefined ? -1 : (this.accountIds.get(cmd.account) ?? -2);
    if (account === -2) return;
    const side = cmd.side === undefined ? -1 : encodeSide(cmd.side);
    if (cmd.symbol !== undefined) return this.books.get(cmd.symbol)!.massCancel(account, side);
    for (const book of this.bookList) book.massCancel(account, side);
  }

  private expire(cmd: ExpireOrders, ctx: ApplyContext): void {
    const bad = this.checkFilters(undefined, cmd.symbol, undefined);
    if (bad !== null) return this.tape.writeRejected(bad.instrument, cmd, bad.rejection);
    if (!(expiryScopes as readonly string[]).includes(cmd.scope)) {
      return this.tape.writeRejected(-1, cmd, rejection('field_invalid', `scope: must be one of ${expiryScopes.join(', ')}`));
    }
    if (cmd.symbol !== undefined) return this.books.get(cmd.symbol)!.expire(cmd.scope, ctx.tsMs);
    for (const book of this.bookList) book.expire(cmd.scope, ctx.tsMs);
  }

  private checkFilters(
    account: string | undefined,
    symbol: string | undefined,
    side: Side | undefined,
  ): { instrument: number; rejection: Rejection } | null {
    if (symbol !== undefined && !this.books.has(symbol)) {
      return { instrument: -1, rejection: rejection('unknown_instrument', `symbol: ${String(symbol)} is not listed`) };
    }
    if (account !== undefined) {
      const bad = checkAccount(account);
      if (bad !== null) return { instrument: -1, rejection: bad };
    }
    if (side !== undefined && !(sides as readonly string[]).includes(side)) {
      return { instrument: -1, rejection: rejection('field_invalid', `side: must be one of ${sides.join(', ')}`) };
    }
    return null;
  }

  private list(cmd: ListInstrument): void {
    const bad = validateInstrumentSpec(cmd.spec);
    if (bad !== null) return this.tape.writeRejected(-1, cmd, bad);
    if (this.books.has(cmd.spec.symbol)) {
      return this.tape.writeRejected(-1, cmd, rejection('instrument_exists', `symbol: ${cmd.spec.symbol} is already listed`));
    }
    if (this.bookList.length >= limits.instrumentsMax) {
      return this.tape.writeRejected(-1, cmd, rejection('instrument_invalid', `symbol: at most ${limits.instrumentsMax} instruments`));
    }
    // A copy with a fixed key order, so snapshots (and state hashes) are canonical.
    const spec: InstrumentSpec = {
      symbol: cmd.spec.symbol,
      tickSize: cmd.spec.tickSize,
      lotSize: cmd.spec.lotSize,
      priceTicksMin: cmd.spec.priceTicksMin,
      priceTicksMax: cmd.spec.priceTicksMax,
      orderQtyLotsMax: cmd.spec.orderQtyLotsMax,
      marketProtectionTicks: cmd.spec.marketProtectionTicks,
    };
    const book = new OrderBook(this.bookList.length, spec, this.tape, this.counters);
    this.books.set(cmd.spec.symbol, book);
    this.bookList.push(book);
    this.symbols.push(cmd.spec.symbol);
    this.tape.writeInstrumentListed(book.instrument);
  }

  private rejectUnknownInstrument(cmd: MatchingCommand, symbol: unknown): void {
    this.tape.writeRejected(-1, cmd, rejection('unknown_instrument', `symbol: ${String(symbol)} is not listed`));
  }

  private internAccount(name: string): number {
    assert(this.accountNames.length < limits.accountsMax, 'accounts above the limit');
    const id = this.accountNames.length;
    this.accountIds.set(name, id);
    this.accountNames.push(name);
    return id;
  }

  // ---- call auction --------------------------------------------------------------------

  /** Puts a book into auction (collecting) or back to continuous. Idempotent. Writes no events. */
  setAuction(symbol: string, collecting: boolean): void {
    this.auctionBook(symbol).setAuction(collecting);
  }

  /** True while the book collects for an auction (false for an unknown symbol). */
  isAuction(symbol: string): boolean {
    return this.books.get(symbol)?.inAuction ?? false;
  }

  /**
   * The resting limit orders of a book as (price, leaves with an iceberg's hidden part),
   * for the auction price; each side best price first, in queue order. O(resting orders).
   */
  auctionOrders(symbol: string): AuctionOrdersView {
    return this.books.get(symbol)?.auctionOrders() ?? { bids: [], asks: [] };
  }

  /**
   * Executes every crossing quantity at `priceTicks` in price-time priority, then the book
   * is back in continuous mode. Resets the tape and writes the events (read them with
   * `decode()`). `priceTicks` must be a price of maximal executable volume.
   */
  uncross(symbol: string, priceTicks: Ticks, _ctx: ApplyContext): void {
    const book = this.auctionBook(symbol);
    this.tape.reset();
    book.uncross(priceTicks);
  }

  /** `uncross` and decode its events. */
  executeUncross(symbol: string, priceTicks: Ticks, ctx: ApplyContext): MatchingEvent[] {
    this.uncross(symbol, priceTicks, ctx);
    return this.decode();
  }

  private auctionBook(symbol: string): OrderBook {
    const book = this.books.get(symbol);
    if (book === undefined) assert(false, `call auction of an unlisted symbol ${symbol}`);
    return book;
  }

  // ---- snapshot ------------------------------------------------------------------------

  snapshot(): MatchingSnapshot {
    const accountName = (account: number): string => this.accountNames[account]!;
    return {
      lastOrderId: this.lastOrderId,
      lastTradeId: this.counters.tradeId,
      lastStopSeq: this.counters.stopSeq,
      accounts: [...this.accountNames],
      books: this.bookList.map((book) => book.exportState(accountName)),
    };
  }

  /** A new engine in exactly the state `snapshot` describes. */
  static restore(snapshot: MatchingSnapshot): MatchingEngine {
    const engine = new MatchingEngine();
    engine.lastOrderId = snapshot.lastOrderId;
    engine.counters.tradeId = snapshot.lastTradeId;
    engine.counters.stopSeq = snapshot.lastStopSeq;
    for (const name of snapshot.accounts) engine.internAccount(name);
    const accountId = (name: string): number => {
      const id = engine.accountIds.get(name);
      assert(id !== undefined, `snapshot order names unknown account ${name}`);
      return id;
    };
    for (const book of snapshot.books) {
      engine.list({ type: 'ListInstrument', spec: book.spec });
      engine.books.get(book.spec.symbol)!.importState(book, accountId);
    }
    engine.tape.reset();
    return engine;
  }

  // ---- queries -------------------------------------------------------------------------

  book(symbol: string): OrderBook | undefined {
    return this.books.get(symbol);
  }

  levels(symbol: string, side: Side, depthMax: number): LevelView[] {
    return this.books.get(symbol)?.levels(side, depthMax) ?? [];
  }

  workingOrders(symbol: string): WorkingOrderView[] {
    return this.books.get(symbol)?.workingOrders(this.accountName) ?? [];
  }

  /** The working order a cancel or replace names (by id or client id, of its own account), or undefined. */
  findWorkingOrder(cmd: CancelOrder | ReplaceOrder): WorkingOrderView | undefined {
    const book = this.books.get(cmd.symbol);
    const account = this.accountIds.get(cmd.account);
    if (book === undefined || account === undefined) return undefined;
    const slot = book.findOrder(cmd, account);
    return typeof slot === 'number' ? book.workingOrder(book.store.orderId(slot), this.accountName) : undefined;
  }

  /** One working order of `symbol` by id, or undefined. */
  workingOrder(symbol: string, orderId: number): WorkingOrderView | undefined {
    return this.books.get(symbol)?.workingOrder(orderId, this.accountName);
  }

  /** The listed symbols, in listing order. */
  listedSymbols(): readonly string[] {
    return this.symbols;
  }

  lastTradePriceTicks(symbol: string): Ticks | null {
    return this.books.get(symbol)?.lastTradePriceTicks() ?? null;
  }

  /** Asserts every book's invariants (O(orders)). */
  checkInvariants(): void {
    for (const book of this.bookList) book.checkInvariants();
  }
}
