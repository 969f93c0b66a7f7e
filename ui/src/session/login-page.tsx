/**
 * Sign in with an API key and secret. The key is checked with a signed WebSocket login
 * (which also names its account) before it is kept in the tab's sessionStorage; a
 * refused key is explained and not kept. When the server runs the demo market
 * (`GET /v1/demo/credentials` answers), the page offers its key.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { TokexApiError, TokexSocket, type DemoCredentials } from '../../../src/client/index.ts';
import { errorText } from '../lib/format.ts';
import { navigate } from '../lib/hash-route.ts';
import { monotonicNowMs } from './monotonic-clock.ts';
import { serverUrls, useSession } from './session-context.tsx';
import type { Credentials } from './credentials.ts';

/** Resolves with the account of a working key (the WebSocket login names it), or rejects with the server's reason. */
async function verify(apiKey: string, apiSecret: string): Promise<string> {
  const socket = new TokexSocket({ url: serverUrls().wsUrl, apiKey, apiSecret, nowMs: monotonicNowMs });
  await socket.open();
  try {
    return (await socket.login()).account;
  } finally {
    socket.close(1000, 'key checked');
  }
}

function useDemoCredentials(): DemoCredentials | null {
  const { client } = useSession();
  const [demo, setDemo] = useState<DemoCredentials | null>(null);
  useEffect(() => {
    let live = true;
    client.demoCredentials().then(
      (credentials) => live && setDemo(credentials),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client]);
  return demo;
}

export function LoginPage(): ReactNode {
  const { signIn, credentials } = useSession();
  const demo = useDemoCredentials();
  const [apiKey, setApiKey] = useState('');
  const [apiSecret, setApiSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (key: string, secret: string, account: string | null): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const verified = account ?? (await verify(key, secret));
      const next: Credentials = { account: verified, apiKey: key, apiSecret: secret };
      signIn(next);
      navigate('trade');
    } catch (failure) {
      setError(failure instanceof TokexApiError ? `${failure.message} (${failure.reason})` : errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    void submit(apiKey.trim(), apiSecret.trim(), null);
  };

  return (
    <div className="login">
      <h1>Sign in to tokex</h1>
      {credentials !== null && <p className="muted">Signed in as {credentials.account}. Sign in again to switch keys.</p>}
      {demo !== null && (
        <div className="demo-offer" data-testid="demo-offer">
          <p>
            This server runs the demo market. Trade as <strong>{demo.account}</strong> with its key:
          </p>
          <button type="button" disabled={busy} onClick={() => void submit(demo.apiKey, demo.apiSecret, demo.account)}>
            Use the demo key
          </button>
        </div>
      )}
      <form onSubmit={onSubmit} className="login-form">
        <label>
          API key
          <input name="apiKey" autoComplete="username" value={apiKey} onChange={(e) => setApiKey(e.target.value)} required />
        </label>
        <label>
          API secret
          <input
            name="apiSecret"
            type="password"
            autoComplete="current-password"
            value={apiSecret}
            onChange={(e) => setApiSecret(e.target.value)}
            required
          />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        {error !== null && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </form>
      <p className="muted small">
        Create a key with <code>node bin/tokex.js keys create --db ./var/tokex.db --account NAME</code>. The key and secret stay in this tab
        (sessionStorage); requests are signed in the browser.
      </p>
    </div>
  );
}
