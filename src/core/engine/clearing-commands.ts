/**
 * The clearing house's commands as the engine journals and applies them (ADR 0010).
 *
 * Money crosses the journal as decimal strings of minor units (the journal codec refuses
 * bigint); every field is checked here before the clearing house sees it, because the
 * house's set-up methods assert on bad input and a journaled command must never crash
 * the engine. A rejection names the field; nothing changes.
 */
import { limits, minor, rejectCode, type RejectName } from '../kernel/index.ts';
import {
  ClearingHouse,
  settlementCycles,
  validateMarginParams,
  type ClearingEvent,
  type ClearingResult,
  type MarginParams,
  type SettlementCycle,
} from '../clearing/index.ts';

export interface SetUpClearing {
  readonly type: 'SetUpClearing';
  readonly currencies: readonly string[];
  readonly marginCallWindowMs: number;
  readonly skinInTheGameMinor: string;
  readonly assessmentMultiple: number;
}

export interface AddClearingProduct {
  readonly type: 'AddClearingProduct';
  readonly root: string;
  readonly currency: string;
  readonly tickValueMinor: string;
  readonly makerFeePerLotMinor: string;
  readonly takerFeePerLotMinor: string;
  readonly margin: MarginParams;
}

export interface RegisterClearedInstrument {
  readonly type: 'RegisterClearedInstrument';
  readonly symbol: string;
  readonly root: string;
  readonly referencePriceTicks: number;
}

export interface AddClearingMember {
  readonly type: 'AddClearingMember';
  readonly member: string;
}

export interface OpenClearingAccount {
  readonly type: 'OpenClearingAccount';
  readonly account: string;
  readonly member: string;
  readonly kind: 'house' | 'customer';
}

/** Collateral in or out of an account, into a member's default fund, or the clearing house's own capital. */
export interface MoveCollateral {
  readonly type: 'MoveCollateral';
  readonly movement: 'deposit' | 'withdrawal' | 'default_fund' | 'own_capital';
  /** The account (deposit, withdrawal) or the member (default_fund); absent for own_capital. */
  readonly party?: string;
  readonly currency: string;
  readonly amountMinor: string;
}

export interface RunSettlement {
  readonly type: 'RunSettlement';
  readonly date: string;
  readonly cycle: SettlementCycle;
  /** Settlement price per cleared symbol, in ticks. */
  readonly prices: readonly (readonly [symbol: string, priceTicks: number])[];
}

export interface EnforceMarginCalls {
  readonly type: 'EnforceMarginCalls';
}

/** Closes an account's positions through the market (a retry after a partial close-out, or an operator's risk action). */
export interface CloseOutPositions {
  readonly type: 'CloseOutPositions';
  readonly account: string;
}

export interface RunDefaultWaterfall {
  readonly type: 'RunDefaultWaterfall';
  readonly account: string;
}

export interface FinalSettle {
  readonly type: 'FinalSettle';
  readonly symbol: string;
  readonly date: string;
  readonly priceTicks: number;
}

export type ClearingCommand =
  | SetUpClearing
  | AddClearingProduct
  | RegisterClearedInstrument
  | AddClearingMember
  | OpenClearingAccount
  | MoveCollateral
  | RunSettlement
  | EnforceMarginCalls
  | CloseOutPositions
  | RunDefaultWaterfall
  | FinalSettle;

export const clearingCommandTypes: readonly ClearingCommand['type'][] = [
  'SetUpClearing',
  'AddClearingProduct',
  'RegisterClearedInstrument',
  'AddClearingMember',
  'OpenClearingAccount',
  'MoveCollateral',
  'RunSettlement',
  'EnforceMarginCalls',
  'CloseOutPositions',
  'RunDefaultWaterfall',
  'FinalSettle',
];

/** A clearing command refused: by the engine's checks or by the clearing house. */
export interface ClearingCommandRejected {
  readonly type: 'ClearingCommandRejected';
  readonly command: ClearingCommand['type'];
  readonly code: number;
  readonly name: string;
  readonly reason: string;
}

export type ClearingOutcome = readonly (ClearingEvent | ClearingCommandRejected)[];

const amountPattern = /^(0|[1-9][0-9]*)$/;
const datePattern = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const namePattern = /^[!-~]{1,64}$/;

function refuse(command: ClearingCommand, name: RejectName, reason: string): ClearingOutcome {
  return [{ type: 'ClearingCommandRejected', command: command.type, code: rejectCode(name), name, reason }];
}

function outcome(command: ClearingCommand, result: ClearingResult): ClearingOutcome {
  if (result.ok) return result.events;
  return [{ type: 'ClearingCommandRejected', command: command.type, code: result.code, name: result.name, reason: result.reason }];
}

/** A non-negative whole amount of minor units, or null. */
function amountOf(text: unknown): bigint | null {
  return typeof text === 'string' && text.length <= limits.decimalDigitsMax && amountPattern.test(text) ? BigInt(text) : null;
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && namePattern.test(value);
}

function isPositiveTicks(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= limits.priceTicksAbsMax;
}

function isCurrencyList(value: unknown): value is readonly string[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.length <= 16 &&
    value.every((c: unknown) => typeof c === 'string' && /^[A-Z]{3}$/.test(c))
  );
}

/** Creates the clearing house, or says why not. */
export function setUpClearing(existing: ClearingHouse | null, command: SetUpClearing): ClearingHouse | ClearingOutcome {
  if (existing !== null) return refuse(command, 'field_invalid', 'type: clearing is already set up');
  const currencies: unknown = command.currencies;
  if (!isCurrencyList(currencies)) return refuse(command, 'field_invalid', 'currencies: 1 to 16 three-letter codes');
  if (new Set(currencies).size !== currencies.length) return refuse(command, 'field_invalid', 'currencies: listed twice');
  if (!Number.isSafeInteger(command.marginCallWindowMs) || command.marginCallWindowMs <= 0) {
    return refuse(command, 'field_invalid', 'marginCallWindowMs: a positive whole number of milliseconds');
  }
  const skin = amountOf(command.skinInTheGameMinor);
  if (skin === null) return refuse(command, 'field_invalid', 'skinInTheGameMinor: a whole number of minor units as a string');
  if (!Number.isSafeInteger(command.assessmentMultiple) || command.assessmentMultiple < 0 || command.assessmentMultiple > 100) {
    return refuse(command, 'field_invalid', 'assessmentMultiple: a whole number from 0 to 100');
  }
  return new ClearingHouse({
    currencies: [...currencies],
    marginCallWindowMs: command.marginCallWindowMs,
    skinInTheGameMinor: minor(skin),
    assessmentMultiple: command.assessmentMultiple,
  });
}

/** Applies a clearing command other than SetUpClearing to the house. */
export function applyClearingCommand(house: ClearingHouse, command: ClearingCommand, tsMs: number): ClearingOutcome {
  switch (command.type) {
    case 'SetUpClearing':
      return refuse(command, 'field_invalid', 'type: clearing is already set up');
    case 'AddClearingProduct':
      return addProduct(house, command);
    case 'RegisterClearedInstrument': {
      if (!isName(command.symbol)) return refuse(command, 'field_invalid', 'symbol: 1 to 64 printable characters');
      if (house.hasInstrument(command.symbol)) return refuse(command, 'instrument_exists', `symbol: ${command.symbol} is already cleared`);
      if (!house.hasProduct(command.root)) return refuse(command, 'field_invalid', `root: no cleared product ${String(command.root)}`);
      if (!isPositiveTicks(command.referencePriceTicks))
        return refuse(command, 'price_out_of_range', 'referencePriceTicks: a positive tick count');
      house.registerInstrument(command.symbol, command.root, command.referencePriceTicks);
      return [];
    }
    case 'AddClearingMember':
      if (!isName(command.member)) return refuse(command, 'field_invalid', 'member: 1 to 64 printable characters');
      return outcome(command, house.addMember(command.member));
    case 'OpenClearingAccount':
      if (!isName(command.account)) return refuse(command, 'account_invalid', 'account: 1 to 64 printable characters');
      if (command.kind !== 'house' && command.kind !== 'customer') return refuse(command, 'field_invalid', 'kind: house or customer');
      return outcome(command, house.openAccount(command.account, command.member, command.kind));
    case 'MoveCollateral':
      return moveCollateral(house, command, tsMs);
    case 'RunSettlement': {
      if (typeof command.date !== 'string' || !datePattern.test(command.date)) return refuse(command, 'field_invalid', 'date: YYYY-MM-DD');
      if (!(settlementCycles as readonly string[]).includes(command.cycle)) {
        return refuse(command, 'field_invalid', `cycle: one of ${settlementCycles.join(', ')}`);
      }
      if (!Array.isArray(command.prices) || command.prices.some((p) => !Array.isArray(p) || !isName(p[0]) || !isPositiveTicks(p[1]))) {
        return refuse(command, 'field_invalid', 'prices: [symbol, positive ticks] pairs');
      }
      return outcome(command, house.runSettlement(command.date, command.cycle, new Map(command.prices), tsMs));
    }
    case 'EnforceMarginCalls':
      return outcome(command, house.enforceMarginCalls(tsMs));
    case 'CloseOutPositions':
      return outcome(command, house.closeOutRequests(command.account));
    case 'RunDefaultWaterfall':
      if (!house.hasAccount(command.account))
        return refuse(command, 'clearing_account_unknown', `account: ${String(command.account)} is unknown`);
      return outcome(command, house.runDefaultWaterfall(command.account));
    case 'FinalSettle':
      if (!house.hasInstrument(command.symbol))
        return refuse(command, 'instrument_not_cleared', `symbol: ${String(command.symbol)} is not cleared`);
      if (typeof command.date !== 'string' || !datePattern.test(command.date)) return refuse(command, 'field_invalid', 'date: YYYY-MM-DD');
      if (!isPositiveTicks(command.priceTicks)) return refuse(command, 'price_out_of_range', 'priceTicks: a positive tick count');
      return outcome(command, house.finalSettle(command.symbol, command.date, command.priceTicks));
  }
}

function addProduct(house: ClearingHouse, command: AddClearingProduct): ClearingOutcome {
  if (typeof command.root !== 'string' || !/^[A-Z0-9]{1,8}$/.test(command.root))
    return refuse(command, 'field_invalid', 'root: 1 to 8 of A-Z 0-9');
  if (house.hasProduct(command.root)) return refuse(command, 'field_invalid', `root: ${command.root} is already cleared`);
  if (!house.acceptsCurrency(command.currency))
    return refuse(command, 'currency_unknown', `currency: ${String(command.currency)} is not accepted`);
  const tickValue = amountOf(command.tickValueMinor);
  if (tickValue === null || tickValue === 0n)
    return refuse(command, 'field_invalid', 'tickValueMinor: a positive whole number as a string');
  const makerFee = amountOf(command.makerFeePerLotMinor);
  const takerFee = amountOf(command.takerFeePerLotMinor);
  if (makerFee === null) return refuse(command, 'field_invalid', 'makerFeePerLotMinor: a whole number as a string');
  if (takerFee === null) return refuse(command, 'field_invalid', 'takerFeePerLotMinor: a whole number as a string');
  const problem = typeof command.margin === 'object' && command.margin !== null ? validateMarginParams(command.margin) : 'missing';
  if (problem !== null) return refuse(command, 'field_invalid', `margin: ${problem}`);
  house.addProduct({
    root: command.root,
    currency: command.currency,
    tickValueMinor: minor(tickValue),
    makerFeePerLotMinor: minor(makerFee),
    takerFeePerLotMinor: minor(takerFee),
    margin: command.margin,
  });
  return [];
}

function moveCollateral(house: ClearingHouse, command: MoveCollateral, tsMs: number): ClearingOutcome {
  const amount = amountOf(command.amountMinor);
  if (amount === null) return refuse(command, 'field_invalid', 'amountMinor: a whole number of minor units as a string');
  const party = command.party ?? '';
  switch (command.movement) {
    case 'deposit':
      return outcome(command, house.deposit(party, command.currency, amount, tsMs));
    case 'withdrawal':
      return outcome(command, house.withdraw(party, command.currency, amount));
    case 'default_fund':
      return outcome(command, house.contributeDefaultFund(party, command.currency, amount));
    case 'own_capital':
      return outcome(command, house.fundOwnCapital(command.currency, amount));
    default:
      return refuse(command, 'field_invalid', 'movement: deposit, withdrawal, default_fund or own_capital');
  }
}
