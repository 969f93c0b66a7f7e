/**
 * Turns the event tape of one command into immutable event objects.
 *
 * This is the only reader of the tape's column conventions besides the writers in
 * event-tape.ts; market data and the engine layer use it, the benchmark reads the
 * columns directly.
 */
import { assert, type Lots, type Ticks } from '../kernel/index.ts';
import type { MatchingCommand, MatchingEvent, SubmitOrder } from '../model/index.ts';
import { cancelReasons, sides } from '../model/index.ts';
import { replacedFlag, tapeKind, type EventTape } from './event-tape.ts';

export interface TapeNames {
  readonly symbols: readonly string[];
  readonly accounts: readonly string[];
}

export function decodeTape(tape: EventTape, names: TapeNames): MatchingEvent[] {
  const events: MatchingEvent[] = [];
  for (let i = 0; i < tape.count; i++) events.push(decodeRecord(tape, i, names));
  return events;
}

// No closures here: this runs for every event the live engine emits, and tsx (keepNames)
// wraps every closure it creates in a __name call.
function decodeRecord(tape: EventTape, i: number, names: TapeNames): MatchingEvent {
  const instrument = tape.instrument[i]!;
  const symbol = names.symbols[instrument] ?? '';
  const accounts = names.accounts;
  switch (tape.kind[i]) {
    case tapeKind.instrumentListed:
      return { type: 'InstrumentListed', symbol };
    case tapeKind.orderAccepted:
      return accepted(tape.command[i] as SubmitOrder, tape.orderId[i]!);
    case tapeKind.orderRejected:
      return rejected(tape, i, instrument >= 0 ? symbol : null);
    case tapeKind.orderFilled:
      return {
        type: 'OrderFilled',
        symbol,
        tradeId: tape.tradeId[i]!,
        priceTicks: tape.price[i]! as Ticks,
        qtyLots: tape.qty[i]! as Lots,
        aggressorSide: sides[tape.code[i]!]!,
        makerOrderId: tape.orderId[i]!,
        makerAccount: accounts[tape.account[i]!] ?? '',
        makerClientOrderId: tape.text[i]!,
        makerLeavesQtyLots: tape.leaves[i]! as Lots,
        takerOrderId: tape.orderId2[i]!,
        takerAccount: accounts[tape.account2[i]!] ?? '',
        takerClientOrderId: tape.text2[i]!,
        takerLeavesQtyLots: tape.leaves2[i]! as Lots,
      };
    case tapeKind.orderCancelled:
      return {
        type: 'OrderCancelled',
        symbol,
        orderId: tape.orderId[i]!,
        account: accounts[tape.account[i]!] ?? '',
        clientOrderId: tape.text[i]!,
        qtyLots: tape.qty[i]! as Lots,
        reason: cancelReasons[tape.code[i]!]!,
      };
    case tapeKind.orderExpired:
      return {
        type: 'OrderExpired',
        symbol,
        orderId: tape.orderId[i]!,
        account: accounts[tape.account[i]!] ?? '',
        clientOrderId: tape.text[i]!,
        qtyLots: tape.qty[i]! as Lots,
      };
    case tapeKind.stopTriggered:
      return {
        type: 'StopTriggered',
        symbol,
        orderId: tape.orderId[i]!,
        account: accounts[tape.account[i]!] ?? '',
        clientOrderId: tape.text[i]!,
        lastTradePriceTicks: tape.price[i]! as Ticks,
      };
    case tapeKind.orderReplaced: {
      const flags = tape.code[i]!;
      return {
        type: 'OrderReplaced',
        symbol,
        orderId: tape.orderId[i]!,
        account: accounts[tape.account[i]!] ?? '',
        clientOrderId: tape.text[i]!,
        previousClientOrderId: tape.text2[i]!,
        priceTicks: (flags & replacedFlag.hasPrice) !== 0 ? (tape.price[i]! as Ticks) : null,
        stopPriceTicks: (flags & replacedFlag.hasStopPrice) !== 0 ? (tape.leaves2[i]! as Ticks) : null,
        qtyLots: tape.qty[i]! as Lots,
        leavesQtyLots: tape.leaves[i]! as Lots,
        priorityKept: (flags & replacedFlag.priorityKept) !== 0,
      };
    }
    case tapeKind.bookLevelChanged:
      return {
        type: 'BookLevelChanged',
        symbol,
        side: sides[tape.code[i]!]!,
        priceTicks: tape.price[i]! as Ticks,
        qtyLots: tape.qty[i]! as Lots,
      };
    default:
      assert(false, `unknown tape kind ${String(tape.kind[i])} at ${i}`);
  }
}

function accepted(cmd: SubmitOrder, orderId: number): MatchingEvent {
  return {
    type: 'OrderAccepted',
    symbol: cmd.symbol,
    orderId,
    account: cmd.account,
    clientOrderId: cmd.clientOrderId,
    side: cmd.side,
    orderType: cmd.orderType,
    tif: cmd.tif,
    qtyLots: cmd.qtyLots,
    priceTicks: cmd.priceTicks ?? null,
    stopPriceTicks: cmd.stopPriceTicks ?? null,
    displayQtyLots: cmd.displayQtyLots ?? null,
    minQtyLots: cmd.minQtyLots ?? null,
    expiryMs: cmd.expiryMs ?? null,
    postOnly: cmd.postOnly ?? false,
    stpMode: cmd.stpMode ?? 'none',
    stpGroup: cmd.stpGroup ?? 0,
  };
}

function rejected(tape: EventTape, i: number, symbol: string | null): MatchingEvent {
  const cmd = tape.command[i]!;
  const rejection = tape.rejection[i]!;
  const orderId = field(cmd, 'orderId');
  return {
    type: 'OrderRejected',
    command: cmd.type,
    symbol: symbol ?? text(field(cmd, 'symbol')),
    account: text(field(cmd, 'account')),
    clientOrderId: text(field(cmd, 'clientOrderId')),
    orderId: typeof orderId === 'number' ? orderId : null,
    code: rejection.code,
    name: rejection.name,
    reason: rejection.reason,
  };
}

/** A field of a command of any type (a rejected command may lack it or hold a value of another kind). */
function field(cmd: MatchingCommand, key: string): unknown {
  return key in cmd ? (cmd as unknown as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
