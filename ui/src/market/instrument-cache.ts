/**
 * Instrument specifications (`GET /v1/instruments/:symbol`) read once per symbol and page
 * load: tick value, margin rates and the quote currency do not change while a contract
 * trades. Failed reads are forgotten so a later call tries again.
 */
import { useEffect, useState } from 'react';
import type { InstrumentDetail, TokexClient } from '../../../src/client/index.ts';

const cache = new Map<string, Promise<InstrumentDetail>>();

export function instrumentDetail(client: TokexClient, symbol: string): Promise<InstrumentDetail> {
  let found = cache.get(symbol);
  if (found === undefined) {
    found = client.instrument(symbol);
    cache.set(symbol, found);
    found.catch(() => cache.delete(symbol));
  }
  return found;
}

/** The details of `symbols` known so far (filled in as they arrive). */
export function useInstrumentDetails(client: TokexClient, symbols: readonly string[]): ReadonlyMap<string, InstrumentDetail> {
  const [details, setDetails] = useState<ReadonlyMap<string, InstrumentDetail>>(new Map());
  const key = [...symbols].sort().join(',');
  useEffect(() => {
    let live = true;
    for (const symbol of key.split(',').filter((s) => s.length > 0)) {
      instrumentDetail(client, symbol).then(
        (detail) => live && setDetails((current) => (current.get(symbol) === detail ? current : new Map(current).set(symbol, detail))),
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [client, key]);
  return details;
}
