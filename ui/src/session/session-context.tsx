/**
 * The session: who is signed in, the REST client signed with their key (TokexClient,
 * signing in the browser with Web Crypto) and the live WebSocket connection. One client
 * and one connection per sign-in; signing out or in again replaces both (the old socket
 * closes). Without credentials the client and socket are public (benchmarks, contracts).
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { TokexClient } from '../../../src/client/index.ts';
import { LiveConnection } from '../market/live-connection.ts';
import { clearCredentials, loadCredentials, saveCredentials, type Credentials } from './credentials.ts';
import { monotonicNowMs } from './monotonic-clock.ts';

export interface Session {
  readonly credentials: Credentials | null;
  readonly client: TokexClient;
  readonly connection: LiveConnection;
  readonly signIn: (credentials: Credentials) => void;
  readonly signOut: () => void;
}

const SessionContext = createContext<Session | null>(null);

/** The page's origin (`http://host:port`) and the WebSocket URL of the same server. */
export function serverUrls(): { readonly baseUrl: string; readonly wsUrl: string } {
  const { protocol, host } = window.location;
  return { baseUrl: `${protocol}//${host}`, wsUrl: `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}/v1/ws` };
}

export function makeClient(credentials: Credentials | null): TokexClient {
  const { baseUrl } = serverUrls();
  return new TokexClient({
    baseUrl,
    ...(credentials !== null && { apiKey: credentials.apiKey, apiSecret: credentials.apiSecret }),
    nowMs: monotonicNowMs,
  });
}

export function SessionProvider({ children }: { readonly children: ReactNode }): ReactNode {
  const [credentials, setCredentials] = useState<Credentials | null>(loadCredentials);
  const client = useMemo(() => makeClient(credentials), [credentials]);
  const connection = useMemo(() => new LiveConnection(serverUrls().wsUrl, credentials), [credentials]);
  useEffect(() => {
    connection.start();
    return () => connection.stop();
  }, [connection]);
  const session = useMemo<Session>(
    () => ({
      credentials,
      client,
      connection,
      signIn: (next) => {
        saveCredentials(next);
        setCredentials(next);
      },
      signOut: () => {
        clearCredentials();
        setCredentials(null);
      },
    }),
    [credentials, client, connection],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession outside SessionProvider');
  return session;
}
