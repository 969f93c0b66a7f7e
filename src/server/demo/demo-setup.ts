/**
 * The demo's clearing accounts, set up through the sequencer (journaled operator
 * commands, replayed on restart like any other): one clearing member, and under it a
 * customer account with collateral for each simulated agent and for the demo user.
 *
 * Idempotent: it reads the clearing house first and sends only what is missing, so a
 * restart on an existing demo database sends nothing. Collateral is deposited when an
 * account holds less than half its target (a new account, or a crash between opening
 * and depositing, or an account drained by losses), up to the target. A refused command
 * stops the start with an error naming it.
 */
import type { EngineCommand } from '../../core/engine/index.ts';
import type { Exchange } from '../exchange.ts';

export interface DemoAccount {
  readonly account: string;
  readonly currency: string;
  readonly collateralMinor: bigint;
}

/** Sets up what is missing; returns the number of commands sent (0 on a restart). */
export async function setUpDemoAccounts(exchange: Exchange, member: string, accounts: readonly DemoAccount[]): Promise<number> {
  let sent = 0;
  const send = async (command: EngineCommand): Promise<void> => {
    sent += 1;
    const applied = await exchange.submit(command);
    const refused = applied.events.find((event) => event.type.endsWith('Rejected'));
    if (refused !== undefined) throw new Error(`demo set-up: ${command.type} refused: ${JSON.stringify(refused)}`);
  };
  const house = () => {
    const clearing = exchange.engine.clearing;
    if (clearing === null) throw new Error('demo set-up: the clearing house is not set up');
    return clearing;
  };
  if (!house().memberIds().includes(member)) await send({ type: 'AddClearingMember', member });
  for (const { account, currency, collateralMinor } of accounts) {
    if (!house().hasAccount(account)) await send({ type: 'OpenClearingAccount', account, member, kind: 'customer' });
    const held: bigint = house().collateralMinor(account, currency);
    if (held * 2n < collateralMinor) {
      await send({ type: 'MoveCollateral', movement: 'deposit', party: account, currency, amountMinor: String(collateralMinor - held) });
    }
  }
  return sent;
}
