export * from './order.ts';
export type { InstrumentSpec } from './instrument.ts';
export type * from './commands.ts';
export type * from './events.ts';
