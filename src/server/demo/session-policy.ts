/**
 * `demoSessionPolicy`: when the demo market trades. THE place where the instrument
 * lifecycle meets the demo. A demo must be open whenever someone runs it (on a Saturday,
 * at night), whatever the products' real session hours say.
 *
 * The demo sends no lifecycle command itself: the session clock (session-clock.ts) is
 * the one writer of those, and in demo mode `startExchange` runs it with this policy,
 * today `continuous` (pre-open at midnight UTC, open a minute later, close at 23:55,
 * every calendar day, with the intraday and end-of-day settlement cycles). A shorter
 * demo day (a daily cycle every N minutes) is a new policy kind of the session clock,
 * named here.
 *
 * `isDemoTrading` is the agents' side: an agent acts only on a contract that is open,
 * so the agents pause through the close, the opening auction and a halt, and resume
 * when the clock reopens the contract. A contract the engine keeps no lifecycle for
 * counts as open. O(1).
 */
import type { Exchange } from '../exchange.ts';
import type { SessionPolicy } from '../session-clock.ts';

/** The session clock's policy in demo mode. */
export const demoSessionPolicy: SessionPolicy = 'continuous';

/** Whether the demo's agents send orders to `symbol` now. */
export function isDemoTrading(exchange: Exchange, symbol: string): boolean {
  const state = exchange.engine.contractState(symbol);
  return state === null || state.lifecycle.state === 'open';
}
