/**
 * The engine context: composes the core contexts into one deterministic state machine.
 */
export { Engine, stateHashOf } from './engine.ts';
export type { EngineCommand, EngineEvent, EngineSnapshot } from './engine.ts';
