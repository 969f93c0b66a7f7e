/**
 * Default-fund sizing by a cover-2 stress test (PFMI principle 4: a CCP covers the
 * default of the two members that would cause the largest aggregate credit exposure in
 * extreme but plausible conditions).
 *
 * Scenarios: each product up and down alone by its stress move, then all products up
 * together and all down together. An account's stress loss is the price move times its
 * positions (loss = ceil(-sum net x price x tickValue x moveBps / 10 000), rounded up to
 * the minor unit); what the clearing house bears is the loss beyond the account's initial
 * margin, summed over the member's accounts (no netting between accounts: a customer's
 * gain is not the member's to use). For each scenario the two members with the largest
 * exposure are added; the default fund is the largest such sum over scenarios, and is
 * shared pro rata to the members' initial margin (largest remainders). One currency per
 * run. O(scenarios x positions).
 */
import { assert } from '../kernel/index.ts';
import { allocateProRata } from './allocation.ts';

export interface ExposureLine {
  readonly root: string;
  readonly netLots: number;
  readonly priceTicks: number;
  readonly tickValueMinor: bigint;
}

export interface AccountExposure {
  readonly account: string;
  readonly member: string;
  readonly lines: readonly ExposureLine[];
  readonly initialMarginMinor: bigint;
}

export interface StressScenario {
  readonly name: string;
  /** Signed price move per product root, in basis points. */
  readonly movesBps: ReadonlyMap<string, number>;
}

export interface StressMove {
  readonly root: string;
  /** Price rise and fall of the scenario, in basis points (the fall below 10 000). */
  readonly upBps: number;
  readonly downBps: number;
}

export function stressScenarios(moves: readonly StressMove[]): StressScenario[] {
  const out: StressScenario[] = [];
  for (const { root, upBps, downBps } of moves) {
    assert(Number.isSafeInteger(upBps) && upBps > 0, `stress rise of ${root} must be positive bps`);
    assert(Number.isSafeInteger(downBps) && downBps > 0 && downBps < 10_000, `stress fall of ${root} must be 1 to 9999 bps`);
    out.push({ name: `${root} up ${upBps} bp`, movesBps: new Map([[root, upBps]]) });
    out.push({ name: `${root} down ${downBps} bp`, movesBps: new Map([[root, -downBps]]) });
  }
  if (moves.length > 1) {
    out.push({ name: 'all up', movesBps: new Map(moves.map((m) => [m.root, m.upBps])) });
    out.push({ name: 'all down', movesBps: new Map(moves.map((m) => [m.root, -m.downBps])) });
  }
  return out;
}

export function stressLossMinor(lines: readonly ExposureLine[], scenario: StressScenario): bigint {
  let pnl = 0n;
  for (const line of lines) {
    const move = scenario.movesBps.get(line.root);
    if (move === undefined || line.netLots === 0) continue;
    pnl += BigInt(line.netLots) * BigInt(line.priceTicks) * line.tickValueMinor * BigInt(move);
  }
  const loss = -pnl;
  return loss <= 0n ? -(-loss / 10_000n) : (loss + 9_999n) / 10_000n;
}

export interface MemberStress {
  readonly member: string;
  readonly initialMarginMinor: bigint;
  /** Largest exposure beyond margin over the scenarios, and the scenario. */
  readonly uncoveredMinor: bigint;
  readonly worstScenario: string;
  readonly contributionMinor: bigint;
}

export interface CoverTwoReport {
  readonly scenarios: readonly string[];
  readonly members: readonly MemberStress[];
  readonly coverTwo: { readonly scenario: string; readonly members: readonly string[]; readonly exposureMinor: bigint };
  readonly defaultFundMinor: bigint;
}

export function coverTwo(exposures: readonly AccountExposure[], scenarios: readonly StressScenario[]): CoverTwoReport {
  const members = [...new Set(exposures.map((e) => e.member))].sort();
  const index = new Map(members.map((m, i) => [m, i]));
  const margin = members.map(() => 0n);
  for (const e of exposures)
    margin[index.get(e.member) as number] = (margin[index.get(e.member) as number] as bigint) + e.initialMarginMinor;
  const worst = members.map(() => ({ uncovered: 0n, scenario: '' }));
  let best = { scenario: '', members: [] as string[], exposureMinor: 0n };
  for (const scenario of scenarios) {
    const uncovered = members.map(() => 0n);
    for (const e of exposures) {
      const beyond = stressLossMinor(e.lines, scenario) - e.initialMarginMinor;
      if (beyond > 0n) uncovered[index.get(e.member) as number] = (uncovered[index.get(e.member) as number] as bigint) + beyond;
    }
    uncovered.forEach((u, i) => {
      const w = worst[i] as { uncovered: bigint; scenario: string };
      if (u > w.uncovered) worst[i] = { uncovered: u, scenario: scenario.name };
    });
    const ranked = uncovered
      .map((u, i) => ({ u, m: members[i] as string }))
      .sort((a, b) => (a.u > b.u ? -1 : a.u < b.u ? 1 : a.m < b.m ? -1 : 1));
    const top = ranked.slice(0, 2);
    const sum = top.reduce((s, x) => s + x.u, 0n);
    if (sum > best.exposureMinor || best.scenario === '')
      best = { scenario: scenario.name, members: top.map((x) => x.m), exposureMinor: sum };
  }
  const shares = margin.some((m) => m > 0n) ? allocateProRata(best.exposureMinor, margin) : margin.map(() => 0n);
  return {
    scenarios: scenarios.map((s) => s.name),
    members: members.map((member, i) => ({
      member,
      initialMarginMinor: margin[i] as bigint,
      uncoveredMinor: (worst[i] as { uncovered: bigint }).uncovered,
      worstScenario: (worst[i] as { scenario: string }).scenario,
      contributionMinor: shares[i] as bigint,
    })),
    coverTwo: best,
    defaultFundMinor: best.exposureMinor,
  };
}
