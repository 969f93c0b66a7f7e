/**
 * The live demo market behind `npm start` (`tokex serve --demo`): on an exchange that
 * runs the clearing house with the shipped products listed, it sets up the demo's
 * accounts and the demo user's key, and runs simulated market makers and noise traders
 * on each product's front month, paced by the wall clock, through the sequencer like
 * any user. The session clock opens and closes the markets under `demoSessionPolicy`.
 *
 * Order: `prepare` (before the HTTP server listens) sets up accounts, collateral and the
 * key, idempotently, so a restart on the same database adds nothing; `start` (once it
 * listens) starts the agents; `stop` stops them and leaves the exchange to its owner.
 * Every change to the market is a journaled command; the wall-clock pacing, the
 * fair-value wander and the run tag of the agents' client order ids live here, outside
 * the core.
 *
 * Known limits: an agent starts each run flat in its own books (a market maker's skew
 * ignores the position it carried before the restart; clearing still counts it); the
 * agents stay on the front months chosen at start until the next restart. Memory stays
 * flat however long it runs: the read model keeps working orders and a window of
 * finished ones per account (about 35 commands a second with the defaults).
 */
import type { ProductSpec } from '../../core/contracts/index.ts';
import { Prng } from '../../core/kernel/prng.ts';
import type { CreatedApiKey, KeyStore } from '../auth/key-store.ts';
import type { Clock } from '../clock.ts';
import type { Exchange } from '../exchange.ts';
import { civilDateUtc } from '../listing-roll.ts';
import { AgentRunner } from './agent-runner.ts';
import { frontMonths, planAgents, type AgentPlan, type DemoContract } from './demo-agents.ts';
import { demoApiKey } from './demo-key.ts';
import { setUpDemoAccounts, type DemoAccount } from './demo-setup.ts';
import { FairValues } from './fair-value.ts';
import { LiveAgentApi } from './live-agent-api.ts';
import { demoSessionPolicy, isDemoTrading } from './session-policy.ts';

export interface DemoOptions {
  /** Milliseconds between two turns of one agent (jittered; default 200). */
  readonly paceMs?: number;
  readonly marketMakersPerContract?: number;
  readonly noiseTradersPerContract?: number;
  /** Seed of the agents' and the fair values' Prng. */
  readonly seed?: number;
}

export const demoDefaults = {
  paceMs: 200,
  marketMakersPerContract: 2,
  noiseTradersPerContract: 3,
  seed: 8,
  member: 'demo-member',
  userAccount: 'demo',
  /** 1,000,000.00 in the contracts' currency (minor units, 2 digits). */
  userCollateralMinor: 100_000_000n,
  /** 10,000,000.00 per agent. */
  agentCollateralMinor: 1_000_000_000n,
} as const;

export interface DemoDeps {
  readonly exchange: Exchange;
  readonly keys: KeyStore;
  readonly products: readonly ProductSpec[];
  /** The exchange database (its key store lives beside it). */
  readonly dbPath: string;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  readonly options?: DemoOptions;
}

export class DemoMarket {
  readonly credentials: CreatedApiKey;
  readonly contracts: readonly DemoContract[];
  private readonly deps: DemoDeps;
  private readonly plans: readonly AgentPlan[];
  private runner: AgentRunner | null = null;

  private constructor(deps: DemoDeps, credentials: CreatedApiKey, contracts: readonly DemoContract[], plans: readonly AgentPlan[]) {
    this.deps = deps;
    this.credentials = credentials;
    this.contracts = contracts;
    this.plans = plans;
  }

  /** Sets up the demo's accounts and the demo user's key (only what is missing). */
  static async prepare(deps: DemoDeps): Promise<DemoMarket> {
    const { exchange, clock, log } = deps;
    const contracts = frontMonths(exchange, deps.products, civilDateUtc(clock.nowMs()));
    const plans = planAgents(contracts, {
      marketMakers: deps.options?.marketMakersPerContract ?? demoDefaults.marketMakersPerContract,
      noiseTraders: deps.options?.noiseTradersPerContract ?? demoDefaults.noiseTradersPerContract,
    });
    const currencies = [...new Set(contracts.map((contract) => contract.currency))];
    const accounts: DemoAccount[] = [
      ...(currencies.length === 0 ? ['USD'] : currencies).map((currency) => ({
        account: demoDefaults.userAccount,
        currency,
        collateralMinor: demoDefaults.userCollateralMinor,
      })),
      ...plans.map((plan) => ({
        account: plan.account,
        currency: plan.contract.currency,
        collateralMinor: demoDefaults.agentCollateralMinor,
      })),
    ];
    const sent = await setUpDemoAccounts(exchange, demoDefaults.member, accounts);
    log(
      sent === 0
        ? `demo: accounts found in the journal (${accounts.length} under ${demoDefaults.member}), nothing to set up`
        : `demo: set up ${demoDefaults.member} and ${accounts.length} accounts with collateral (${sent} commands)`,
    );
    const key = demoApiKey(deps.keys, deps.dbPath, demoDefaults.userAccount);
    if (key.created) log(`demo: created the API key of ${demoDefaults.userAccount}`);
    return new DemoMarket(deps, key.credentials, contracts, plans);
  }

  get symbols(): string[] {
    return this.contracts.map((contract) => contract.symbol);
  }

  /** Starts the agents (they act once the session clock has opened their contract). */
  async start(): Promise<void> {
    const { exchange, clock, log, options } = this.deps;
    const seed = options?.seed ?? demoDefaults.seed;
    const paceMs = options?.paceMs ?? demoDefaults.paceMs;
    const nowMs = clock.nowMs();
    const fairValues = new FairValues({ seed });
    for (const contract of this.contracts) fairValues.add(contract.symbol, contract.referenceTicks, nowMs);
    const agentsPrng = new Prng(seed ^ 0x5eed);
    const runTag = nowMs.toString(36);
    const slots = this.plans.map((plan) => ({
      agent: plan.make(new Prng(agentsPrng.nextU32())),
      api: new LiveAgentApi(plan.account, plan.contract.symbol, runTag, plan.limits),
      symbol: plan.contract.symbol,
    }));
    const isTrading = (symbol: string): boolean => isDemoTrading(exchange, symbol);
    this.runner = new AgentRunner({ exchange, clock, isTrading, fairValues, slots, paceMs, seed, log });
    await this.runner.start();
    log(
      `demo market: ${slots.length} agents on ${this.symbols.join(', ') || 'no contract'} ` +
        `(a turn every ${paceMs} ms each), sessions ${demoSessionPolicy}`,
    );
  }

  /** Stops the agents; the exchange stays open for its owner to close. */
  async stop(): Promise<void> {
    await this.runner?.stop();
    this.runner = null;
  }
}
