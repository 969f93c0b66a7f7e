/**
 * Runs simulated agents (src/sim) on the live exchange, paced by the wall clock.
 *
 * Each agent gets a timer: every `paceMs` (jittered by +-25 %, the first turn staggered)
 * it takes a turn if its contract is open (`isTrading`, the session policy's answer): it
 * sees the public book (top `viewDepth` levels), the last trade, the fair value around
 * the benchmark and
 * the engine's events for its account since its previous turn, and acts through its
 * `LiveAgentApi`. The turn's commands then go through the exchange's sequencer, like a
 * user's orders (journaled, applied, published), and the next turn is scheduled only
 * after they are applied, so an agent never has more than one turn in flight and a slow
 * journal slows the agents rather than queueing without bound.
 *
 * Events reach the agents through the exchange's subscription: every event that names
 * an agent's account (an order's account, a fill's maker or taker) is put in that
 * agent's inbox (at most `inboxEventsMax`; the oldest are dropped). Rejections are
 * counted by reason and logged at most every `rejectionLogMs`. An agent that throws is
 * logged and keeps its timer; a stopped sequencer stops every agent.
 *
 * At start every agent account's working orders left from a previous run are cancelled
 * (MassCancel, journaled), since the agents start with no memory of them.
 */
import type { EngineCommand, EngineEvent } from '../../core/engine/index.ts';
import { Prng } from '../../core/kernel/prng.ts';
import type { Agent, MarketView } from '../../sim/agent.ts';
import type { Clock } from '../clock.ts';
import type { Exchange } from '../exchange.ts';
import type { Applied } from '../sequencer.ts';
import type { FairValues } from './fair-value.ts';
import type { LiveAgentApi } from './live-agent-api.ts';

export interface AgentSlot {
  readonly agent: Agent;
  readonly api: LiveAgentApi;
  readonly symbol: string;
}

export interface AgentRunnerDeps {
  readonly exchange: Exchange;
  readonly clock: Clock;
  /** Whether agents may send orders to the contract now (the session policy's answer). */
  readonly isTrading: (symbol: string) => boolean;
  readonly fairValues: FairValues;
  readonly slots: readonly AgentSlot[];
  readonly paceMs: number;
  readonly seed: number;
  readonly log: (line: string) => void;
}

export const agentRunnerLimits = { viewDepth: 5, inboxEventsMax: 10_000, rejectionLogMs: 30_000 } as const;

interface SlotState {
  readonly slot: AgentSlot;
  inbox: EngineEvent[];
  timer: NodeJS.Timeout | null;
  turns: number;
}

export class AgentRunner {
  private readonly deps: AgentRunnerDeps;
  private readonly prng: Prng;
  private readonly states: SlotState[];
  private readonly byAccount = new Map<string, SlotState>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly rejections = new Map<string, number>();
  private unsubscribe: (() => void) | null = null;
  private lastRejectionLogMs = 0;
  private stopped = false;

  constructor(deps: AgentRunnerDeps) {
    this.deps = deps;
    this.prng = new Prng(deps.seed);
    this.states = deps.slots.map((slot) => ({ slot, inbox: [], timer: null, turns: 0 }));
    for (const state of this.states) this.byAccount.set(state.slot.api.account, state);
  }

  /** Cancels leftovers of a previous run, subscribes to the events and starts the timers. */
  async start(): Promise<void> {
    await this.cancelLeftovers();
    this.unsubscribe = this.deps.exchange.subscribe((batch) => this.route(batch));
    this.lastRejectionLogMs = this.deps.clock.nowMs();
    for (const state of this.states) this.schedule(state, Math.floor(this.prng.nextFloat() * this.deps.paceMs));
  }

  /** Stops the timers and waits for the turns in flight; the agents' orders stay in the book. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const state of this.states) if (state.timer !== null) clearTimeout(state.timer);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Turns taken so far, all agents together. */
  get turns(): number {
    return this.states.reduce((sum, state) => sum + state.turns, 0);
  }

  private async cancelLeftovers(): Promise<void> {
    const { exchange } = this.deps;
    const leftover = new Set<string>();
    for (const units of exchange.instruments()) {
      for (const order of exchange.engine.books.workingOrders(units.spec.symbol)) {
        if (this.byAccount.has(order.account)) leftover.add(order.account);
      }
    }
    for (const account of leftover) await exchange.submit({ type: 'MassCancel', account });
  }

  private schedule(state: SlotState, delayMs: number): void {
    if (this.stopped) return;
    state.timer = setTimeout(() => {
      state.timer = null;
      const turn = this.turn(state).finally(() => {
        this.inFlight.delete(turn);
        this.schedule(state, this.jittered());
      });
      this.inFlight.add(turn);
    }, delayMs);
  }

  private jittered(): number {
    return Math.max(1, Math.round(this.deps.paceMs * (0.75 + 0.5 * this.prng.nextFloat())));
  }

  private async turn(state: SlotState): Promise<void> {
    const { exchange, clock, isTrading, fairValues } = this.deps;
    const { agent, api, symbol } = state.slot;
    if (this.stopped || exchange.failed || !isTrading(symbol)) return;
    const nowMs = clock.nowMs();
    const events = api.receive(state.inbox);
    state.inbox = [];
    api.beginTurn(nowMs);
    const view: MarketView = {
      day: 0,
      tick: state.turns,
      ticksPerDay: Number.MAX_SAFE_INTEGER,
      tsMs: nowMs,
      symbol,
      benchmarkTicks: fairValues.valueTicks(symbol, nowMs),
      bids: exchange.engine.books.levels(symbol, 'buy', agentRunnerLimits.viewDepth),
      asks: exchange.engine.books.levels(symbol, 'sell', agentRunnerLimits.viewDepth),
      lastTradeTicks: exchange.engine.books.lastTradePriceTicks(symbol),
      events,
    };
    state.turns += 1;
    try {
      agent.act(view, api);
    } catch (error) {
      this.deps.log(`demo agent ${agent.account} failed its turn: ${error instanceof Error ? error.message : String(error)}`);
    }
    await this.send(api.drain());
  }

  /** Sends a turn's commands in order (one sequencer batch); a stopped sequencer stops the agents. */
  private async send(commands: readonly EngineCommand[]): Promise<void> {
    if (commands.length === 0) return;
    const results = await Promise.allSettled(commands.map((command) => this.deps.exchange.submit(command)));
    const failed = results.find((result) => result.status === 'rejected');
    if (failed !== undefined && !this.stopped) {
      this.stopped = true;
      const reason: unknown = failed.reason;
      this.deps.log(`demo agents stopped: ${reason instanceof Error ? reason.message : String(reason)}`);
    }
  }

  private route(batch: readonly Applied[]): void {
    for (const applied of batch) {
      for (const event of applied.events) {
        if (event.type === 'OrderFilled') {
          this.deliver(event.makerAccount, event);
          if (event.takerAccount !== event.makerAccount) this.deliver(event.takerAccount, event);
        } else if ('account' in event && typeof event.account === 'string') {
          this.deliver(event.account, event);
          if (event.type === 'OrderRejected' && this.byAccount.has(event.account)) this.countRejection(event.name);
        }
      }
    }
    this.logRejections();
  }

  private deliver(account: string, event: EngineEvent): void {
    const state = this.byAccount.get(account);
    if (state === undefined) return;
    state.inbox.push(event);
    if (state.inbox.length > agentRunnerLimits.inboxEventsMax) state.inbox.shift();
  }

  private countRejection(name: string): void {
    this.rejections.set(name, (this.rejections.get(name) ?? 0) + 1);
  }

  private logRejections(): void {
    const nowMs = this.deps.clock.nowMs();
    if (this.rejections.size === 0 || nowMs - this.lastRejectionLogMs < agentRunnerLimits.rejectionLogMs) return;
    const parts = [...this.rejections].map(([name, count]) => `${name} x${count}`);
    this.deps.log(`demo agents: orders refused since ${new Date(this.lastRejectionLogMs).toISOString()}: ${parts.join(', ')}`);
    this.rejections.clear();
    this.lastRejectionLogMs = nowMs;
  }
}
