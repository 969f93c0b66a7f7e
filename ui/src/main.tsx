/**
 * Entry point of the web app: mounts the shell with the session (key, REST client,
 * WebSocket) and the account's live state. A visitor without a key starts on the
 * sign-in page.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { navigate } from './lib/hash-route.ts';
import { AccountProvider } from './market/account-context.tsx';
import { loadCredentials } from './session/credentials.ts';
import { SessionProvider } from './session/session-context.tsx';
import './styles.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
if (loadCredentials() === null && window.location.hash === '') navigate('login');
createRoot(root).render(
  <StrictMode>
    <SessionProvider>
      <AccountProvider>
        <App />
      </AccountProvider>
    </SessionProvider>
  </StrictMode>,
);
