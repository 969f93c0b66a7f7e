/**
 * Reading a scenario file and formatting a run's result for the command line: the
 * node-facing edge of the simulation (file I/O here, none in the simulation itself).
 * A `plan_hedger`'s planFile is read relative to the scenario file's directory.
 * Output is deterministic: the same result gives the same bytes.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatsOf } from './report/format.ts';
import { parseScenario, type Scenario } from './scenario.ts';
import type { SimResult } from './simulation.ts';

/** Reads and validates a scenario file; errors name the file and the field. */
export function readScenarioFile(path: string): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`--scenario: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const readPlanFile = (file: string): unknown => JSON.parse(readFileSync(resolve(dirname(path), file), 'utf8'));
  try {
    return parseScenario(json, { readPlanFile });
  } catch (error) {
    throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function hedgerLines(result: SimResult): string[] {
  const { price, money } = formatsOf(result.product);
  const lines: string[] = [];
  for (const h of result.hedgers) {
    lines.push(`  hedger ${h.account}  ${h.positionLots} of target ${h.targetLots} lots (goal so far ${h.goalLots})`);
  }
  for (const h of result.planHedgers) {
    const done = h.completedOnDay === null ? 'not reached' : `reached on day ${h.completedOnDay}`;
    const offset = h.dollarOffsetRatio === null ? 'n/a' : `${(h.dollarOffsetRatio * 100).toFixed(1)}%`;
    lines.push(
      `  plan hedger ${h.account} (${h.firm}, ${h.role}, ratio ${h.ratio.toFixed(3)}): ` +
        `${h.positionLots} of target ${h.targetLots} lots, ${done}`,
      `    execution          ${h.execution.ordersSent} orders, ${h.execution.makerLots} lots passive, ` +
        `${h.execution.takerLots} aggressive, average ${price(h.execution.averagePriceTicks)}`,
      `    benchmark          ${price(h.benchmarkStartTicks)} -> ${price(h.benchmarkEndTicks)}, final mark ${price(h.markTicks)}`,
      `    hedge P&L          ${money(h.hedgePnlMinor)} vs exposure change ${money(h.exposureChangeMinor)} ${result.product.currency}` +
        ` (net ${money(h.netMinor)}, offset ${offset}${h.effective === null ? '' : h.effective ? ', effective' : ', outside 80-125%'})`,
    );
  }
  return lines;
}

function manipulatorLines(result: SimResult): string[] {
  const lines: string[] = [];
  for (const m of result.manipulators) {
    const share = m.ownVolumeInWindowPct === null ? 'n/a' : `${m.ownVolumeInWindowPct.toFixed(1)}%`;
    const effect = m.averageEffectTicks === null ? 'n/a' : `${m.averageEffectTicks.toFixed(2)} ticks`;
    lines.push(
      `  manipulator ${m.account} (${m.direction}): ${m.phases.mark.filledLots} lots marked in closing windows, ` +
        `${share} of its volume in the window, settlement vs window-opening mid ${effect} its way`,
    );
  }
  for (const s of result.spoofers) lines.push(`  spoofer ${s.account}: ${s.spoofs} spoof orders, position ${s.positionLots} lots`);
  return lines;
}

export function formatResult(result: SimResult, json: boolean): string {
  if (json) return `${JSON.stringify(result, null, 2)}\n`;
  const f = result.figures;
  const lines = [
    `scenario ${result.scenario}, seed ${result.seed}: ${result.symbol}, ${f.days} days from ${result.startDate}, ${result.agents} agents`,
    `  average spread      ${f.averageSpreadTicks.toFixed(2)} ticks (two-sided ${(f.twoSidedShare * 100).toFixed(0)}% of ${f.ticks} ticks)`,
    `  average top depth   ${f.averageTopDepthLots.toFixed(2)} lots`,
    `  volume              ${f.volumeLots} lots in ${f.trades} trades`,
    `  rejections          ${f.rejections}`,
  ];
  if (f.openInterestLots !== null) lines.push(`  open interest       ${f.openInterestLots} lots`);
  if (f.marginCalls !== null) lines.push(`  margin calls        ${f.marginCalls}`);
  if (f.defaults !== null) {
    lines.push(
      `  defaults            ${f.defaults} (${f.closeOutOrders} close-out orders, ${f.waterfalls} waterfalls)`,
      `  waterfall loss      ${f.waterfallLossMinor} minor (uncovered ${f.uncoveredLossMinor})`,
    );
  }
  const o = f.orders;
  const states = `${o['filled']} filled, ${o['cancelled']} cancelled, ${o['expired']} expired, ${o['rejected']} rejected`;
  lines.push(`  agent orders        ${states}, ${o['working']} working`);
  lines.push(...hedgerLines(result), ...manipulatorLines(result));
  lines.push(`  commands            ${result.lastSeq}`, `  state hash          ${result.stateHash}`);
  return `${lines.join('\n')}\n`;
}
