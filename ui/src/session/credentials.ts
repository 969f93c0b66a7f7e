/**
 * The API key and secret of the signed-in user, kept in the browser tab's sessionStorage
 * (gone when the tab closes; never in localStorage, cookies or the URL). Requests are
 * signed in the browser with it (src/client, Web Crypto); the secret never leaves the tab.
 */

export interface Credentials {
  readonly account: string;
  readonly apiKey: string;
  readonly apiSecret: string;
}

const storageKey = 'tokex.credentials';

export function loadCredentials(): Credentials | null {
  const text = sessionStorage.getItem(storageKey);
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<Credentials>;
    if (typeof value.account === 'string' && typeof value.apiKey === 'string' && typeof value.apiSecret === 'string') {
      return { account: value.account, apiKey: value.apiKey, apiSecret: value.apiSecret };
    }
  } catch {
    // A damaged entry is dropped below.
  }
  sessionStorage.removeItem(storageKey);
  return null;
}

export function saveCredentials(credentials: Credentials): void {
  sessionStorage.setItem(storageKey, JSON.stringify(credentials));
}

export function clearCredentials(): void {
  sessionStorage.removeItem(storageKey);
}
