/**
 * The app shell: the header (pages, connection light, who is signed in) and the page of
 * the URL hash. Trade and Account need a sign-in for the private parts; Benchmarks and
 * Contracts are public.
 */
import type { ReactNode } from 'react';
import { AccountPage } from './account/account-page.tsx';
import { BenchmarksPage } from './benchmarks/benchmarks-page.tsx';
import { ConnectionIndicator } from './components/connection-indicator.tsx';
import { ContractsPage } from './contracts/contracts-page.tsx';
import { navigate, usePage, type Page } from './lib/hash-route.ts';
import { LoginPage } from './session/login-page.tsx';
import { useSession } from './session/session-context.tsx';
import { TradePage } from './trade/trade-page.tsx';

const tabs: readonly (readonly [Page, string])[] = [
  ['trade', 'Trade'],
  ['benchmarks', 'Benchmarks'],
  ['contracts', 'Contracts'],
  ['account', 'Account'],
];

function Header({ page }: { readonly page: Page }): ReactNode {
  const { credentials, signOut } = useSession();
  return (
    <header className="app-header">
      <span className="brand">tokex</span>
      <nav>
        {tabs.map(([name, label]) => (
          <a key={name} href={`#/${name}`} className={page === name ? 'active' : ''} data-testid={`nav-${name}`}>
            {label}
          </a>
        ))}
      </nav>
      <span className="spacer" />
      <ConnectionIndicator />
      {credentials === null ? (
        <a href="#/login" data-testid="nav-login">
          Sign in
        </a>
      ) : (
        <span className="who">
          <span data-testid="signed-in-as">{credentials.account}</span>
          <button
            type="button"
            className="small"
            onClick={() => {
              signOut();
              navigate('login');
            }}
          >
            sign out
          </button>
        </span>
      )}
    </header>
  );
}

function Body({ page }: { readonly page: Page }): ReactNode {
  switch (page) {
    case 'trade':
      return <TradePage />;
    case 'benchmarks':
      return <BenchmarksPage />;
    case 'contracts':
      return <ContractsPage />;
    case 'account':
      return <AccountPage />;
    case 'login':
      return <LoginPage />;
  }
}

export function App(): ReactNode {
  const page = usePage();
  return (
    <>
      <Header page={page} />
      <main className={`page page-${page}`}>
        <Body page={page} />
      </main>
    </>
  );
}
