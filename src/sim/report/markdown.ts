/**
 * The Markdown report of a simulation result: the run (scenario, seed, product, agents,
 * state hash and how to reproduce it), liquidity and the daily table, margin calls and
 * defaults, the hedgers' outcomes (plan lines, execution, hedge P&L against the change
 * in cost exposure, dollar offset), the settlement manipulators' closing-window record
 * and the spoofers, with links to the charts (`charts.ts`).
 *
 * Pure and deterministic: prices and money are exact decimal strings from integers;
 * ratios and shares use fixed decimals. O(days + agents + plan lines).
 */
import type { SimResult } from '../simulation.ts';
import type { ChartFile } from './charts.ts';
import { formatsOf, percent, type Formats } from './format.ts';

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function chart(charts: readonly ChartFile[], prefix: string): string[] {
  const found = charts.find((c) => c.name.startsWith(prefix));
  return found === undefined ? [] : [`![${found.title}](${found.name})`, ''];
}

/** Which tiers set the days' settlement prices, or that the simulation's own cycle set them. */
function settlementTiers(result: SimResult): string {
  const counts = new Map<string, number>();
  for (const d of result.daily) if (d.settlementTier !== null) counts.set(d.settlementTier, (counts.get(d.settlementTier) ?? 0) + 1);
  if (counts.size === 0) {
    return result.figures.marginCalls === null ? 'no settlement cycle (clearing off)' : "set by the simulation's end-of-day cycle";
  }
  const tiers = [...counts].map(([tier, days]) => `${tier} on ${days} day${days === 1 ? '' : 's'}`);
  return `computed by the engine: ${tiers.join(', ')}`;
}

function runSection(result: SimResult, command: string): string[] {
  const p = result.product;
  const kinds = Object.entries(result.agentsByKind).map(([kind, count]) => `${count} ${kind}`);
  const window =
    result.closingWindowTicks === 0 ? 'none placed in the closing window' : `the last ${result.closingWindowTicks} in the closing window`;
  return [
    `# Simulation report: ${result.scenario}, seed ${result.seed}`,
    '',
    `- Contract: ${result.symbol} (${p.root}, ${p.contractUnit}; tick ${p.tickSize} ${p.quoteUnit}, ` +
      `${p.tickValueMinor} minor units of ${p.currency} per tick)`,
    `- Period: ${result.figures.days} days from ${result.startDate}, ${result.ticksPerDay} ticks a day (${window}, ${p.closingWindow})`,
    `- Daily settlement: the product's rule is ${p.settlementMethod}; ${settlementTiers(result)}`,
    `- Agents: ${result.agents} (${kinds.join(', ')})`,
    `- Commands: ${result.lastSeq}; final state hash \`${result.stateHash}\``,
    `- Reproduce: \`${command}\` (same scenario and seed, same bytes)`,
    '',
  ];
}

function summarySection(result: SimResult, charts: readonly ChartFile[]): string[] {
  const f = result.figures;
  const rows: string[][] = [
    ['average spread', `${f.averageSpreadTicks.toFixed(2)} ticks (two-sided ${percent(f.twoSidedShare * 100, 0)} of ${f.ticks} ticks)`],
    ['average top depth', `${f.averageTopDepthLots.toFixed(2)} lots`],
    ['volume', `${f.volumeLots} lots in ${f.trades} trades`],
    ['open interest at the end', f.openInterestLots === null ? 'n/a (no clearing)' : `${f.openInterestLots} lots`],
    ['rejections', String(f.rejections)],
  ];
  return ['## Liquidity', '', ...table(['figure', 'value'], rows), '', ...chart(charts, 'spread'), ...chart(charts, 'volume')];
}

function dailySection(result: SimResult, fmt: Formats, charts: readonly ChartFile[]): string[] {
  const rows = result.daily.map((d) => [
    d.date,
    fmt.price(d.benchmarkTicks),
    fmt.price(d.settlementTicks),
    fmt.price(d.vwapTicks),
    `${fmt.price(d.lowTicks)} - ${fmt.price(d.highTicks)}`,
    fmt.price(d.closingWindow.vwapTicks),
    d.averageSpreadTicks.toFixed(2),
    d.averageTopDepthLots.toFixed(2),
    String(d.volumeLots),
    d.openInterestLots === null ? '-' : String(d.openInterestLots),
    String(d.marginCalls),
    String(d.defaults),
  ]);
  const header = [
    'date',
    'benchmark',
    'settlement',
    'VWAP',
    'range',
    'window VWAP',
    'spread',
    'depth',
    'volume',
    'OI',
    'calls',
    'defaults',
  ];
  return ['## Price against the benchmark, day by day', '', ...chart(charts, 'price'), ...table(header, rows), ''];
}

function marginSection(result: SimResult, charts: readonly ChartFile[]): string[] {
  const f = result.figures;
  if (f.marginCalls === null) return ['## Margin calls and defaults', '', 'Clearing was off in this scenario.', ''];
  return [
    '## Margin calls and defaults',
    '',
    `${f.marginCalls} margin calls, ${f.defaults} defaults (${f.closeOutOrders} close-out orders, ${f.waterfalls} default waterfalls); ` +
      `loss beyond the defaulters' own margin ${f.waterfallLossMinor} minor units, uncovered ${f.uncoveredLossMinor}.`,
    '',
    ...chart(charts, 'margin'),
  ];
}

function planHedgerSection(result: SimResult, fmt: Formats): string[] {
  const out: string[] = [];
  const ccy = result.product.currency;
  for (const h of result.planHedgers) {
    const lines = h.lines.map((l) => [l.month, l.symbol, l.quantity, String(l.contracts), l.allocation]);
    const done = h.completedOnDay === null ? 'not reached in the run' : `first held on day ${h.completedOnDay}`;
    const offset = h.dollarOffsetRatio === null ? 'not measurable (no exposure change)' : percent(h.dollarOffsetRatio * 100);
    const verdict = h.effective === null ? '' : h.effective ? ' (effective: within 80% to 125%)' : ' (outside 80% to 125%)';
    out.push(
      `### ${h.account}: ${h.firm}`,
      '',
      `Plan: ${h.planSource === 'inline' ? 'inline in the scenario' : `\`${h.planSource}\``}` +
        `${h.planDate === null ? '' : ` (plan date ${h.planDate})`}; ${h.role}, ${h.side} futures, hedge ratio ${h.ratio.toFixed(4)}.`,
      '',
      ...table(['month', 'contract', 'exposure', 'contracts', 'held as'], lines),
      '',
      ...table(
        ['figure', 'value'],
        [
          ['position', `${h.positionLots} of target ${h.targetLots} lots, ${done}`],
          [
            'execution',
            `${h.execution.ordersSent} limit orders, ${h.execution.repricings} repricings; ${h.execution.makerLots} lots filled ` +
              `passively, ${h.execution.takerLots} aggressively; average price ${fmt.price(h.execution.averagePriceTicks)}`,
          ],
          ['benchmark', `${fmt.price(h.benchmarkStartTicks)} at the start, ${fmt.price(h.benchmarkEndTicks)} at the end`],
          ['final mark', fmt.price(h.markTicks)],
          [
            'change in cost exposure',
            `${fmt.money(h.exposureChangeMinor)} ${ccy} on ${h.exposureQuantity} units (ratio x benchmark change)`,
          ],
          [
            'hedge P&L',
            `${fmt.money(h.hedgePnlMinor)} ${ccy} (fees ${fmt.money(h.feesMinor)}, variation margin ${fmt.money(h.variationMarginMinor)})`,
          ],
          ['ideal hedge P&L', `${fmt.money(h.idealHedgePnlMinor)} ${ccy} (whole position held at the benchmark from the start)`],
          ['net', `${fmt.money(h.netMinor)} ${ccy}`],
          ['dollar offset', `${offset}${verdict}`],
        ],
      ),
      '',
    );
  }
  return out;
}

function hedgerSection(result: SimResult, fmt: Formats, charts: readonly ChartFile[]): string[] {
  if (result.hedgers.length === 0 && result.planHedgers.length === 0) return [];
  const simple = result.hedgers.map((h) => [h.account, String(h.targetLots), String(h.goalLots), String(h.positionLots)]);
  return [
    "## Hedgers' outcomes",
    '',
    "A plan hedger holds its plan's contracts in the simulated contract (`stacked` months are held there as a stack hedge), " +
      'builds them with working limit orders on an even schedule, and is judged by its hedge P&L to the final mark against ' +
      "the change in its cost exposure under the plan's ratio (the dollar-offset test of src/core/hedging).",
    '',
    ...chart(charts, 'hedgers'),
    ...planHedgerSection(result, fmt),
    ...(simple.length === 0 ? [] : ['### Simple hedgers', '', ...table(['account', 'target', 'goal so far', 'position'], simple), '']),
  ];
}

function manipulatorSection(result: SimResult, fmt: Formats, charts: readonly ChartFile[]): string[] {
  const out: string[] = [];
  if (result.manipulators.length === 0 && result.spoofers.length === 0) return out;
  out.push('## Manipulation', '');
  result.manipulators.forEach((m, i) => {
    const rows = m.days.map((d) => [
      d.date,
      `${d.markFilledLots} / ${d.markSentLots}`,
      `${d.ownWindowLots} of ${d.windowVolumeLots} (${percent(d.windowSharePct)})`,
      fmt.price(d.openingMidTicks),
      fmt.price(d.settlementTicks),
      fmt.price(d.windowVwapTicks),
      d.effectTicks === null ? '-' : String(d.effectTicks),
      d.vwapEffectTicks === null ? '-' : String(d.vwapEffectTicks),
    ]);
    out.push(
      `### Marking the settlement: ${m.account} (${m.direction})`,
      '',
      `${m.phases.mark.orders} closing-window orders (${m.phases.mark.filledLots} of ${m.phases.mark.sentLots} lots filled), ` +
        `${m.phases.build.orders} building and ${m.phases.unwind.orders} unwinding orders before the window; ` +
        `${percent(m.ownVolumeInWindowPct)} of its volume traded in closing windows. Effect in its direction: settlement ` +
        `${m.averageEffectTicks ?? 'n/a'} ticks, window VWAP ${m.averageVwapEffectTicks ?? 'n/a'} ticks from the window's opening mid ` +
        `on average (an in-run estimate; the counterfactual is the same run without it). Position ${m.positionLots} lots, ` +
        `P&L at the final mark ${fmt.money(m.pnlMinor)} ${result.product.currency}.`,
      '',
      ...chart(charts, `settlement-manipulation-${i + 1}`),
      ...table(['date', 'filled / sent', 'its window lots', 'opening mid', 'settlement', 'window VWAP', 'effect', 'VWAP effect'], rows),
      '',
    );
  });
  for (const s of result.spoofers) {
    out.push(`- Spoofer ${s.account}: ${s.spoofs} spoof orders placed and cancelled; position ${s.positionLots} lots.`);
  }
  return [...out, ''];
}

/** The report; `command` is the command line that reproduces it, `charts` the files written beside it. */
export function simReportMarkdown(result: SimResult, charts: readonly ChartFile[], command: string): string {
  const fmt = formatsOf(result.product);
  const lines = [
    ...runSection(result, command),
    ...summarySection(result, charts),
    ...dailySection(result, fmt, charts),
    ...marginSection(result, charts),
    ...hedgerSection(result, fmt, charts),
    ...manipulatorSection(result, fmt, charts),
    '## Invariants',
    '',
    'Checked after every simulated day: no crossed book and every book invariant, the book rebuilt from the published ' +
      "deltas equals the engine's, every agent order in exactly one state, variation margin sums to zero, the ledger " +
      'balances. A failure stops the run with the seed and the day; this report exists, so they held.',
    '',
  ];
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
