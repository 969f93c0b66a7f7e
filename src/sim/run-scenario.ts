/**
 * Reading a scenario file and formatting a run's result for the command line: the
 * node-facing edge of the simulation (file I/O here, none in the simulation itself).
 * Output is deterministic: the same result gives the same bytes.
 */
import { readFileSync } from 'node:fs';
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
  try {
    return parseScenario(json);
  } catch (error) {
    throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
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
  for (const h of result.hedgers) {
    lines.push(`  hedger ${h.account}  ${h.positionLots} of target ${h.targetLots} lots (goal so far ${h.goalLots})`);
  }
  lines.push(`  commands            ${result.lastSeq}`, `  state hash          ${result.stateHash}`);
  return `${lines.join('\n')}\n`;
}
