/**
 * Runs every `.scenario` file of this directory on the fast matching engine, one test
 * per scenario named by its title, and tests the scenario format itself: syntax errors
 * name the file and the line, off-tick prices are refused, failures are shown side by
 * side. The expectations in the scenario files were derived by hand from
 * docs/matching.md, not recorded from the engine.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioSyntaxError, align, parseScenarios, runScenario, sideBySide } from './scenario-format.ts';
import type { Scenario } from './scenario-format.ts';

const dir = import.meta.dirname;
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.scenario'))
  .sort();

/** Parses one file, or returns the syntax error to report as a failing test. */
function load(file: string): Scenario[] | Error {
  try {
    return parseScenarios(readFileSync(join(dir, file), 'utf8'), file);
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
}

const loaded = files.map((file) => ({ file, scenarios: load(file) }));

for (const { file, scenarios } of loaded) {
  describe(file, () => {
    if (scenarios instanceof Error) {
      it(`${file} parses`, () => {
        throw scenarios;
      });
      return;
    }
    for (const scenario of scenarios) {
      it(scenario.title, () => {
        const outcome = runScenario(scenario);
        if (!outcome.passed) expect.fail(`\n${outcome.report}`);
      });
    }
  });
}

describe('the scenario files', () => {
  it('hold at least 25 scenarios with distinct titles', () => {
    const titles = loaded.flatMap(({ scenarios }) => (scenarios instanceof Error ? [] : scenarios.map((s) => s.title)));
    expect(titles.length).toBeGreaterThanOrEqual(25);
    expect(new Set(titles).size).toBe(titles.length);
  });
});

// ---- the format itself ------------------------------------------------------------------------

const good = `
scenario: one trade
instrument TOKZ26 tick 0.01 lot 1 protection 0.50
book:
  sell alice a1 5 @ 100.02
order: buy bob b1 2 @ 100.02
expect fills:
  100.02 2 a1 -> b1
expect book:
  sell 100.02 3 (1)
`;

/** The syntax error `text` raises, or fails the test. */
function syntaxError(text: string, file = 'bad.scenario'): ScenarioSyntaxError {
  try {
    parseScenarios(text, file);
  } catch (error) {
    if (error instanceof ScenarioSyntaxError) return error;
    throw error;
  }
  return expect.fail('expected a syntax error');
}

/** `good` with line `lineNumber` (1-based, counting the leading empty line) replaced. */
function withLine(lineNumber: number, replacement: string): string {
  const lines = good.split('\n');
  lines[lineNumber - 1] = replacement;
  return lines.join('\n');
}

describe('scenario parser', () => {
  it('parses a scenario into commands with the tick and lot applied', () => {
    const [scenario] = parseScenarios(good, 'good.scenario');
    expect(scenario?.title).toBe('one trade');
    expect(scenario?.steps.map((step) => [step.kind, step.line])).toEqual([
      ['book', 5],
      ['action', 6],
    ]);
    expect(scenario?.steps[1]?.command).toMatchObject({ type: 'SubmitOrder', priceTicks: 10002, qtyLots: 2, tif: 'gtc' });
    expect(scenario?.expect.fills.lines).toEqual(['100.02 2 a1 -> b1']);
  });

  it('names the file and the line of a malformed line', () => {
    const error = syntaxError(withLine(6, 'order: buy bob'));
    expect(error.file).toBe('bad.scenario');
    expect(error.line).toBe(6);
    expect(error.message).toMatch(/^bad\.scenario:6: an order is: <buy\|sell> <account>/);
    expect(error.message).toContain('order: buy bob');
  });

  it('rejects a price off the tick, naming the line', () => {
    const error = syntaxError(withLine(5, '  sell alice a1 5 @ 100.015'));
    expect(error.line).toBe(5);
    expect(error.message).toMatch(/^bad\.scenario:5: price 100\.015 is not on the tick 0\.01/);
  });

  it('rejects an off-tick price in an expectation too', () => {
    expect(syntaxError(withLine(8, '  100.025 2 a1 -> b1')).line).toBe(8);
  });

  it('rejects unknown lines, options and events with what was expected', () => {
    expect(syntaxError(withLine(6, 'ordr: buy bob b1 2 @ 100.02')).message).toMatch(/:6: unknown line "ordr"/);
    expect(syntaxError(withLine(6, 'order: buy bob b1 2 @ 100.02 gfd')).message).toMatch(/:6: unknown order option "gfd"/);
    const events = `${good}expect events:\n  traded b1\n`;
    expect(syntaxError(events).message).toMatch(/:12: unknown event "traded"/);
  });

  it('requires the ladder from the highest price to the lowest, sells above buys', () => {
    const text = `${good}  sell 100.03 1 (1)\n`;
    expect(syntaxError(text).message).toMatch(/:11: the ladder runs from the highest price to the lowest/);
  });

  it('requires an instrument, an action, fills and book expectations', () => {
    expect(syntaxError(good.replace(/^instrument.*$/m, '')).message).toMatch(/instrument/);
    expect(syntaxError(good.replace(/^expect book:[\s\S]*$/m, '')).message).toMatch(/:2: the scenario has no "expect book:"/);
    expect(syntaxError(good.replace(/^order:.*$/m, '')).message).toMatch(/the scenario has no action/);
  });

  it('refuses a clock that goes backwards', () => {
    const text = good.replace('order:', 'at 08:00\norder:');
    expect(syntaxError(text).message).toMatch(/:6: "at 08:00" is before the previous command's time/);
  });

  it('reads auction lines: a switch without a clock tick, an uncross as an action, the mode expectation', () => {
    const text = good.replace('book:\n', 'auction on\nbook:\n').replace(/^order:.*$/m, 'order: buy bob b1 2 @ 100.02\nuncross at 100.02');
    const [scenario] = parseScenarios(`${text}expect auction: off\n`, 'auction.scenario');
    expect(scenario?.steps.map((step) => [step.kind, step.command.type])).toEqual([
      ['auction', 'SetAuction'],
      ['book', 'SubmitOrder'],
      ['action', 'SubmitOrder'],
      ['action', 'Uncross'],
    ]);
    expect(scenario?.steps[0]?.tsMs).toBe(scenario?.steps[1]?.tsMs);
    expect(scenario?.steps[3]?.command).toEqual({ type: 'Uncross', priceTicks: 10002 });
    expect(scenario?.expect.auction?.lines).toEqual(['off']);
    expect(syntaxError(withLine(6, 'auction maybe')).message).toMatch(/:6: an auction line is "auction on" or "auction off"/);
    expect(syntaxError(withLine(6, 'uncross 100.02')).message).toMatch(/:6: an uncross is: uncross at <price>/);
    expect(syntaxError(withLine(6, 'uncross at 100.025')).message).toMatch(/:6: uncross price 100\.025 is not on the tick/);
    expect(syntaxError(`${good}expect auction: maybe\n`).message).toMatch(/:11: "expect auction:" takes "on" or "off"/);
  });

  it('reads several scenarios separated by --- and a default instrument', () => {
    const body = good.replace(/^instrument.*\n/m, '');
    const text = `instrument TOKZ26 tick 0.01 lot 1 protection 0.50\n${body}---\n${body.replace('one trade', 'another')}`;
    expect(parseScenarios(text, 'two.scenario').map((s) => s.title)).toEqual(['one trade', 'another']);
  });
});

describe('scenario runner', () => {
  it('passes a scenario whose expectations hold', () => {
    const [scenario] = parseScenarios(good, 'good.scenario');
    expect(runScenario(scenario!)).toEqual({ passed: true, report: '' });
  });

  it('shows expected and actual fills and ladders side by side on a mismatch', () => {
    const wrong = good.replace('100.02 2 a1 -> b1', '100.02 3 a1 -> b1').replace('sell 100.02 3 (1)', 'sell 100.02 2 (1)');
    const [scenario] = parseScenarios(wrong, 'wrong.scenario');
    const outcome = runScenario(scenario!);
    expect(outcome.passed).toBe(false);
    expect(outcome.report).toContain('scenario "one trade" (wrong.scenario:2) failed');
    expect(outcome.report).toContain('fills (expected at line 7):');
    expect(outcome.report).toMatch(/! 100\.02 3 a1 -> b1\s+\| 100\.02 2 a1 -> b1/);
    expect(outcome.report).toMatch(/! sell 100\.02 2 \(1\)\s+\| sell 100\.02 3 \(1\)/);
  });

  it('fails on a rejection the scenario did not expect', () => {
    const [scenario] = parseScenarios(good.replace('order: buy bob b1 2 @ 100.02', 'order: buy bob b1 2 @ 100.02 fok min 5'), 'r.scenario');
    const outcome = runScenario(scenario!);
    expect(outcome.passed).toBe(false);
    expect(outcome.report).toMatch(/rejected \(none expected\):[\s\S]*\+ \(none\)\s+\| min_qty_invalid/);
  });

  it('reports a book line that trades as a setup error with its line', () => {
    const text = good.replace('book:\n', 'book:\n  buy carol c1 1 @ 100.02\n');
    const [scenario] = parseScenarios(text, 'setup.scenario');
    const outcome = runScenario(scenario!);
    expect(outcome.report).toContain('setup.scenario:6: setup error: the book line "sell alice a1 5 @ 100.02" must rest');
  });

  it('runs an auction: crossing book lines rest, the uncross trades, and a wrong mode is reported', () => {
    const text = good
      .replace('book:\n', 'auction on\nbook:\n')
      .replace('  sell alice a1 5 @ 100.02\n', '  sell alice a1 5 @ 100.02\n  buy carol c1 1 @ 100.03\n')
      .replace(/^order:.*$/m, 'uncross at 100.02')
      .replace('100.02 2 a1 -> b1', '100.02 1 a1 -> c1')
      .replace('sell 100.02 3 (1)', 'sell 100.02 4 (1)');
    const [scenario] = parseScenarios(`${text}expect auction: off\n`, 'auction.scenario');
    expect(runScenario(scenario!)).toEqual({ passed: true, report: '' });
    const [wrong] = parseScenarios(`${text}expect auction: on\n`, 'auction.scenario');
    expect(runScenario(wrong!).report).toMatch(/auction \(expected at line 13\):[\s\S]*! on\s+\| off/);
  });

  it('reports an engine assertion, such as ending the auction of a crossed book without an uncross, with its line', () => {
    const text = good
      .replace('book:\n', 'auction on\nbook:\n')
      .replace('  sell alice a1 5 @ 100.02\n', '  sell alice a1 5 @ 100.02\n  buy carol c1 1 @ 100.03\n')
      .replace(/^(order:.*)$/m, '$1\nauction off');
    const [scenario] = parseScenarios(text, 'cross.scenario');
    const outcome = runScenario(scenario!);
    expect(outcome.passed).toBe(false);
    expect(outcome.report).toMatch(/cross\.scenario:9: the engine threw InvariantViolation: TOKZ26 is crossed/);
  });

  it('aligns lines on their common subsequence', () => {
    const rows = align(['a', 'b', 'c'], ['a', 'x', 'c', 'd']);
    expect(rows.map((row) => `${row.mark}${row.left ?? '.'}${row.right ?? '.'}`)).toEqual([' aa', '!bx', ' cc', '+.d']);
    expect(sideBySide('t', [])).toEqual(['t:', '    expected | actual', '    (none)   | (none)']);
  });
});
