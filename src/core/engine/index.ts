/**
 * The engine context: composes the core contexts into one deterministic state machine.
 */
export { Engine, stateHashOf } from './engine.ts';
export type { EngineCommand, EngineEvent, EngineSnapshot, TradeNotCleared } from './engine.ts';
export { clearingCommandTypes } from './clearing-commands.ts';
export type * from './clearing-commands.ts';
export { contractCommandTypes } from './contract-rules.ts';
export type * from './contract-rules.ts';
export type { AuctionOutcome } from './session-commands.ts';
