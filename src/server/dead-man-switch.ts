/**
 * The dead-man's switch (cancel-all-after): a timer per account that cancels all of
 * the account's working orders (a journaled `MassCancel {account}`) unless the client
 * arms it again in time. `arm(account, 0)` disarms.
 *
 * Known limits: the timers live in the process; after a restart every switch is
 * disarmed until the client arms it again (clients re-arm every few seconds anyway).
 * A failed mass cancel (the sequencer stopped) is logged; the restart then recovers.
 * At most one timer per account; `close()` clears them all.
 */
import type { EngineCommand } from '../core/engine/index.ts';
import type { Clock } from './clock.ts';

export interface DeadManSwitchDeps {
  readonly submit: (command: EngineCommand) => Promise<unknown>;
  readonly clock: Clock;
  readonly log?: (line: string) => void;
}

export class DeadManSwitch {
  private readonly deps: DeadManSwitchDeps;
  private readonly timers = new Map<string, { readonly timer: NodeJS.Timeout; readonly triggerAtMs: number }>();

  constructor(deps: DeadManSwitchDeps) {
    this.deps = deps;
  }

  /** Arms (or re-arms) the account's switch to fire in `timeoutMs`; 0 disarms. Returns the trigger time or null. */
  arm(account: string, timeoutMs: number): number | null {
    this.disarm(account);
    if (timeoutMs <= 0) return null;
    const triggerAtMs = this.deps.clock.nowMs() + timeoutMs;
    const timer = setTimeout(() => this.fire(account), timeoutMs);
    timer.unref();
    this.timers.set(account, { timer, triggerAtMs });
    return triggerAtMs;
  }

  disarm(account: string): void {
    const armed = this.timers.get(account);
    if (armed === undefined) return;
    clearTimeout(armed.timer);
    this.timers.delete(account);
  }

  triggerAtMs(account: string): number | null {
    return this.timers.get(account)?.triggerAtMs ?? null;
  }

  close(): void {
    for (const account of [...this.timers.keys()]) this.disarm(account);
  }

  private fire(account: string): void {
    this.timers.delete(account);
    this.deps.submit({ type: 'MassCancel', account }).catch((error: unknown) => {
      this.deps.log?.(`cancel-all-after of ${account} failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}
