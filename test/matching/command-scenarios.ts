/**
 * Random matching-command scenarios for property tests (fast-check).
 *
 * A scenario lists one or two instruments and then a sequence of steps over a few
 * accounts: every order type and time in force, icebergs, minimum quantities,
 * post-only, STP modes and groups, cancels and replaces aimed at working orders (read
 * from a model engine) and at unknown ones, mass cancels, expiries with an advancing
 * clock, and some invalid fields. Prices stay within a few ticks of a mid so orders
 * cross often. Shared by the model-based test and the snapshot/replay test.
 */
import fc from 'fast-check';
import type { Lots, Ticks } from '../../src/core/kernel/index.ts';
import type { MatchingPort, WorkingOrderView } from '../../src/core/matching/views.ts';
import {
  stpModes,
  type ExpiryScope,
  type InstrumentSpec,
  type MatchingCommand,
  type OrderType,
  type Side,
  type StpMode,
  type SubmitOrder,
  type TimeInForce,
} from '../../src/core/model/index.ts';

export const SYMBOLS = ['TOKZ26', 'GPUH27'] as const;
export const MID = 100;
export const START_MS = 1_700_000_000_000;

export function spec(symbol: string): InstrumentSpec {
  return {
    symbol,
    tickSize: '0.01',
    lotSize: '1',
    // Narrow on purpose: market and stop protection prices get clamped at the edges.
    priceTicksMin: (MID - 6) as Ticks,
    priceTicksMax: (MID + 6) as Ticks,
    orderQtyLotsMax: 20 as Lots,
    marketProtectionTicks: 2 as Ticks,
  };
}

// ---------------------------------------------------------------------------------------
// Generators. A scenario is plain data (what fast-check prints and shrinks); each step
// becomes a command only when it runs, so cancels and replaces can aim at orders that
// are working at that moment (read from the reference book, which is the model).

/** `arb` with probability `percent`%, null otherwise. */
export function sometimes<T>(arb: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: 100 - percent, arbitrary: fc.constant(null) }, { weight: percent, arbitrary: arb });
}

/** Index into the listed instruments (taken modulo their count), or -1 for an unknown symbol. */
export const symbolArb = fc.oneof({ weight: 30, arbitrary: fc.integer({ min: 0, max: 1 }) }, { weight: 1, arbitrary: fc.constant(-1) });
export const accountArb = fc.oneof({ weight: 40, arbitrary: fc.constantFrom('A', 'B', 'C') }, { weight: 1, arbitrary: fc.constant('') });
export const clientIdArb = fc.oneof(
  { weight: 40, arbitrary: fc.constantFrom('c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7') },
  { weight: 1, arbitrary: fc.constant('bad id') },
);
export const priceArb = fc.integer({ min: MID - 5, max: MID + 5 });
export const sideArb = fc.constantFrom<Side>('buy', 'sell');

export const mutations = [
  'account_empty',
  'client_id_bad',
  'side_bad',
  'type_bad',
  'tif_bad',
  'stp_bad',
  'qty_zero',
  'qty_big',
  'price_out',
  'price_missing',
  'price_extra',
  'stop_missing',
  'stop_extra',
  'ioc_stop',
  'expiry_past',
  'expiry_extra',
  'display_big',
  'display_on_market',
  'min_qty_big',
  'post_only_market',
  'group_bad',
] as const;
export type Mutation = (typeof mutations)[number];

export const submitArb = fc.record({
  kind: fc.constant('submit' as const),
  symbol: symbolArb,
  account: accountArb,
  clientOrderId: clientIdArb,
  side: sideArb,
  orderType: fc.constantFrom<OrderType>('limit', 'limit', 'limit', 'limit', 'limit', 'market', 'stop', 'stop_limit'),
  tif: fc.constantFrom<TimeInForce>('day', 'gtc', 'gtc', 'gtd', 'ioc', 'fok'),
  qty: fc.integer({ min: 1, max: 8 }),
  price: priceArb,
  stopPrice: priceArb,
  expiryOffsetMs: fc.integer({ min: 1, max: 40 }),
  display: sometimes(fc.integer({ min: 1, max: 4 }), 25),
  minQty: sometimes(fc.integer({ min: 1, max: 6 }), 15),
  postOnly: sometimes(fc.boolean(), 20),
  stpMode: sometimes(fc.constantFrom<StpMode>(...stpModes), 50),
  stpGroup: sometimes(fc.integer({ min: 0, max: 2 }), 30),
  mutation: sometimes(fc.constantFrom<Mutation>(...mutations), 8),
});
export type SubmitStep = typeof submitArb extends fc.Arbitrary<infer T> ? T : never;

/** How a cancel or replace names its order: mostly a working one, sometimes random ids. */
export const targetArb = fc.record({
  existing: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  pick: fc.nat({ max: 1000 }),
  foreign: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  by: fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom('orderId', 'clientOrderId') },
    { weight: 1, arbitrary: fc.constantFrom('both', 'neither') },
  ),
  account: accountArb,
  orderId: fc.integer({ min: 1, max: 60 }),
  clientOrderId: clientIdArb,
});
export type Target = typeof targetArb extends fc.Arbitrary<infer T> ? T : never;

/** A change relative to the order's current value, or an absolute value. */
export function changeArb(deltaMax: number, absolute: fc.Arbitrary<number>): fc.Arbitrary<{ delta: number } | { value: number }> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ delta: fc.integer({ min: -deltaMax, max: deltaMax }) }) },
    { weight: 1, arbitrary: fc.record({ value: absolute }) },
  );
}
export type Change = { delta: number } | { value: number };

export const cancelArb = fc.record({ kind: fc.constant('cancel' as const), symbol: symbolArb, target: targetArb });

export const replaceArb = fc.record({
  kind: fc.constant('replace' as const),
  symbol: symbolArb,
  target: targetArb,
  newClientOrderId: sometimes(clientIdArb, 25),
  qty: sometimes(changeArb(3, fc.integer({ min: 0, max: 21 })), 55),
  price: sometimes(changeArb(3, fc.integer({ min: MID - 7, max: MID + 7 })), 50),
  stopPrice: sometimes(changeArb(3, fc.integer({ min: MID - 7, max: MID + 7 })), 20),
});

export const massCancelArb = fc.record({
  kind: fc.constant('massCancel' as const),
  account: sometimes(accountArb, 70),
  symbol: sometimes(symbolArb, 60),
  side: sometimes(fc.oneof({ weight: 30, arbitrary: sideArb }, { weight: 1, arbitrary: fc.constant('both' as string as Side) }), 40),
});

export const expireArb = fc.record({
  kind: fc.constant('expire' as const),
  scope: fc.oneof(
    { weight: 30, arbitrary: fc.constantFrom<ExpiryScope>('day', 'gtd', 'gtd') },
    { weight: 1, arbitrary: fc.constant('week' as string as ExpiryScope) },
  ),
  symbol: sometimes(symbolArb, 50),
});

export const listArb = fc.record({
  kind: fc.constant('list' as const),
  symbol: fc.constantFrom('TOKZ26', 'GPUH27', 'bad symbol'),
});

export const stepArb = fc.record({
  dtMs: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 15 }) }),
  action: fc.oneof(
    { weight: 60, arbitrary: submitArb },
    { weight: 7, arbitrary: cancelArb },
    { weight: 16, arbitrary: replaceArb },
    { weight: 3, arbitrary: massCancelArb },
    { weight: 5, arbitrary: expireArb },
    { weight: 1, arbitrary: listArb },
  ),
});
export type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

export interface Scenario {
  readonly instrumentCount: number;
  readonly steps: readonly Step[];
}

export const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  instrumentCount: fc.integer({ min: 1, max: 2 }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 80, size: 'max' }),
});

export interface TimedCommand {
  readonly tsMs: number;
  readonly command: MatchingCommand;
}

export function symbolOf(index: number, instrumentCount: number): string {
  return index < 0 ? 'NOPE' : (SYMBOLS[index % instrumentCount] ?? 'NOPE');
}

/** Builds a valid-looking order for the descriptor, then applies its mutation (if any). */
export function submitCommand(s: SubmitStep, symbol: string, tsMs: number): SubmitOrder {
  const isStop = s.orderType === 'stop' || s.orderType === 'stop_limit';
  const tif: TimeInForce = isStop && (s.tif === 'ioc' || s.tif === 'fok') ? 'gtc' : s.tif;
  const takesPrice = s.orderType === 'limit' || s.orderType === 'stop_limit';
  const restingTif = tif !== 'ioc' && tif !== 'fok';
  const fields: Record<string, unknown> = {
    type: 'SubmitOrder',
    symbol,
    account: s.account,
    clientOrderId: s.clientOrderId,
    side: s.side,
    orderType: s.orderType,
    qtyLots: s.qty,
    tif,
  };
  if (takesPrice) fields['priceTicks'] = s.price;
  if (isStop) fields['stopPriceTicks'] = s.stopPrice;
  if (tif === 'gtd') fields['expiryMs'] = tsMs + s.expiryOffsetMs;
  if (s.display !== null && takesPrice && restingTif) fields['displayQtyLots'] = Math.min(s.display, s.qty);
  if (s.minQty !== null && !isStop) fields['minQtyLots'] = Math.min(s.minQty, s.qty);
  if (s.postOnly !== null && s.orderType === 'limit' && restingTif) fields['postOnly'] = s.postOnly;
  if (s.stpMode !== null) fields['stpMode'] = s.stpMode;
  if (s.stpGroup !== null) fields['stpGroup'] = s.stpGroup;
  if (s.mutation !== null) mutate(fields, s.mutation, tsMs);
  // Assembled loosely on purpose, so that invalid commands can be produced too.
  return fields as unknown as SubmitOrder;
}

export function mutate(fields: Record<string, unknown>, mutation: Mutation, tsMs: number): void {
  switch (mutation) {
    case 'account_empty':
      fields['account'] = '';
      return;
    case 'client_id_bad':
      fields['clientOrderId'] = 'x'.repeat(65);
      return;
    case 'side_bad':
      fields['side'] = 'hold';
      return;
    case 'type_bad':
      fields['orderType'] = 'iceberg';
      return;
    case 'tif_bad':
      fields['tif'] = 'gfd';
      return;
    case 'stp_bad':
      fields['stpMode'] = 'cancel_oldest';
      return;
    case 'qty_zero':
      fields['qtyLots'] = 0;
      return;
    case 'qty_big':
      fields['qtyLots'] = 21;
      return;
    case 'price_out':
      fields['priceTicks'] = MID + 7;
      return;
    case 'price_missing':
      delete fields['priceTicks'];
      return;
    case 'price_extra':
      fields['priceTicks'] = MID;
      return;
    case 'stop_missing':
      delete fields['stopPriceTicks'];
      return;
    case 'stop_extra':
      fields['stopPriceTicks'] = MID;
      return;
    case 'ioc_stop':
      fields['tif'] = 'ioc';
      delete fields['expiryMs'];
      return;
    case 'expiry_past':
      fields['tif'] = 'gtd';
      fields['expiryMs'] = tsMs;
      return;
    case 'expiry_extra':
      fields['tif'] = 'gtc';
      fields['expiryMs'] = tsMs + 10;
      return;
    case 'display_big':
      fields['displayQtyLots'] = 21;
      return;
    case 'display_on_market':
      fields['orderType'] = 'market';
      fields['displayQtyLots'] = 1;
      return;
    case 'min_qty_big':
      fields['minQtyLots'] = 21;
      return;
    case 'post_only_market':
      fields['orderType'] = 'market';
      fields['postOnly'] = true;
      return;
    case 'group_bad':
      fields['stpGroup'] = -1;
      return;
  }
}

export interface Aim {
  readonly account: string;
  readonly ids: { orderId?: number; clientOrderId?: string };
  readonly order: WorkingOrderView | null;
}

/** Resolves a target against the model's working orders at this moment. */
export function aim(target: Target, symbol: string, model: MatchingPort): Aim {
  const working = model.workingOrders(symbol);
  const order = target.existing && working.length > 0 ? (working[target.pick % working.length] ?? null) : null;
  const orderId = order?.orderId ?? target.orderId;
  const clientOrderId = order?.clientOrderId ?? target.clientOrderId;
  const ownAccount = order?.account ?? target.account;
  const account = target.foreign ? (ownAccount === 'A' ? 'B' : 'A') : ownAccount;
  const ids =
    target.by === 'orderId'
      ? { orderId }
      : target.by === 'clientOrderId'
        ? { clientOrderId }
        : target.by === 'both'
          ? { orderId, clientOrderId }
          : {};
  return { account, ids, order };
}

export function applyChange(change: Change, current: number): number {
  return 'delta' in change ? current + change.delta : change.value;
}

/** The command a step stands for, given the clock and the model's state right now. */
export function materialize(step: Step, instrumentCount: number, tsMs: number, model: MatchingPort): MatchingCommand {
  const a = step.action;
  switch (a.kind) {
    case 'submit':
      return submitCommand(a, symbolOf(a.symbol, instrumentCount), tsMs);
    case 'cancel': {
      const symbol = symbolOf(a.symbol, instrumentCount);
      const { account, ids } = aim(a.target, symbol, model);
      return { type: 'CancelOrder', symbol, account, ...ids };
    }
    case 'replace': {
      const symbol = symbolOf(a.symbol, instrumentCount);
      const { account, ids, order } = aim(a.target, symbol, model);
      return {
        type: 'ReplaceOrder',
        symbol,
        account,
        ...ids,
        ...(a.newClientOrderId !== null ? { newClientOrderId: a.newClientOrderId } : {}),
        ...(a.qty !== null ? { qtyLots: applyChange(a.qty, order?.qtyLots ?? 5) as Lots } : {}),
        ...(a.price !== null ? { priceTicks: applyChange(a.price, order?.priceTicks ?? MID) as Ticks } : {}),
        ...(a.stopPrice !== null ? { stopPriceTicks: applyChange(a.stopPrice, order?.stopPriceTicks ?? MID) as Ticks } : {}),
      };
    }
    case 'massCancel':
      return {
        type: 'MassCancel',
        ...(a.account !== null ? { account: a.account } : {}),
        ...(a.symbol !== null ? { symbol: symbolOf(a.symbol, instrumentCount) } : {}),
        ...(a.side !== null ? { side: a.side } : {}),
      };
    case 'expire':
      return { type: 'ExpireOrders', scope: a.scope, ...(a.symbol !== null ? { symbol: symbolOf(a.symbol, instrumentCount) } : {}) };
    case 'list':
      return { type: 'ListInstrument', spec: spec(a.symbol) };
  }
}

/**
 * Runs a scenario: lists its instruments, then materializes each step against `model`
 * (after all earlier commands were applied to it) and hands the command to `apply`,
 * which must apply it to `model` (and to anything else under test).
 */
export function runScenario(scenario: Scenario, model: MatchingPort, apply: (timed: TimedCommand, index: number) => void): void {
  let index = 0;
  for (const symbol of SYMBOLS.slice(0, scenario.instrumentCount)) {
    apply({ tsMs: START_MS, command: { type: 'ListInstrument', spec: spec(symbol) } }, index);
    index += 1;
  }
  let tsMs = START_MS;
  for (const step of scenario.steps) {
    tsMs += step.dtMs;
    apply({ tsMs, command: materialize(step, scenario.instrumentCount, tsMs, model) }, index);
    index += 1;
  }
}

