/**
 * Matching scenarios in a trader's words: a ladder before, an order, the fills and the
 * ladder after. Parses `.scenario` text into commands and expectations, runs them on a
 * fresh `MatchingEngine` and reports a failure side by side in the same text format.
 *
 * Format (full description and examples in test/scenarios/README.md). One scenario per
 * file, or several separated by a line `---`. `#` starts a comment. Indented lines
 * belong to the block opened above them (`book:`, `expect ...:`).
 *
 *   scenario: <title>
 *   instrument <SYMBOL> tick <size> lot <size> protection <price distance>
 *              [range <lowest price> <highest price>] [max-qty <qty>]
 *   at <HH:MM[:SS[.mmm]]> | <YYYY-MM-DDTHH:MM[:SS[.mmm]]Z>
 *   book:                     resting orders, submitted in order, that must not trade
 *     <buy|sell> <account> <client id> <qty> [@ <price>] [options]
 *   order: <same as a book line>
 *   cancel: <account> <client id> | <account> order <order id>
 *   replace: <account> <client id | order id> [qty <total qty>] [price <price>] [stop <price>] [new <client id>]
 *   mass-cancel: [account <account>] [symbol <symbol>] [side <buy|sell>]
 *   expire: <day|gtd> [symbol <symbol>]
 *   auction on | auction off  the book starts collecting for a call auction / goes back to continuous
 *   uncross at <price>        ends the auction: the crossing quantity trades at that price
 *   expect fills: [none]      <price> <qty> <maker client id> -> <taker client id>
 *   expect book: [empty]      <side> <price> <visible qty> (<order count>), highest price first
 *   expect events: [none]     one event per line, the exact list (`expect events including:` for a subsequence)
 *   expect stops: [none]      <side> <account> <client id> <qty> <stop|stop-limit> <stop price>
 *   expect rejected: <reject name>[, <reject name>...]
 *   expect last: <price> | none
 *   expect auction: on | off  the book's mode after the actions
 *
 * Order options: `market`, `stop <price>` (a stop, or a stop-limit with `@ <price>`),
 * `stop-limit <price>`, `day`, `gtc` (the default), `ioc`, `fok`, `gtd <time>`,
 * `show <qty>`, `min <qty>`, `post-only`, `stp <none|cancel-taker|cancel-maker|cancel-both>`,
 * `group <n>`. Prices and quantities are decimals converted with the instrument's tick
 * and lot (`parseSteps`): a value off the tick is a syntax error naming file and line.
 *
 * Running: the instrument is listed at 09:00:00.000 UTC on 2026-11-30 unless an `at`
 * says otherwise; every command takes the clock and advances it 1 ms; `seq` counts
 * from 1. `checkInvariants()` runs after every command. Book lines must be accepted
 * without trading. The actions are the order, cancel, replace, mass-cancel, expire and
 * uncross lines; their fills (in order), their events, the final ladder, the pending
 * stops, the last trade price and the mode are compared with the expectations. An
 * `auction` line switches the mode (`setAuction`, no events, no clock tick) wherever it
 * stands; an `uncross` calls `uncross` with the clock as a command would. Every
 * rejection of an action must be listed in `expect rejected:` in order, must be the
 * action's only event and must leave the ladder, the working orders and the last trade
 * price unchanged.
 *
 * Known limits: one instrument per scenario; account names and client ids are written
 * with letters, digits, `.`, `_` and `-`, so the engine's checks of those fields are not
 * reachable from here. Complexity: parsing is linear in the text; the side-by-side
 * report aligns lines by longest common subsequence, quadratic in a section's length.
 */
import { formatSteps, lots, parseStep, parseSteps, rejectCodeList, ticks } from '../../src/core/kernel/index.ts';
import type { Lots, ScaledDecimal, Ticks } from '../../src/core/kernel/index.ts';
import { MatchingEngine } from '../../src/core/matching/index.ts';
import { cancelReasons } from '../../src/core/model/index.ts';
import type {
  ExpiryScope,
  InstrumentSpec,
  MatchingCommand,
  MatchingEvent,
  OrderType,
  ReplaceOrder,
  Side,
  StpMode,
  SubmitOrder,
  TimeInForce,
} from '../../src/core/model/index.ts';

// ---- the parsed form ---------------------------------------------------------------------

export interface ScenarioInstrument {
  readonly spec: InstrumentSpec;
  readonly tick: ScaledDecimal;
  readonly lot: ScaledDecimal;
}

/** The matching engine's call-auction controls: calls of the engine layer, not journaled commands. */
export type AuctionCall =
  { readonly type: 'SetAuction'; readonly collecting: boolean } | { readonly type: 'Uncross'; readonly priceTicks: Ticks };

export type ScenarioCommand = MatchingCommand | AuctionCall;

/** One command of a scenario: a `book` line (setup), an action, or an `auction on|off` switch. */
export interface ScenarioStep {
  readonly kind: 'book' | 'action' | 'auction';
  readonly line: number;
  readonly text: string;
  readonly tsMs: number;
  readonly command: ScenarioCommand;
}

/** Expected lines in canonical form (single spaces, prices and quantities as the instrument formats them). */
export interface ExpectedLines {
  readonly line: number;
  readonly lines: readonly string[];
}

export interface ScenarioExpectations {
  readonly fills: ExpectedLines;
  readonly book: ExpectedLines;
  readonly events: (ExpectedLines & { readonly including: boolean }) | null;
  readonly stops: ExpectedLines | null;
  /** Reject names, in order; empty when no action may be rejected. */
  readonly rejected: ExpectedLines;
  /** One line: a price, or `none`. */
  readonly last: ExpectedLines | null;
  /** One line: `on` or `off`. */
  readonly auction: ExpectedLines | null;
}

export interface Scenario {
  readonly title: string;
  readonly file: string;
  readonly line: number;
  readonly instrument: ScenarioInstrument;
  readonly listedAtMs: number;
  readonly steps: readonly ScenarioStep[];
  readonly expect: ScenarioExpectations;
}

export class ScenarioSyntaxError extends Error {
  readonly file: string;
  readonly line: number;

  constructor(file: string, line: number, problem: string, text: string) {
    super(`${file}:${line}: ${problem}${text.length > 0 ? `\n    > ${text}` : ''}`);
    this.name = 'ScenarioSyntaxError';
    this.file = file;
    this.line = line;
  }
}

// ---- constants -----------------------------------------------------------------------------

const startMs = Date.UTC(2026, 10, 30, 9, 0, 0, 0);
const dayMs = 86_400_000;
const ladderDepthMax = 100_000;
const priceTicksMinDefault = 1;
const priceTicksMaxDefault = 1_000_000;
const orderQtyLotsMaxDefault = 1000;
const namePattern = /^[A-Za-z0-9._-]+$/;
const timeOfDayPattern = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?$/;
const dateTimePattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?Z$/;
const countPattern = /^\((\d+)\)$/;
const rejectNames: ReadonlySet<string> = new Set(rejectCodeList.map((entry) => entry.name));
const cancelReasonNames: ReadonlySet<string> = new Set(cancelReasons);
const stpWords: ReadonlyMap<string, StpMode> = new Map([
  ['none', 'none'],
  ['cancel-taker', 'cancel_taker'],
  ['cancel-maker', 'cancel_maker'],
  ['cancel-both', 'cancel_both'],
]);
const instrumentFieldArity: ReadonlyMap<string, number> = new Map([
  ['tick', 1],
  ['lot', 1],
  ['protection', 1],
  ['range', 2],
  ['max-qty', 1],
]);
const tifWords: ReadonlySet<string> = new Set(['day', 'gtc', 'ioc', 'fok']);

const expectationKinds: ReadonlyMap<string, BlockKind | 'rejected' | 'last' | 'auction'> = new Map([
  ['fills', 'fills'],
  ['book', 'book-after'],
  ['events', 'events'],
  ['events including', 'events-including'],
  ['stops', 'stops'],
  ['rejected', 'rejected'],
  ['last', 'last'],
  ['auction', 'auction'],
]);

/** The option an order word sets, to find options given twice. */
function optionName(word: string): string {
  if (tifWords.has(word) || word === 'gtd') return 'time in force';
  if (word === 'market' || word === 'stop-limit') return 'type';
  return word === '@' ? 'price' : word;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A source line without its comment. */
interface SourceLine {
  readonly number: number;
  readonly text: string;
  readonly indented: boolean;
  readonly body: string;
}

// ---- parsing -------------------------------------------------------------------------------

/** Parses every scenario of one file. Throws `ScenarioSyntaxError` naming the file and line. */
export function parseScenarios(text: string, file: string): Scenario[] {
  const lines = sourceLines(text);
  const scenarios: Scenario[] = [];
  let defaultInstrument: ScenarioInstrument | null = null;
  let current: ScenarioBuilder | null = null;
  for (const source of lines) {
    const fail = (problem: string): never => {
      throw new ScenarioSyntaxError(file, source.number, problem, source.text.trim());
    };
    if (!source.indented && source.body === '---') {
      if (current === null) fail('"---" separates scenarios, but no scenario comes before it');
      scenarios.push(current!.finish());
      current = null;
      continue;
    }
    if (!source.indented && source.body.startsWith('scenario:')) {
      if (current !== null) fail('separate scenarios with a line "---"');
      current = new ScenarioBuilder(file, source, defaultInstrument);
      continue;
    }
    if (current !== null) {
      current.add(source);
      continue;
    }
    if (scenarios.length > 0) fail('after "---" comes "scenario: <title>"');
    if (source.indented || !/^instrument\b/.test(source.body)) {
      fail('a file starts with "scenario: <title>" (only an "instrument" line may come before it, as the default)');
    }
    defaultInstrument = parseInstrument(tokens(source.body).slice(1), fail);
  }
  if (current !== null) scenarios.push(current.finish());
  else if (scenarios.length > 0) throw new ScenarioSyntaxError(file, lines.at(-1)?.number ?? 1, 'a "---" with no scenario after it', '');
  if (scenarios.length === 0) throw new ScenarioSyntaxError(file, 1, 'no scenario in the file', '');
  return scenarios;
}

function sourceLines(text: string): SourceLine[] {
  const out: SourceLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const hash = raw.indexOf('#');
    const body = (hash < 0 ? raw : raw.slice(0, hash)).trim();
    if (body.length === 0) return;
    out.push({ number: index + 1, text: raw, indented: /^\s/.test(raw), body });
  });
  return out;
}

/** Splits on spaces, with `@` and `->` as tokens of their own. */
function tokens(body: string): string[] {
  return body
    .replace(/->/g, ' -> ')
    .replace(/@/g, ' @ ')
    .split(/\s+/)
    .filter((token) => token.length > 0);
}

type Fail = (problem: string) => never;

function parseInstrument(args: readonly string[], fail: Fail): ScenarioInstrument {
  const usage =
    'an instrument is: instrument <SYMBOL> tick <size> lot <size> protection <price distance> ' +
    '[range <lowest> <highest>] [max-qty <qty>]';
  const symbol = args[0];
  if (symbol === undefined) return fail(usage);
  const values = new Map<string, string[]>();
  for (let i = 1; i < args.length;) {
    const key = args[i]!;
    const count = instrumentFieldArity.get(key);
    if (count === undefined) return fail(`unknown instrument field "${key}"; ${usage}`);
    if (values.has(key)) return fail(`instrument field "${key}" given twice`);
    const taken = args.slice(i + 1, i + 1 + count);
    if (taken.length < count) return fail(`instrument field "${key}" needs ${count} value(s)`);
    values.set(key, taken);
    i += 1 + count;
  }
  const field = (key: string): string => values.get(key)?.[0] ?? fail(`the instrument needs "${key}"; ${usage}`);
  const tickText = field('tick');
  const lotText = field('lot');
  const step = (text: string, what: string): ScaledDecimal => {
    if (!/^(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(text) || !/[1-9]/.test(text)) return fail(`${what} "${text}" is not a positive decimal`);
    return parseStep(text);
  };
  const tick = step(tickText, 'tick');
  const lot = step(lotText, 'lot');
  const inSteps = (text: string, size: ScaledDecimal, what: string): number => {
    const parsed = parseSteps(text, size);
    return parsed.ok ? parsed.value : fail(`${what}: ${parsed.reason}`);
  };
  const range = values.get('range');
  const maxQty = values.get('max-qty')?.[0];
  const spec: InstrumentSpec = {
    symbol,
    tickSize: tickText,
    lotSize: lotText,
    priceTicksMin: ticks(range === undefined ? priceTicksMinDefault : inSteps(range[0]!, tick, 'range')),
    priceTicksMax: ticks(range === undefined ? priceTicksMaxDefault : inSteps(range[1]!, tick, 'range')),
    orderQtyLotsMax: lots(maxQty === undefined ? orderQtyLotsMaxDefault : inSteps(maxQty, lot, 'max-qty')),
    marketProtectionTicks: ticks(inSteps(field('protection'), tick, 'protection')),
  };
  return { spec, tick, lot };
}

type BlockKind = 'book' | 'fills' | 'book-after' | 'events' | 'events-including' | 'stops';

interface OpenBlock {
  readonly kind: BlockKind;
  readonly line: number;
  readonly text: string;
  readonly lines: string[];
  /** Expected ladder only: the previous line's side and price, to check the order. */
  previous: { side: Side; priceTicks: number } | null;
}

/** Collects one scenario's lines. */
class ScenarioBuilder {
  private readonly file: string;
  private readonly title: string;
  private readonly line: number;
  private instrument: ScenarioInstrument | null;
  private instrumentLine = 0;
  /** The instrument is listed at `startMs`; the first command after it takes the next millisecond. */
  private clockMs = startMs + 1;
  private lastCommandMs = startMs;
  private readonly listedAtMs = startMs;
  private readonly steps: ScenarioStep[] = [];
  private readonly expected = new Map<string, ExpectedLines>();
  private block: OpenBlock | null = null;
  private expecting = false;
  private source: SourceLine;

  constructor(file: string, source: SourceLine, defaultInstrument: ScenarioInstrument | null) {
    this.file = file;
    this.source = source;
    this.line = source.number;
    this.title = source.body.slice('scenario:'.length).trim();
    this.instrument = defaultInstrument;
    if (this.title.length === 0) this.fail('a scenario needs a title: "scenario: <title>"');
  }

  private fail(problem: string): never {
    throw new ScenarioSyntaxError(this.file, this.source.number, problem, this.source.text.trim());
  }

  private readonly failHere: Fail = (problem) => this.fail(problem);

  add(source: SourceLine): void {
    this.source = source;
    if (source.indented) {
      if (this.block === null) this.fail('an indented line belongs under "book:" or "expect ...:"');
      this.addToBlock(this.block, source.body);
      return;
    }
    this.closeBlock();
    if (source.body.startsWith('expect ')) return this.addExpectation(source.body);
    const words = tokens(source.body);
    const head = (words[0] ?? '').replace(/:$/, '');
    const rest = source.body.slice(source.body.indexOf(words[0] ?? '') + (words[0] ?? '').length).trim();
    if (head === 'instrument') return this.setInstrument(tokens(rest));
    if (this.expecting) this.fail(`"${head}" after the expectations: the book and the actions come first`);
    if (head === 'at') return this.setClock(rest);
    if (head === 'auction') return this.addAuctionSwitch(rest);
    if (head === 'book') {
      if (rest.length > 0) this.fail('"book:" takes its orders on the indented lines below it');
      this.block = { kind: 'book', line: source.number, text: source.text.trim(), lines: [], previous: null };
      return;
    }
    const command = this.parseAction(head, tokens(rest));
    this.steps.push({ kind: 'action', line: source.number, text: source.body, tsMs: this.tick(), command });
  }

  finish(): Scenario {
    this.closeBlock();
    this.source = { number: this.line, text: `scenario: ${this.title}`, indented: false, body: '' };
    const instrument = this.instrument ?? this.fail('the scenario has no "instrument" line');
    if (!this.steps.some((step) => step.kind === 'action')) {
      this.fail('the scenario has no action (order:, cancel:, replace:, mass-cancel:, expire: or uncross at)');
    }
    const fills = this.expected.get('fills') ?? this.fail('the scenario has no "expect fills:" (write "expect fills: none")');
    const book = this.expected.get('book-after') ?? this.fail('the scenario has no "expect book:" (write "expect book: empty")');
    const exact = this.expected.get('events');
    const including = this.expected.get('events-including');
    let events: (ExpectedLines & { readonly including: boolean }) | null = null;
    if (exact !== undefined) events = { ...exact, including: false };
    else if (including !== undefined) events = { ...including, including: true };
    return {
      title: this.title,
      file: this.file,
      line: this.line,
      instrument,
      listedAtMs: this.listedAtMs,
      steps: this.steps,
      expect: {
        fills,
        book,
        events,
        stops: this.expected.get('stops') ?? null,
        rejected: this.expected.get('rejected') ?? { line: 0, lines: [] },
        last: this.expected.get('last') ?? null,
        auction: this.expected.get('auction') ?? null,
      },
    };
  }

  private setInstrument(args: readonly string[]): void {
    if (this.instrumentLine > 0) this.fail(`a second "instrument" line (the first is line ${this.instrumentLine})`);
    if (this.steps.length > 0) this.fail('"instrument" comes before the book and the actions');
    this.instrument = parseInstrument(args, this.failHere);
    this.instrumentLine = this.source.number;
  }

  private needInstrument(): ScenarioInstrument {
    return this.instrument ?? this.fail('"instrument" must come before the book, the actions and the expectations');
  }

  /** The clock for the next command; advances it 1 ms. */
  private tick(): number {
    const at = this.clockMs;
    this.lastCommandMs = at;
    this.clockMs = at + 1;
    return at;
  }

  private setClock(text: string): void {
    const at = this.parseTime(text, 'at');
    if (at < this.lastCommandMs) this.fail(`"at ${text}" is before the previous command's time: time only moves forward`);
    this.clockMs = at;
  }

  /** A time of day on the clock's current date, or a full UTC instant. */
  private parseTime(text: string, what: string): number {
    const usage = `${what} takes HH:MM[:SS[.mmm]] or YYYY-MM-DDTHH:MM[:SS[.mmm]]Z, not "${text}"`;
    const time = timeOfDayPattern.exec(text);
    if (time !== null) {
      const date = Math.floor(this.clockMs / dayMs) * dayMs;
      return date + this.timeOfDayMs(time.slice(1), usage);
    }
    const full = dateTimePattern.exec(text);
    if (full === null) return this.fail(usage);
    const [year, month, day] = full.slice(1, 4).map(Number) as [number, number, number];
    const date = Date.UTC(year, month - 1, day);
    const check = new Date(date);
    if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
      return this.fail(`${what}: ${full[1]}-${full[2]}-${full[3]} is not a date`);
    }
    return date + this.timeOfDayMs(full.slice(4), usage);
  }

  private timeOfDayMs(parts: readonly (string | undefined)[], usage: string): number {
    const [h, m, s, ms] = parts.map((part) => Number(part ?? '0')) as [number, number, number, number];
    if (h > 23 || m > 59 || s > 59) return this.fail(usage);
    return ((h * 60 + m) * 60 + s) * 1000 + ms;
  }

  // ---- actions -------------------------------------------------------------------------

  /** `auction on` or `auction off`: a switch of the mode, at the clock's time without advancing it. */
  private addAuctionSwitch(rest: string): void {
    if (rest !== 'on' && rest !== 'off') this.fail('an auction line is "auction on" or "auction off"');
    const command: AuctionCall = { type: 'SetAuction', collecting: rest === 'on' };
    this.steps.push({ kind: 'auction', line: this.source.number, text: this.source.body, tsMs: this.clockMs, command });
  }

  private parseAction(head: string, args: readonly string[]): ScenarioCommand {
    switch (head) {
      case 'uncross':
        if (args.length !== 2 || args[0] !== 'at') this.fail('an uncross is: uncross at <price>');
        return { type: 'Uncross', priceTicks: this.price(args[1], 'uncross price') };
      case 'order':
        return this.parseOrder(args);
      case 'cancel':
        if (args.length !== 1 + this.refLength(args, 1)) this.fail('a cancel is: <account> <client id> | <account> order <order id>');
        return {
          type: 'CancelOrder',
          symbol: this.needInstrument().spec.symbol,
          account: this.name(args[0], 'account'),
          ...this.ref(args, 1),
        };
      case 'replace':
        return this.parseReplace(args);
      case 'mass-cancel':
        return this.parseMassCancel(args);
      case 'expire':
        return this.parseExpire(args);
      default:
        return this.fail(
          `unknown line "${head}": expected scenario:, instrument, at, book:, order:, cancel:, replace:, mass-cancel:, expire: ` +
            'auction, uncross or expect ...:',
        );
    }
  }

  private name(text: string | undefined, what: string): string {
    if (text === undefined) return this.fail(`missing ${what}`);
    if (!namePattern.test(text)) return this.fail(`${what} "${text}" may use only letters, digits, ".", "_" and "-"`);
    return text;
  }

  /** `<client id>` or `order <id>` at `args[index]`. */
  private ref(args: readonly string[], index: number): { clientOrderId: string } | { orderId: number } {
    const first = args[index];
    if (first === 'order') {
      const id = args[index + 1];
      if (id === undefined || !/^[1-9][0-9]*$/.test(id)) return this.fail('"order" is followed by an order id (a positive integer)');
      return { orderId: Number(id) };
    }
    return { clientOrderId: this.name(first, 'client order id') };
  }

  private refLength(args: readonly string[], index: number): number {
    return args[index] === 'order' ? 2 : 1;
  }

  private price(text: string | undefined, what = 'price'): Ticks {
    if (text === undefined) return this.fail(`missing ${what}`);
    const parsed = parseSteps(text, this.needInstrument().tick);
    if (!parsed.ok) return this.fail(`${what} ${text} is not on the tick ${this.needInstrument().spec.tickSize}: ${parsed.reason}`);
    return ticks(parsed.value);
  }

  private qty(text: string | undefined, what = 'quantity'): Lots {
    if (text === undefined) return this.fail(`missing ${what}`);
    const parsed = parseSteps(text, this.needInstrument().lot);
    if (!parsed.ok) {
      return this.fail(`${what} ${text} is not a whole number of lots of ${this.needInstrument().spec.lotSize}: ${parsed.reason}`);
    }
    return lots(parsed.value);
  }

  private side(text: string | undefined): Side {
    if (text === 'buy' || text === 'sell') return text;
    return this.fail(`side must be "buy" or "sell", not "${text ?? ''}"`);
  }

  /** `<buy|sell> <account> <client id> <qty> [@ <price>] [options]`, time in force `gtc` unless given. */
  private parseOrder(args: readonly string[]): SubmitOrder {
    const usage = 'an order is: <buy|sell> <account> <client id> <qty> [@ <price>] [options]';
    if (args.length < 4) return this.fail(usage);
    const order: Mutable<SubmitOrder> = {
      type: 'SubmitOrder',
      symbol: this.needInstrument().spec.symbol,
      side: this.side(args[0]),
      account: this.name(args[1], 'account'),
      clientOrderId: this.name(args[2], 'client order id'),
      qtyLots: this.qty(args[3]),
      orderType: 'limit',
      tif: 'gtc',
    };
    let explicitType: OrderType | null = null;
    const seen = new Set<string>();
    for (let i = 4; i < args.length; i++) {
      const word = args[i]!;
      const value = (): string => args[++i] ?? this.fail(`"${word}" needs a value`);
      const option = optionName(word);
      if (seen.has(option)) this.fail(`${option} given twice`);
      seen.add(option);
      if (tifWords.has(word)) order.tif = word as TimeInForce;
      else if (word === 'gtd') {
        order.tif = 'gtd';
        order.expiryMs = this.parseTime(value(), 'gtd');
      } else if (word === '@') order.priceTicks = this.price(value());
      else if (word === 'market') explicitType = 'market';
      else if (word === 'stop') order.stopPriceTicks = this.price(value(), 'stop price');
      else if (word === 'stop-limit') {
        explicitType = 'stop_limit';
        if (seen.has('stop')) this.fail('stop price given twice');
        seen.add('stop');
        order.stopPriceTicks = this.price(value(), 'stop price');
      } else if (word === 'show') order.displayQtyLots = this.qty(value(), 'display quantity');
      else if (word === 'min') order.minQtyLots = this.qty(value(), 'minimum quantity');
      else if (word === 'post-only') order.postOnly = true;
      else if (word === 'stp') {
        order.stpMode = stpWords.get(value()) ?? this.fail('stp is one of none, cancel-taker, cancel-maker, cancel-both');
      } else if (word === 'group') {
        const group = value();
        if (!/^(0|[1-9][0-9]*)$/.test(group)) this.fail(`group "${group}" is not a whole number`);
        order.stpGroup = Number(group);
      } else {
        this.fail(
          `unknown order option "${word}": expected @ <price>, market, stop <price>, stop-limit <price>, day, gtc, ioc, fok, ` +
            'gtd <time>, show <qty>, min <qty>, post-only, stp <mode>, group <n>',
        );
      }
    }
    const hasStop = order.stopPriceTicks !== undefined;
    order.orderType = explicitType ?? (hasStop ? (order.priceTicks === undefined ? 'stop' : 'stop_limit') : 'limit');
    return order;
  }

  private parseReplace(args: readonly string[]): ReplaceOrder {
    const usage = 'a replace is: <account> <client id | order <id>> [qty <qty>] [price <price>] [stop <price>] [new <client id>]';
    if (args.length < 2) return this.fail(usage);
    const replace: Mutable<ReplaceOrder> = {
      type: 'ReplaceOrder',
      symbol: this.needInstrument().spec.symbol,
      account: this.name(args[0], 'account'),
      ...this.ref(args, 1),
    };
    const seen = new Set<string>();
    for (let i = 1 + this.refLength(args, 1); i < args.length; i++) {
      const word = args[i]!;
      const value = (): string => args[++i] ?? this.fail(`"${word}" needs a value`);
      const field = word === '@' ? 'price' : word;
      if (seen.has(field)) this.fail(`${field} given twice`);
      seen.add(field);
      if (word === 'qty') replace.qtyLots = this.qty(value());
      else if (field === 'price') replace.priceTicks = this.price(value());
      else if (word === 'stop') replace.stopPriceTicks = this.price(value(), 'stop price');
      else if (word === 'new') replace.newClientOrderId = this.name(value(), 'new client order id');
      else this.fail(`unknown replace field "${word}"; ${usage}`);
    }
    return replace;
  }

  private parseMassCancel(args: readonly string[]): MatchingCommand {
    const filters: { account?: string; symbol?: string; side?: Side } = {};
    const seen = new Set<string>();
    for (let i = 0; i < args.length; i += 2) {
      const key = args[i]!;
      const value = args[i + 1] ?? this.fail(`"${key}" needs a value`);
      if (seen.has(key)) this.fail(`${key} given twice`);
      seen.add(key);
      if (key === 'account') filters.account = this.name(value, 'account');
      else if (key === 'symbol') filters.symbol = value;
      else if (key === 'side') filters.side = this.side(value);
      else this.fail(`unknown mass-cancel filter "${key}": expected account, symbol or side`);
    }
    return { type: 'MassCancel', ...filters };
  }

  private parseExpire(args: readonly string[]): MatchingCommand {
    const scope = args[0];
    if (scope !== 'day' && scope !== 'gtd') return this.fail('expire takes "day" or "gtd", then optionally "symbol <symbol>"');
    const scoped: ExpiryScope = scope;
    if (args.length === 1) return { type: 'ExpireOrders', scope: scoped };
    if (args[1] !== 'symbol' || args.length !== 3) return this.fail('expire takes "day" or "gtd", then optionally "symbol <symbol>"');
    return { type: 'ExpireOrders', scope: scoped, symbol: args[2]! };
  }

  // ---- blocks and expectations ---------------------------------------------------------

  private addExpectation(body: string): void {
    this.needInstrument();
    const colon = body.indexOf(':');
    if (colon < 0) this.fail('an expectation is "expect <what>: ..."');
    const what = body.slice('expect '.length, colon).trim().replace(/\s+/g, ' ');
    const inline = body.slice(colon + 1).trim();
    const kind =
      expectationKinds.get(what) ??
      this.fail(`unknown expectation "expect ${what}:": expected fills, book, events, events including, stops, rejected, last or auction`);
    const key = kind === 'events-including' ? 'events' : kind;
    if (this.expected.has(key) || (key === 'events' && this.expected.has('events-including'))) this.fail(`"expect ${what}:" given twice`);
    this.expecting = true;
    if (kind === 'rejected') return this.setRejected(inline);
    if (kind === 'last') return this.setLast(inline);
    if (kind === 'auction') return this.setAuctionMode(inline);
    const emptyWord = kind === 'book-after' ? 'empty' : 'none';
    if (inline === emptyWord) {
      this.expected.set(kind, { line: this.source.number, lines: [] });
      return;
    }
    if (inline.length > 0) this.fail(`"expect ${what}:" takes "${emptyWord}" or lines indented below it`);
    this.block = { kind, line: this.source.number, text: this.source.text.trim(), lines: [], previous: null };
  }

  private setRejected(inline: string): void {
    const names = inline.split(/[\s,]+/).filter((name) => name.length > 0);
    if (names.length === 0) this.fail('"expect rejected:" names one or more reject codes, for example fok_not_fillable');
    for (const name of names) if (!rejectNames.has(name)) this.fail(`"${name}" is not a reject name (see src/core/kernel/reject-codes.ts)`);
    this.expected.set('rejected', { line: this.source.number, lines: names });
  }

  private setLast(inline: string): void {
    const line = inline === 'none' ? 'none' : this.formatPrice(this.price(inline, 'last trade price'));
    this.expected.set('last', { line: this.source.number, lines: [line] });
  }

  private setAuctionMode(inline: string): void {
    if (inline !== 'on' && inline !== 'off') this.fail('"expect auction:" takes "on" or "off"');
    this.expected.set('auction', { line: this.source.number, lines: [inline] });
  }

  private closeBlock(): void {
    const block = this.block;
    if (block === null) return;
    this.block = null;
    if (block.kind === 'book') {
      if (!this.steps.some((step) => step.line > block.line)) {
        throw new ScenarioSyntaxError(this.file, block.line, '"book:" has no orders below it', block.text);
      }
      return;
    }
    if (block.lines.length === 0) {
      const empty = block.kind === 'book-after' ? 'empty' : 'none';
      const problem = `no lines below it: write "${empty}" after the colon for an empty list`;
      throw new ScenarioSyntaxError(this.file, block.line, problem, block.text);
    }
    this.expected.set(block.kind, { line: block.line, lines: block.lines });
  }

  private addToBlock(block: OpenBlock, body: string): void {
    const args = tokens(body);
    switch (block.kind) {
      case 'book':
        this.steps.push({ kind: 'book', line: this.source.number, text: body, tsMs: this.tick(), command: this.parseOrder(args) });
        return;
      case 'fills':
        block.lines.push(this.parseFill(args));
        return;
      case 'book-after':
        block.lines.push(this.parseLevel(block, args));
        return;
      case 'events':
      case 'events-including':
        block.lines.push(this.parseEvent(args));
        return;
      case 'stops':
        block.lines.push(this.parseStop(args));
        return;
    }
  }

  private formatPrice(priceTicks: number): string {
    return formatSteps(priceTicks, this.needInstrument().tick);
  }

  private formatQty(qtyLots: number): string {
    return formatSteps(qtyLots, this.needInstrument().lot);
  }

  private parseFill(args: readonly string[]): string {
    if (args.length !== 5 || args[3] !== '->') this.fail('a fill is: <price> <qty> <maker client id> -> <taker client id>');
    const [price, qty, maker, , taker] = args as [string, string, string, string, string];
    return `${this.formatPrice(this.price(price))} ${this.formatQty(this.qty(qty))} ${maker} -> ${taker}`;
  }

  private parseLevel(block: OpenBlock, args: readonly string[]): string {
    const count = countPattern.exec(args[3] ?? '');
    if (args.length !== 4 || count === null) return this.fail('a level is: <buy|sell> <price> <visible qty> (<order count>)');
    const side = this.side(args[0]);
    const priceTicks = this.price(args[1]);
    const previous = block.previous;
    const sellAfterBuy = side === 'sell' && previous?.side === 'buy';
    const notDescending = previous !== null && previous.side === side && previous.priceTicks <= priceTicks;
    if (sellAfterBuy || notDescending) this.fail('the ladder runs from the highest price to the lowest, sells above buys');
    block.previous = { side, priceTicks };
    return `${side} ${this.formatPrice(priceTicks)} ${this.formatQty(this.qty(args[2]))} (${Number(count[1])})`;
  }

  private parseStop(args: readonly string[]): string {
    const usage = 'a pending stop is: <buy|sell> <account> <client id> <qty> <stop|stop-limit> <stop price>';
    if (args.length !== 6 || (args[4] !== 'stop' && args[4] !== 'stop-limit')) this.fail(usage);
    const side = this.side(args[0]);
    const account = this.name(args[1], 'account');
    const id = this.name(args[2], 'client order id');
    const stop = this.formatPrice(this.price(args[5], 'stop price'));
    return `${side} ${account} ${id} ${this.formatQty(this.qty(args[3]))} ${args[4]} ${stop}`;
  }

  /** One event line, in the canonical form `formatEvent` gives. */
  private parseEvent(args: readonly string[]): string {
    const [kind, ...rest] = args;
    const arity = (n: number, usage: string): void => {
      if (rest.length !== n) this.fail(`a ${kind} event is: ${kind} ${usage}`);
    };
    switch (kind) {
      case 'accepted':
        arity(1, '<client id>');
        return `accepted ${rest[0]}`;
      case 'rejected': {
        const name = rest.at(-1) ?? '';
        const ref = rest.slice(0, -1).join(' ');
        if (!(rest.length === 2 || (rest.length === 3 && rest[0] === 'order'))) {
          this.fail('a rejected event is: rejected <client id | order <id> | -> <reject name>');
        }
        if (!rejectNames.has(name)) this.fail(`"${name}" is not a reject name (see src/core/kernel/reject-codes.ts)`);
        return `rejected ${ref} ${name}`;
      }
      case 'filled': {
        arity(5, '<price> x<qty> <maker client id>-><taker client id>');
        if (rest[3] !== '->') this.fail('a filled event is: filled <price> x<qty> <maker client id>-><taker client id>');
        const qty = rest[1]!.replace(/^x/, '');
        return `filled ${this.formatPrice(this.price(rest[0]))} x${this.formatQty(this.qty(qty))} ${rest[2]}->${rest[4]}`;
      }
      case 'level':
        arity(3, '<buy|sell> <price> <visible qty>');
        return `level ${this.side(rest[0])} ${this.formatPrice(this.price(rest[1]))} ${this.formatQty(this.qty(rest[2]))}`;
      case 'cancelled':
        arity(3, '<client id> <qty> <reason>');
        if (!cancelReasonNames.has(rest[2]!)) this.fail(`cancel reason "${rest[2]}" is not one of ${cancelReasons.join(', ')}`);
        return `cancelled ${rest[0]} ${this.formatQty(this.qty(rest[1]))} ${rest[2]}`;
      case 'expired':
        arity(2, '<client id> <qty>');
        return `expired ${rest[0]} ${this.formatQty(this.qty(rest[1]))}`;
      case 'triggered':
        arity(3, '<client id> @ <last trade price>');
        if (rest[1] !== '@') this.fail('a triggered event is: triggered <client id> @ <last trade price>');
        return `triggered ${rest[0]} @ ${this.formatPrice(this.price(rest[2]))}`;
      case 'replaced':
        return this.parseReplacedEvent(rest);
      default:
        return this.fail(
          `unknown event "${kind ?? ''}": expected accepted, rejected, filled, level, cancelled, expired, triggered or replaced`,
        );
    }
  }

  private parseReplacedEvent(rest: readonly string[]): string {
    const usage = 'a replaced event is: replaced <client id>[-><new client id>] qty <qty> [@ <price>] [stop <price>] priority <kept|lost>';
    let i = 0;
    const next = (): string => rest[i++] ?? this.fail(usage);
    let out = `replaced ${next()}`;
    if (rest[i] === '->') {
      i++;
      out += `->${next()}`;
    }
    if (next() !== 'qty') this.fail(usage);
    out += ` qty ${this.formatQty(this.qty(next()))}`;
    if (rest[i] === '@') {
      i++;
      out += ` @ ${this.formatPrice(this.price(next()))}`;
    }
    if (rest[i] === 'stop') {
      i++;
      out += ` stop ${this.formatPrice(this.price(next(), 'stop price'))}`;
    }
    if (next() !== 'priority') this.fail(usage);
    const kept = next();
    if ((kept !== 'kept' && kept !== 'lost') || i !== rest.length) this.fail(usage);
    return `${out} priority ${kept}`;
  }
}

// ---- canonical text of what the engine did --------------------------------------------------

/** Formats prices and quantities as the scenario's instrument writes them. */
export class ScenarioFormatter {
  private readonly instrument: ScenarioInstrument;

  constructor(instrument: ScenarioInstrument) {
    this.instrument = instrument;
  }

  price(priceTicks: number): string {
    return formatSteps(priceTicks, this.instrument.tick);
  }

  qty(qtyLots: number): string {
    return formatSteps(qtyLots, this.instrument.lot);
  }

  event(event: MatchingEvent): string {
    switch (event.type) {
      case 'InstrumentListed':
        return `listed ${event.symbol}`;
      case 'OrderAccepted':
        return `accepted ${event.clientOrderId}`;
      case 'OrderRejected': {
        const ref = event.clientOrderId ?? (event.orderId === null ? '-' : `order ${event.orderId}`);
        return `rejected ${ref} ${event.name}`;
      }
      case 'OrderFilled':
        return (
          `filled ${this.price(event.priceTicks)} x${this.qty(event.qtyLots)} ` + `${event.makerClientOrderId}->${event.takerClientOrderId}`
        );
      case 'OrderCancelled':
        return `cancelled ${event.clientOrderId} ${this.qty(event.qtyLots)} ${event.reason}`;
      case 'OrderExpired':
        return `expired ${event.clientOrderId} ${this.qty(event.qtyLots)}`;
      case 'StopTriggered':
        return `triggered ${event.clientOrderId} @ ${this.price(event.lastTradePriceTicks)}`;
      case 'OrderReplaced': {
        const renamed = event.previousClientOrderId !== event.clientOrderId;
        const ids = renamed ? `${event.previousClientOrderId}->${event.clientOrderId}` : event.clientOrderId;
        const price = event.priceTicks === null ? '' : ` @ ${this.price(event.priceTicks)}`;
        const stop = event.stopPriceTicks === null ? '' : ` stop ${this.price(event.stopPriceTicks)}`;
        return `replaced ${ids} qty ${this.qty(event.qtyLots)}${price}${stop} priority ${event.priorityKept ? 'kept' : 'lost'}`;
      }
      case 'BookLevelChanged':
        return `level ${event.side} ${this.price(event.priceTicks)} ${this.qty(event.qtyLots)}`;
    }
  }

  fill(event: MatchingEvent): string[] {
    if (event.type !== 'OrderFilled') return [];
    return [`${this.price(event.priceTicks)} ${this.qty(event.qtyLots)} ${event.makerClientOrderId} -> ${event.takerClientOrderId}`];
  }

  /** The whole ladder, highest price first, sells above buys. */
  ladder(engine: MatchingEngine, symbol: string): string[] {
    const line =
      (side: Side) =>
      (level: { priceTicks: number; qtyLots: number; orderCount: number }): string =>
        `${side} ${this.price(level.priceTicks)} ${this.qty(level.qtyLots)} (${level.orderCount})`;
    const sells = engine.levels(symbol, 'sell', ladderDepthMax).reverse().map(line('sell'));
    const buys = engine.levels(symbol, 'buy', ladderDepthMax).map(line('buy'));
    return [...sells, ...buys];
  }

  stops(engine: MatchingEngine, symbol: string): string[] {
    return engine
      .workingOrders(symbol)
      .filter((order) => order.pendingStop)
      .map((order) => {
        const type = order.orderType === 'stop_limit' ? 'stop-limit' : 'stop';
        const stop = order.stopPriceTicks === null ? '?' : this.price(order.stopPriceTicks);
        return `${order.side} ${order.account} ${order.clientOrderId} ${this.qty(order.leavesQtyLots)} ${type} ${stop}`;
      });
  }
}

// ---- running -------------------------------------------------------------------------------

export interface ScenarioOutcome {
  readonly passed: boolean;
  /** Empty when passed; otherwise what differs, expected and actual side by side. */
  readonly report: string;
}

/** A failure that stops the run (setup error, broken invariant, exception). */
class RunAbort extends Error {}

/** Runs one scenario on a fresh engine and compares the outcome with its expectations. */
export function runScenario(scenario: Scenario): ScenarioOutcome {
  return new ScenarioRun(scenario).run();
}

interface ActionResult {
  readonly step: ScenarioStep;
  readonly events: readonly MatchingEvent[];
}

class ScenarioRun {
  private readonly scenario: Scenario;
  private readonly engine = new MatchingEngine();
  private readonly format: ScenarioFormatter;
  private readonly symbol: string;
  private seq = 0;

  constructor(scenario: Scenario) {
    this.scenario = scenario;
    this.format = new ScenarioFormatter(scenario.instrument);
    this.symbol = scenario.instrument.spec.symbol;
  }

  run(): ScenarioOutcome {
    const header = `scenario "${this.scenario.title}" (${this.scenario.file}:${this.scenario.line}) failed`;
    const notes: string[] = [];
    let ladderBefore: string[] = [];
    const actions: ActionResult[] = [];
    try {
      this.list();
      for (const step of this.scenario.steps) {
        if (step.kind === 'book') {
          this.setUp(step);
          continue;
        }
        if (step.kind === 'auction') {
          this.execute(step.command, step.tsMs, `${this.scenario.file}:${step.line}`);
          continue;
        }
        if (actions.length === 0) ladderBefore = this.format.ladder(this.engine, this.symbol);
        actions.push(this.act(step, notes));
      }
    } catch (error) {
      if (!(error instanceof RunAbort)) throw error;
      return { passed: false, report: [header, error.message].join('\n') };
    }
    const sections = this.compare(actions, notes.length > 0);
    if (sections.length === 0 && notes.length === 0) return { passed: true, report: '' };
    const events = actions.flatMap((action) => action.events.map((event) => this.format.event(event)));
    const context = [
      ...indent('the ladder before the first action:', ladderBefore, 'empty'),
      ...(this.scenario.expect.events === null ? indent('events of the actions:', events, 'none') : []),
    ];
    return { passed: false, report: [header, ...sections, ...notes, '', ...context].join('\n') };
  }

  private execute(command: ScenarioCommand, tsMs: number, where: string): MatchingEvent[] {
    let events: MatchingEvent[] = [];
    try {
      if (command.type === 'SetAuction') this.engine.setAuction(this.symbol, command.collecting);
      else if (command.type === 'Uncross') events = this.engine.executeUncross(this.symbol, command.priceTicks, { seq: ++this.seq, tsMs });
      else events = this.engine.execute(command, { seq: ++this.seq, tsMs });
    } catch (error) {
      throw new RunAbort(`${where}: the engine threw ${errorText(error)}`);
    }
    try {
      this.engine.checkInvariants();
    } catch (error) {
      throw new RunAbort(`${where}: invariant broken after this command: ${errorText(error)}`);
    }
    return events;
  }

  private list(): void {
    const where = `${this.scenario.file}:${this.scenario.line}`;
    const events = this.execute({ type: 'ListInstrument', spec: this.scenario.instrument.spec }, this.scenario.listedAtMs, where);
    if (events.length !== 1 || events[0]?.type !== 'InstrumentListed') {
      throw new RunAbort(`${where}: the instrument was not listed: ${events.map((event) => this.format.event(event)).join('; ')}`);
    }
  }

  private setUp(step: ScenarioStep): void {
    const where = `${this.scenario.file}:${step.line}`;
    const events = this.execute(step.command, step.tsMs, where);
    const bad = events.filter((event) => event.type !== 'OrderAccepted' && event.type !== 'BookLevelChanged');
    if (events[0]?.type !== 'OrderAccepted' || bad.length > 0) {
      throw new RunAbort(
        [
          `${where}: setup error: the book line "${step.text}" must rest without trading, but gave:`,
          ...events.map((event) => `    ${this.format.event(event)}`),
        ].join('\n'),
      );
    }
  }

  private act(step: ScenarioStep, notes: string[]): ActionResult {
    const where = `${this.scenario.file}:${step.line}`;
    const before = this.snapshot();
    const events = this.execute(step.command, step.tsMs, where);
    if (events.some((event) => event.type === 'OrderRejected')) {
      if (events.length !== 1) notes.push(`${where}: "${step.text}" was rejected but gave other events too`);
      if (this.snapshot() !== before) notes.push(`${where}: "${step.text}" was rejected but changed the book`);
    }
    return { step, events };
  }

  /** Everything observable of the book, to show that a rejection changed nothing. */
  private snapshot(): string {
    return JSON.stringify({
      ladder: this.format.ladder(this.engine, this.symbol),
      working: this.engine.workingOrders(this.symbol),
      last: this.engine.lastTradePriceTicks(this.symbol),
    });
  }

  /**
   * Side-by-side sections: the fills and the ladder always (a trader reads them together),
   * any other expectation only when it does not hold. Empty when every expectation holds
   * and nothing failed already.
   */
  private compare(actions: readonly ActionResult[], failedAlready: boolean): string[] {
    const expect = this.scenario.expect;
    const events = actions.flatMap((action) => action.events);
    const sections: string[] = [];
    let failed = failedAlready;
    const check = (title: string, expected: ExpectedLines, actual: readonly string[], including = false): void => {
      const rows = align(expected.lines, actual);
      const holds = including ? rows.every((row) => row.left === null || row.mark === ' ') : rows.every((row) => row.mark === ' ');
      const where = expected.line === 0 ? 'none expected' : `expected at line ${expected.line}`;
      failed ||= !holds;
      const alwaysShown = title === 'fills' || title === 'book';
      const heading = `${title} (${where}${holds ? ', as expected' : ''})`;
      if (!holds || alwaysShown) sections.push('', ...sideBySide(heading, rows, including));
    };
    check(
      'fills',
      expect.fills,
      events.flatMap((event) => this.format.fill(event)),
    );
    if (expect.events !== null) {
      const title = expect.events.including ? 'events including' : 'events';
      check(
        title,
        expect.events,
        events.map((event) => this.format.event(event)),
        expect.events.including,
      );
    }
    check('book', expect.book, this.format.ladder(this.engine, this.symbol));
    if (expect.stops !== null) check('stops', expect.stops, this.format.stops(this.engine, this.symbol));
    const rejected = events.flatMap((event) => (event.type === 'OrderRejected' ? [event.name] : []));
    check('rejected', expect.rejected, rejected);
    if (expect.last !== null) {
      const last = this.engine.lastTradePriceTicks(this.symbol);
      check('last trade price', expect.last, [last === null ? 'none' : this.format.price(last)]);
    }
    if (expect.auction !== null) check('auction', expect.auction, [this.engine.isAuction(this.symbol) ? 'on' : 'off']);
    return failed ? sections : [];
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function indent(title: string, lines: readonly string[], empty: string): string[] {
  return [title, ...(lines.length === 0 ? [`    ${empty}`] : lines.map((line) => `    ${line}`))];
}

// ---- side by side -------------------------------------------------------------------------

/** One row of the side-by-side view: ' ' same, '!' differs, '-' only expected, '+' only actual. */
export interface AlignedRow {
  readonly mark: ' ' | '!' | '-' | '+';
  readonly left: string | null;
  readonly right: string | null;
}

/** Aligns two lists on their longest common subsequence; the lines between two matches are paired row by row. */
export function align(expected: readonly string[], actual: readonly string[]): AlignedRow[] {
  const n = expected.length;
  const m = actual.length;
  const common: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      common[i]![j] = expected[i] === actual[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const rows: AlignedRow[] = [];
  let left: string[] = [];
  let right: string[] = [];
  const flush = (): void => {
    for (let k = 0; k < Math.max(left.length, right.length); k++) {
      const l = left[k] ?? null;
      const r = right[k] ?? null;
      rows.push({ mark: l === null ? '+' : r === null ? '-' : '!', left: l, right: r });
    }
    left = [];
    right = [];
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i] === actual[j]) {
      flush();
      rows.push({ mark: ' ', left: expected[i]!, right: actual[j]! });
      i++;
      j++;
    } else if (j >= m || (i < n && common[i + 1]![j]! >= common[i]![j + 1]!)) {
      left.push(expected[i++]!);
    } else {
      right.push(actual[j++]!);
    }
  }
  flush();
  return rows;
}

/** Renders aligned rows as two columns; with `including`, lines only in the actual list are not marked. */
export function sideBySide(title: string, rows: readonly AlignedRow[], including = false): string[] {
  const shown = rows.length === 0 ? [{ mark: ' ' as const, left: null, right: null }] : rows;
  const leftEmpty = rows.every((row) => row.left === null);
  const rightEmpty = rows.every((row) => row.right === null);
  const leftText = (row: AlignedRow, index: number): string => row.left ?? (index === 0 && leftEmpty ? '(none)' : '');
  const rightText = (row: AlignedRow, index: number): string => row.right ?? (index === 0 && rightEmpty ? '(none)' : '');
  const width = Math.max('expected'.length, ...shown.map((row, index) => leftText(row, index).length));
  return [
    `${title}:`,
    `    ${'expected'.padEnd(width)} | actual`,
    ...shown.map((row, index) => {
      const mark = including && row.mark === '+' ? ' ' : row.mark;
      return `  ${mark} ${leftText(row, index).padEnd(width)} | ${rightText(row, index)}`.trimEnd();
    }),
  ];
}
