/**
 * The double-entry ledger of the clearing house.
 *
 * Ledger accounts are named (e.g. `collateral:ACME-1`, `default_fund:ACME`, `ccp:fee_income`)
 * and numbered in the order they are opened. A journal entry has two or more legs; the legs
 * of each currency sum to exactly zero (asserted before anything is applied, so an entry
 * is all or nothing). Balances are signed so that all balances of a currency sum to zero:
 * an account's balance is what the clearing house owes its holder, and `custody` is the
 * contra account of cash received from outside (its balance is minus the cash held).
 *
 * Invariant: for every currency, the sum of all balances is 0 after every entry
 * (`totals()` recomputes it; the property tests check it after every operation).
 * Limits: `ledgerAccountsMax` accounts, `legsPerEntryMax` legs. O(legs) per entry.
 * `snapshot()` / `Ledger.restore()` carry names, non-zero balances and the entry count;
 * restore checks that the books balance.
 */
import { assert, minor, type Minor } from '../kernel/index.ts';
import type { LedgerSnapshot } from './snapshot.ts';

export const ledgerAccountsMax = 20_000_000;
export const legsPerEntryMax = 64;
export const currenciesMax = 16;

export interface Leg {
  readonly account: number;
  readonly currency: string;
  /** Positive raises what the clearing house owes the account's holder. */
  readonly amountMinor: Minor;
}

export class Ledger {
  private readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly balances = new Map<string, bigint[]>();
  private entries = 0;

  readonly currencies: readonly string[];

  constructor(currencies: readonly string[]) {
    this.currencies = currencies;
    assert(currencies.length >= 1 && currencies.length <= currenciesMax, `1 to ${currenciesMax} currencies`);
    for (const currency of currencies) {
      assert(!this.balances.has(currency), `currency ${currency} listed twice`);
      this.balances.set(currency, []);
    }
  }

  hasCurrency(currency: string): boolean {
    return this.balances.has(currency);
  }

  /** Opens a ledger account with zero balances; the name must be new. */
  open(name: string): number {
    assert(!this.ids.has(name), `ledger account ${name} already open`);
    assert(this.names.length < ledgerAccountsMax, `ledger accounts limit ${ledgerAccountsMax}`);
    const id = this.names.length;
    this.names.push(name);
    this.ids.set(name, id);
    for (const list of this.balances.values()) list.push(0n);
    return id;
  }

  id(name: string): number | undefined {
    return this.ids.get(name);
  }

  nameOf(id: number): string {
    const name = this.names[id];
    assert(name !== undefined, `no ledger account ${id}`);
    return name;
  }

  get accountCount(): number {
    return this.names.length;
  }

  get entryCount(): number {
    return this.entries;
  }

  balance(account: number, currency: string): Minor {
    const list = this.balances.get(currency);
    assert(list !== undefined, `unknown currency ${currency}`);
    const value = list[account];
    assert(value !== undefined, `no ledger account ${account}`);
    return minor(value);
  }

  /** Posts one journal entry: asserts its shape and that each currency's legs sum to zero, then applies every leg. */
  post(legs: readonly Leg[]): void {
    assert(legs.length >= 2 && legs.length <= legsPerEntryMax, `an entry has 2 to ${legsPerEntryMax} legs, got ${legs.length}`);
    const sums = new Map<string, bigint>();
    for (const leg of legs) {
      const list = this.balances.get(leg.currency);
      assert(list !== undefined, `entry leg in unknown currency ${leg.currency}`);
      assert(leg.account >= 0 && leg.account < list.length, `entry leg on unknown account ${leg.account}`);
      assert(leg.amountMinor !== 0n, 'an entry leg moves a non-zero amount');
      sums.set(leg.currency, (sums.get(leg.currency) ?? 0n) + leg.amountMinor);
    }
    for (const [currency, sum] of sums) assert(sum === 0n, `entry legs in ${currency} sum to ${sum}, not 0`);
    for (const leg of legs) {
      const list = this.balances.get(leg.currency) as bigint[];
      list[leg.account] = (list[leg.account] as bigint) + leg.amountMinor;
    }
    this.entries++;
  }

  /** Posts a two-leg entry: `amountMinor` to `to`, its negative to `from` (the hot path of cycles; same checks as `post`). */
  postPair(to: number, from: number, currency: string, amountMinor: bigint): void {
    const list = this.balances.get(currency);
    assert(list !== undefined, `entry leg in unknown currency ${currency}`);
    if (!(to >= 0 && to < list.length && from >= 0 && from < list.length && to !== from)) assert(false, `entry on accounts ${to}, ${from}`);
    assert(amountMinor !== 0n, 'an entry leg moves a non-zero amount');
    list[to] = (list[to] as bigint) + amountMinor;
    list[from] = (list[from] as bigint) - amountMinor;
    this.entries++;
  }

  /** Sum of all balances per currency, recomputed (0 for every currency when the books balance). O(accounts). */
  totals(): ReadonlyMap<string, bigint> {
    const out = new Map<string, bigint>();
    for (const [currency, list] of this.balances)
      out.set(
        currency,
        list.reduce((a, b) => a + b, 0n),
      );
    return out;
  }

  /** Every non-zero balance by account name, sorted by name then currency (for hashing and tests). */
  nonZeroBalances(): { readonly account: string; readonly currency: string; readonly balanceMinor: bigint }[] {
    const out: { account: string; currency: string; balanceMinor: bigint }[] = [];
    for (const [currency, list] of this.balances) {
      list.forEach((value, id) => {
        if (value !== 0n) out.push({ account: this.nameOf(id), currency, balanceMinor: value });
      });
    }
    return out.sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : a.currency < b.currency ? -1 : 1));
  }

  /** Names in id order, non-zero balances by account id then currency order, the entry count (canonical). */
  snapshot(): LedgerSnapshot {
    const balances: { account: number; currency: string; balanceMinor: string }[] = [];
    const lists = this.currencies.map((currency) => ({ currency, list: this.balances.get(currency) as bigint[] }));
    for (let account = 0; account < this.names.length; account++) {
      for (const { currency, list } of lists) {
        const value = list[account] as bigint;
        if (value !== 0n) balances.push({ account, currency, balanceMinor: value.toString() });
      }
    }
    return { accounts: [...this.names], balances, entries: this.entries };
  }

  /** A ledger in exactly the state `snapshot` describes; asserts its shape and that the books balance. */
  static restore(snapshot: LedgerSnapshot, currencies: readonly string[]): Ledger {
    const ledger = new Ledger(currencies);
    for (const name of snapshot.accounts) ledger.open(name);
    let last = -1;
    for (const { account, currency, balanceMinor } of snapshot.balances) {
      const list = ledger.balances.get(currency);
      assert(list !== undefined, `ledger snapshot balance in unknown currency ${currency}`);
      assert(
        Number.isSafeInteger(account) && account >= 0 && account < list.length,
        `ledger snapshot balance of unknown account ${account}`,
      );
      const at = account * currencies.length + currencies.indexOf(currency);
      assert(at > last, 'ledger snapshot balances are not in canonical order');
      last = at;
      const value = bigintOf(balanceMinor);
      assert(value !== 0n, 'ledger snapshot lists a zero balance');
      list[account] = value;
    }
    assert(Number.isSafeInteger(snapshot.entries) && snapshot.entries >= 0, 'ledger snapshot entry count');
    ledger.entries = snapshot.entries;
    for (const [currency, total] of ledger.totals()) assert(total === 0n, `ledger snapshot in ${currency} sums to ${total}, not 0`);
    return ledger;
  }
}

/** A decimal integer string (as snapshots write bigints) back to a bigint; asserts the form. */
export function bigintOf(text: string): bigint {
  assert(typeof text === 'string' && /^(?:0|-?[1-9][0-9]*)$/.test(text), `not a decimal integer: ${String(text)}`);
  return BigInt(text);
}
