/**
 * `tokex contracts list | show | calendar`: the product specifications in products/*.json
 * (validated on load, every problem reported with file and path) and what the pure
 * contracts rules compute from them for a date.
 *
 * `show` of a contract prints three parts and names them: `spec` (static, the product
 * file), `computed` (derived from the spec, the date and the prior settlement you give),
 * and `live`: with `--url URL`, the state of a running exchange (session, halts, limits,
 * band, reference price, auction, last settlement) fetched with the SDK by
 * src/cli/contracts-live.ts, which loads only then; without it, `live` says how to get
 * it. Everything is checked and fetched before anything is printed: bad input, a server
 * that cannot be reached or does not list the symbol exit 1 with the argument named and
 * nothing on stdout. Product files are read by src/contracts-data/products.ts.
 */
import type { Command } from 'commander';
import type { LiveState } from './contracts-live.ts';
import { defaultProductsDir, loadProducts } from '../contracts-data/products.ts';
import { formatSteps, parseStep, parseSteps, ticks, type Ticks } from '../core/kernel/index.ts';
import { isCivilDate, daysBetween } from '../core/benchmark/index.ts';
import {
  calendarEvents,
  calendarRangeDaysMax,
  compareCalendarEvents,
  contractView,
  listedContracts,
  parseContractSymbol,
  type CalendarEvent,
  type ContractView,
  type LimitState,
  type ProductSpec,
} from '../core/contracts/index.ts';

function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function json(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

function checkedDate(text: string | undefined, flag: string): string {
  if (text === undefined) return todayUtc();
  if (!isCivilDate(text)) throw new Error(`${flag}: "${text}" is not a YYYY-MM-DD date`);
  return text;
}

function requiredDate(text: string | undefined, flag: string): string {
  if (text === undefined) throw new Error(`${flag}: required (YYYY-MM-DD)`);
  return checkedDate(text, flag);
}

function price(product: ProductSpec, priceTicks: number): string {
  return formatSteps(priceTicks, parseStep(product.tickSize));
}

function money(product: ProductSpec, amountMinor: bigint): string {
  return `${formatSteps(amountMinor, { mantissa: 1n, scale: product.quote.minorDigits })} ${product.quote.currency}`;
}

function isoOf(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

interface CommonOptions {
  json?: boolean;
  products?: string;
  date?: string;
}

export function registerContracts(program: Command): void {
  const contracts = program.command('contracts').description('futures products: specifications, listed contracts, calendar');

  contracts
    .command('list')
    .description('the products and the contracts listed on a date')
    .option('--date <date>', 'YYYY-MM-DD (default: today, UTC)')
    .option('--products <dir>', 'product files directory', defaultProductsDir)
    .option('--json', 'print JSON')
    .action((opts: CommonOptions) => {
      const date = checkedDate(opts.date, '--date');
      const products = loadProducts(opts.products ?? defaultProductsDir);
      const rows = products.map((p) => ({
        root: p.root,
        name: p.name,
        family: p.family,
        benchmarkId: p.benchmarkId,
        contractUnit: `${p.contractUnit.amount} ${p.contractUnit.unit}`,
        quoteUnit: p.quote.unit,
        tickSize: p.tickSize,
        tickValue: money(p, BigInt(p.tickValueMinor)),
        listed: listedContracts(p, date).map((c) => c.symbol),
      }));
      if (opts.json === true) return print(json({ date, products: rows }));
      const lines = [`products on ${date} (listed contracts, front month first)`];
      for (const row of rows) {
        lines.push(`${row.root.padEnd(6)} ${row.name} - ${row.benchmarkId}, ${row.contractUnit}, tick ${row.tickSize} = ${row.tickValue}`);
        lines.push(`       listed: ${row.listed.length === 0 ? '(none: before launch)' : row.listed.join(' ')}`);
      }
      print(lines.join('\n'));
    });

  contracts
    .command('show')
    .description('the full specification of a product (ROOT) or a contract (ROOT + month code + yy), and its computed state on a date')
    .argument('<symbol>', 'a product root (TOK) or a contract symbol (TOKZ26)')
    .option('--date <date>', 'YYYY-MM-DD (default: today, UTC)')
    .option('--prior-settlement <price>', "the prior day's settlement price, to compute today's limits, band and margin")
    .option('--locked-days <n>', 'consecutive limit-locked days before the date (escalation state)', '0')
    .option('--locked-direction <dir>', 'direction of those locked days: up or down')
    .option('--url <url>', 'a running exchange (tokex serve), for example http://127.0.0.1:8080: adds its live state of a contract')
    .option('--timeout <ms>', 'with --url: milliseconds to wait for the answer', '10000')
    .option('--products <dir>', 'product files directory', defaultProductsDir)
    .option('--json', 'print JSON')
    .action(async (symbol: string, opts: ShowOptions) => {
      // Without --date: today, or with --url the server's date (see showContract).
      const date = opts.date === undefined ? null : checkedDate(opts.date, '--date');
      const products = loadProducts(opts.products ?? defaultProductsDir);
      const byRoot = products.find((p) => p.root === symbol);
      const parsed = parseContractSymbol(symbol);
      const product = byRoot ?? products.find((p) => p.root === parsed?.root);
      if (product === undefined) {
        const roots = products.map((p) => p.root).join(', ');
        throw new Error(
          `SYMBOL: "${symbol}" is neither a product root nor a contract of one (roots: ${roots}; contracts: ROOT + month code + yy)`,
        );
      }
      if (byRoot !== undefined) {
        const listed = listedContracts(product, date ?? todayUtc());
        if (opts.url !== undefined) {
          const first = listed[0]?.symbol;
          const example = first === undefined ? '' : ` (for example ${first})`;
          throw new Error(`--url: ${symbol} is a product root; the live state is per contract: give a contract symbol${example}`);
        }
        return showProduct(product, date ?? todayUtc(), opts.json === true);
      }
      await showContract(product, symbol, date, opts);
    });

  contracts
    .command('calendar')
    .description('listings, last trading days and final settlements between two dates')
    .option('--from <date>', 'first date, YYYY-MM-DD')
    .option('--to <date>', 'last date, YYYY-MM-DD')
    .option('--root <root>', 'one product only')
    .option('--products <dir>', 'product files directory', defaultProductsDir)
    .option('--json', 'print JSON')
    .action((opts: CommonOptions & { from?: string; to?: string; root?: string }) => {
      const from = requiredDate(opts.from, '--from');
      const to = requiredDate(opts.to, '--to');
      if (from > to) throw new Error(`--to: ${to} is before --from ${from}`);
      if (daysBetween(from, to) > calendarRangeDaysMax) throw new Error(`--to: the range is longer than ${calendarRangeDaysMax} days`);
      const products = loadProducts(opts.products ?? defaultProductsDir);
      const chosen = opts.root === undefined ? products : products.filter((p) => p.root === opts.root);
      if (chosen.length === 0)
        throw new Error(`--root: "${opts.root ?? ''}" is not a product root (${products.map((p) => p.root).join(', ')})`);
      const events: CalendarEvent[] = chosen.flatMap((p) => calendarEvents(p, from, to)).sort(compareCalendarEvents);
      if (opts.json === true) return print(json({ from, to, events }));
      const lines = [`calendar ${from} to ${to} (* provisional: beyond the holiday calendar)`];
      for (const e of events) lines.push(`${e.date}  ${e.kind.padEnd(17)} ${e.symbol}${e.provisional ? ' *' : ''}`);
      if (events.length === 0) lines.push('(no events)');
      print(lines.join('\n'));
    });
}

interface ShowOptions extends CommonOptions {
  priorSettlement?: string;
  lockedDays: string;
  lockedDirection?: string;
  url?: string;
  timeout: string;
}

/** Without `--url`: what `live` says (text and JSON). */
const liveNote = 'give --url URL of a running exchange (tokex serve) for its session, limits, band, reference price and last settlement';

function showProduct(p: ProductSpec, date: string, asJson: boolean): void {
  const listed = listedContracts(p, date);
  if (asJson) return print(json({ spec: p, computed: { date, listed } }));
  const escalation = p.dailyLimit.escalation.map((s, i) => `${i + 1}: ${pct(s.limitBps)} (margin ${pct(s.initialMarginBps)})`).join(', ');
  const cb = p.circuitBreaker;
  const pl = p.positionLimits;
  const s = p.sessions;
  const rows: [string, string][] = [
    ['underlying', `${p.benchmarkId}, cash-settled on its final settlement value`],
    ['final settlement', `${p.finalSettlement.lagBusinessDays} business day(s) after the last trading day`],
    ['contract unit', `${p.contractUnit.amount} ${p.contractUnit.unit}`],
    ['quote', `${p.quote.unit}, tick ${p.tickSize} = ${money(p, BigInt(p.tickValueMinor))} per contract`],
    ['listing', `${p.listing.monthsListed} consecutive months from ${p.listing.firstListingDate}`],
    ['last trading day', `${ltdText(p)}; ${p.holidays.length} holidays known through ${p.holidaysKnownThrough}`],
    ['daily limit', `${pct(p.dailyLimit.baseBps)} of prior settlement; after locked days ${escalation}`],
    ['limit halt', `after ${p.dailyLimit.haltAfterLockedDays} limit-locked days in a row`],
    ['price band', `${pct(p.priceBand.bandBps)} around the reference price`],
    [
      'circuit breaker',
      `${pct(cb.moveBps)} in ${cb.windowMs / 1000}s: pause ${cb.pauseMs / 1000}s, then a ${cb.reopenAuctionMs / 1000}s call auction`,
    ],
    ['order size', `max ${p.orderQtyLotsMax} lots; block minimum ${p.blockMinLots} lots`],
    ['fees', `maker ${p.fees.makerPerLotMinor}, taker ${p.fees.takerPerLotMinor} minor units per contract`],
    ['position limits', `spot month ${pl.spotMonthLots}, single month ${pl.singleMonthLots}, all months ${pl.allMonthsLots}`],
    ['position levels', `accountability ${pl.accountabilityLots}, reportable ${pl.reportableLots}`],
    ['sessions (UTC)', `pre-open ${s.preOpen}, open ${s.open}, closing window ${s.closingWindowStart}, close ${s.close}`],
    ['settlement', `daily: ${p.settlement.method}`],
    ['margin', `initial ${pct(p.margin.initialBps)}, maintenance ${pct(p.margin.maintenanceBps)}`],
  ];
  const lines = [`${p.root}: ${p.name} (static specification, products file)`, ...rows.map(([k, v]) => `  ${k.padEnd(17)} ${v}`)];
  lines.push(`  listed on ${date}: ${listed.map((c) => c.symbol).join(' ') || '(none: before launch)'}`);
  print(lines.join('\n'));
}

async function showContract(product: ProductSpec, symbol: string, givenDate: string | null, opts: ShowOptions): Promise<void> {
  const priorTicks = opts.priorSettlement === undefined ? null : priorOf(product, opts.priorSettlement);
  const lockedDays = Number(opts.lockedDays);
  if (!Number.isSafeInteger(lockedDays) || lockedDays < 0 || lockedDays > 10) {
    throw new Error(`--locked-days: "${opts.lockedDays}" is not a whole number from 0 to 10`);
  }
  const direction = opts.lockedDirection;
  if (direction !== undefined && direction !== 'up' && direction !== 'down')
    throw new Error(`--locked-direction: "${direction}" is not up or down`);
  if (lockedDays > 0 && direction === undefined) throw new Error('--locked-direction: required with --locked-days above 0');
  const limitState: LimitState = { lockedDays, direction: lockedDays === 0 ? null : (direction ?? 'up') };
  let live: { state: LiveState; text: () => string[] } | null = null;
  if (opts.url !== undefined) {
    const timeoutMs = Number(opts.timeout);
    if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000) {
      throw new Error(`--timeout: "${opts.timeout}" is not a whole number of milliseconds from 1 to 600000`);
    }
    const { fetchLive, liveText } = await import('./contracts-live.ts');
    const state = await fetchLive(opts.url, symbol, timeoutMs);
    live = { state, text: () => liveText(state) };
  }
  // With --url and no --date, the computed part is for the server's date, like its live state.
  const date = givenDate ?? live?.state.today?.date ?? todayUtc();
  const view = contractView(product, symbol, date, priorTicks === null ? null : { settlementTicks: priorTicks, limitState });
  if (opts.json === true) {
    const liveJson = live?.state ?? { available: false, note: liveNote };
    return print(json({ symbol, spec: product, computed: computedJson(product, view), live: liveJson }));
  }
  const liveLines = live === null ? [`live: not available - ${liveNote}`] : live.text();
  print([contractText(product, view), ...liveLines].join('\n'));
}

function priorOf(product: ProductSpec, text: string): Ticks {
  const parsed = parseSteps(text, parseStep(product.tickSize));
  if (!parsed.ok) throw new Error(`--prior-settlement: ${parsed.reason} (tick ${product.tickSize})`);
  if (parsed.value < 1 || parsed.value > product.priceTicksMax) {
    throw new Error(`--prior-settlement: ${text} is outside (0, ${price(product, product.priceTicksMax)}]`);
  }
  return ticks(parsed.value);
}

function computedJson(product: ProductSpec, view: ContractView): unknown {
  const p = view.priced;
  return {
    date: view.date,
    ...view.dates,
    listed: view.listed,
    tradingDay: view.tradingDay,
    calendarStatus: view.calendarStatus,
    schedule: {
      businessDay: view.schedule.businessDay,
      preOpen: isoOf(view.schedule.preOpenMs),
      open: isoOf(view.schedule.openMs),
      closingWindowStart: isoOf(view.schedule.closingWindowStartMs),
      close: isoOf(view.schedule.closeMs),
    },
    priced:
      p === null
        ? null
        : {
            priorSettlement: price(product, p.limits.priorSettlementTicks),
            limitStep: p.limits.level.step,
            limitHalted: p.limits.level.halted,
            limitBps: p.limits.level.limitBps,
            lowerLimit: price(product, p.limits.lowerTicks),
            upperLimit: price(product, p.limits.upperTicks),
            bandLower: price(product, p.band.lowerTicks),
            bandUpper: price(product, p.band.upperTicks),
            circuitBreakerMove: price(product, p.circuitBreakerThresholdTicks),
            notional: money(product, p.notionalMinor),
            initialMargin: money(product, p.initialMarginMinor),
            maintenanceMargin: money(product, p.maintenanceMarginMinor),
          },
  };
}

function contractText(product: ProductSpec, view: ContractView): string {
  const d = view.dates;
  const at = (ticksValue: number): string => price(product, ticksValue);
  const tickValue = money(product, BigInt(product.tickValueMinor));
  const day = view.schedule.businessDay ? 'a business day' : 'no session (weekend or holiday)';
  const sched = view.schedule;
  const lines = [
    `${view.symbol}: ${product.name}, ${monthName(d.month)} ${d.year}`,
    `static (from the product file and its calendar rules):`,
    `  listing ${d.listingDate}, last trading day ${d.lastTradingDate}`,
    `  final settlement ${d.finalSettlementDate}${d.provisional ? ' (provisional)' : ''} against ${product.benchmarkId}`,
    `  ${product.contractUnit.amount} ${product.contractUnit.unit}; tick ${product.tickSize} = ${tickValue}`,
    `computed for ${view.date}:`,
    `  ${view.listed ? 'listed' : 'not listed'}; ${view.calendarStatus}; ${day}`,
  ];
  if (sched.businessDay)
    lines.push(`  schedule (UTC): pre-open ${isoOf(sched.preOpenMs)}, open ${isoOf(sched.openMs)}, close ${isoOf(sched.closeMs)}`);
  const p = view.priced;
  if (p === null) lines.push('  limits, band and margin: give --prior-settlement PRICE to compute them');
  else {
    const level = p.limits.level;
    const step = level.step === 0 ? 'base' : `escalation step ${level.step}`;
    lines.push(
      `  prior settlement ${at(p.limits.priorSettlementTicks)}`,
      `  daily limits ${at(p.limits.lowerTicks)} to ${at(p.limits.upperTicks)} (${pct(level.limitBps)}, ${step})`,
      ...(level.halted ? ['  LIMIT HALT: no session today'] : []),
      `  band at the open ${at(p.band.lowerTicks)} to ${at(p.band.upperTicks)}`,
      `  circuit breaker at a ${at(p.circuitBreakerThresholdTicks)} move in ${product.circuitBreaker.windowMs / 1000}s`,
      `  notional ${money(product, p.notionalMinor)}`,
      `  margin per contract: initial ${money(product, p.initialMarginMinor)}, maintenance ${money(product, p.maintenanceMarginMinor)}`,
    );
  }
  return lines.join('\n');
}

function pct(bps: number): string {
  return `${formatSteps(bps, parseStep('0.01'))}%`;
}

function ltdText(product: ProductSpec): string {
  const rule = product.lastTradingDay;
  if (rule.rule === 'last_business_day') return 'last business day of the contract month';
  const day = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'][rule.weekday - 1] ?? '?';
  return `last ${day} of the contract month, or the business day before it`;
}

function monthName(month: number): string {
  return (
    ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][month - 1] ??
    '?'
  );
}
