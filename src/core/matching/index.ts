/**
 * The matching context: order books, the matching procedure and its event tape.
 * Rules: docs/matching.md.
 */
export { MatchingEngine } from './matching-engine.ts';
export { EventTape, tapeKind, replacedFlag } from './event-tape.ts';
export type { TapeKind } from './event-tape.ts';
export { decodeTape } from './decode.ts';
export type { TapeNames } from './decode.ts';
export {
  validateSubmitOrder,
  validateInstrumentSpec,
  checkAccount,
  checkClientOrderId,
  checkQty,
  checkPriceRange,
  rejection,
} from './validate.ts';
export type { Rejection } from './validate.ts';
export type { LevelView, WorkingOrderView, MatchingPort, AuctionPort, AuctionOrderView, AuctionOrdersView } from './views.ts';
export type { MatchingSnapshot, BookSnapshot, OrderSnapshot } from './snapshot.ts';
