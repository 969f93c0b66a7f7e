/**
 * Pages by URL hash (`#/trade`, `#/benchmarks`, ...), so the server serves one index.html
 * and reloads keep the page. Unknown hashes fall back to the first page.
 */
import { useEffect, useState } from 'react';

export const pages = ['trade', 'benchmarks', 'contracts', 'account', 'login'] as const;
export type Page = (typeof pages)[number];

function current(): Page {
  const name = window.location.hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  return (pages as readonly string[]).includes(name) ? (name as Page) : 'trade';
}

export function navigate(page: Page): void {
  window.location.hash = `#/${page}`;
}

export function usePage(): Page {
  const [page, setPage] = useState<Page>(current);
  useEffect(() => {
    const onChange = (): void => setPage(current());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return page;
}
