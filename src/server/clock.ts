/**
 * Time enters the exchange here and only here: the sequencer stamps each command with
 * `nowMs()`; the core never reads a clock. Tests and simulations pass their own.
 */
export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };
