/** Public surface of the model: the shared vocabulary of commands, events, orders and instruments. Imports only kernel. */
export * from './order.ts';
export type { InstrumentSpec } from './instrument.ts';
export type * from './commands.ts';
export type * from './events.ts';
