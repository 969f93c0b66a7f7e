/**
 * Makes the signed-in account's live state (AccountStore) available to every page: one
 * store per sign-in, started on the session's connection and stopped on sign-out.
 * Without credentials there is no store (`useAccountStore` returns null).
 */
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useFrameStore } from '../lib/frame-store.ts';
import { useSession } from '../session/session-context.tsx';
import { AccountStore, signedOutState, type AccountState } from './account-store.ts';

const AccountContext = createContext<AccountStore | null>(null);

export function AccountProvider({ children }: { readonly children: ReactNode }): ReactNode {
  const { credentials, client, connection } = useSession();
  const store = useMemo(() => (credentials === null ? null : new AccountStore(client)), [credentials, client]);
  useEffect(() => {
    if (store === null) return undefined;
    store.start(connection);
    return () => store.stop();
  }, [store, connection]);
  return <AccountContext.Provider value={store}>{children}</AccountContext.Provider>;
}

export function useAccountStore(): AccountStore | null {
  return useContext(AccountContext);
}

/** The account's state; an empty, never-loaded state when signed out. */
export function useAccountState(): AccountState {
  const store = useAccountStore();
  return useFrameStore(store?.state ?? signedOutState);
}
