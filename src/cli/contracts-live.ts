/**
 * The live part of `tokex contracts show SYMBOL --url URL`: one `GET /v1/instruments/:symbol`
 * through the SDK (src/client) to a running exchange, and its state as text lines.
 *
 * Loaded by src/cli/contracts.ts only when `--url` is given. Every failure becomes one
 * Error whose message names the field and the reason (`--url: ...` for a bad URL, a
 * server that cannot be reached, does not answer in time or is not a tokex server;
 * `symbol: no instrument X on URL` for the server's 404), so the caller prints nothing
 * and exits 1.
 */
import { TokexApiError, TokexClient, type FetchLike, type InstrumentState, type InstrumentToday } from '../client/index.ts';

/** What `show --json` puts under `live` when the state came from a server. */
export interface LiveState {
  readonly available: true;
  /** The server, as given (without trailing slashes). */
  readonly url: string;
  readonly symbol: string;
  /** The server's UTC date and what its calendar says about the contract today. */
  readonly today: InstrumentToday | null;
  readonly state: InstrumentState;
}

/** `--url`: an absolute http(s) URL without query or fragment; returned without trailing slashes. */
export function checkedUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`--url: "${text}" is not a URL (for example http://127.0.0.1:8080)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`--url: "${text}" is not an http or https URL (for example http://127.0.0.1:8080)`);
  }
  if (url.search !== '' || url.hash !== '') throw new Error(`--url: "${text}" has a query or a fragment; give the server's base URL`);
  return text.replace(/\/+$/, '');
}

/** Fetches the live state of `symbol` from the exchange at `urlText`, or throws one Error that names the field. */
export async function fetchLive(urlText: string, symbol: string, timeoutMs: number): Promise<LiveState> {
  const url = checkedUrl(urlText);
  let status: number | null = null;
  const fetchWithTimeout: FetchLike = async (target, init) => {
    const response = await globalThis.fetch(target, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    status = response.status;
    return response;
  };
  const client = new TokexClient({ baseUrl: url, fetch: fetchWithTimeout });
  let detail: unknown;
  try {
    detail = await client.instrument(symbol);
  } catch (error) {
    throw liveError(error, url, symbol, status, timeoutMs);
  }
  if (!isDetail(detail)) throw new Error(`--url: ${url} answered without an instrument state: is it a tokex server?`);
  return { available: true, url, symbol, today: detail.today ?? null, state: detail.state };
}

function liveError(error: unknown, url: string, symbol: string, status: number | null, timeoutMs: number): Error {
  if (error instanceof TokexApiError) {
    // reason is missing when the body is not a tokex error (another server, a proxy).
    const reason = (error.reason as string | undefined) ?? null;
    if (error.status === 404 && reason === 'unknown_instrument') return new Error(`symbol: no instrument ${symbol} on ${url}`);
    if (error.status === 404) return new Error(`--url: ${url} has no GET /v1/instruments/:symbol (HTTP 404): is it a tokex server?`);
    const said = reason === null ? '' : `: ${reason}${error.message === '' ? '' : ` (${error.message})`}`;
    return new Error(`--url: ${url} answered HTTP ${error.status}${said}`);
  }
  if (error instanceof SyntaxError) {
    return new Error(`--url: ${url} answered HTTP ${status ?? '?'} with a body that is not JSON: is it a tokex server?`);
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new Error(`--url: no answer from ${url} within ${timeoutMs} ms (see --timeout)`);
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null;
  const detail = (cause ?? (error instanceof Error ? error.message : String(error))).trim().split('\n')[0];
  return new Error(`--url: cannot reach ${url} (${detail ?? 'no reason given'})`);
}

function isDetail(value: unknown): value is { today?: InstrumentToday | null; state: InstrumentState } {
  if (typeof value !== 'object' || value === null) return false;
  const state = (value as { state?: unknown }).state;
  return typeof state === 'object' && state !== null && 'session' in state && 'limits' in state;
}

function isoOf(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The live state as the text lines of `show`, after the static and computed parts. */
export function liveText(live: LiveState): string[] {
  const s = live.state;
  const date = live.today === null ? '' : `, server date ${live.today.date}`;
  const lines = [`live (from ${live.url}${date}):`];
  if (s.session === null) {
    lines.push('  session: none - the server runs no market rules for this instrument (start it with --clearing)');
  } else {
    const halt = s.haltReason === null ? '' : ` (${s.haltReason}${s.resumeAtMs === null ? '' : `, resumes ${isoOf(s.resumeAtMs)}`})`;
    const reopen = s.reopenAtMs === null ? '' : `, re-opening auction ends ${isoOf(s.reopenAtMs)}`;
    lines.push(`  session ${s.session}${halt}${reopen}`);
  }
  lines.push(`  reference price ${s.referencePrice ?? '-'}; prior settlement ${s.priorSettlement ?? '-'}`);
  const l = s.limits;
  if (l === null) lines.push('  daily limits: none');
  else {
    const step = l.step === 0 ? 'base' : `escalation step ${l.step}`;
    lines.push(
      `  daily limits ${l.lower} to ${l.upper} (${step}, ${l.lockedDays} limit-locked day(s) before today)`,
      `  margin rates: initial ${pct(l.initialMarginBps)}, maintenance ${pct(l.maintenanceMarginBps)}`,
    );
  }
  lines.push(s.band === null ? '  band: none' : `  band ${s.band.lower} to ${s.band.upper}`);
  const a = s.indicative;
  if (a !== null) {
    const side = a.imbalanceSide === null ? '' : ` ${a.imbalanceSide}`;
    lines.push(`  call auction: indicative price ${a.price ?? '- (no cross)'}, qty ${a.qty}, imbalance ${a.imbalance}${side}`);
  }
  const ls = s.lastSettlement;
  lines.push(ls === null ? '  last settlement: none yet' : `  last settlement ${ls.price} on ${ls.date} (${ls.cycle}, tier ${ls.tier})`);
  if (s.finalSettlementPrice !== null) lines.push(`  final settlement price ${s.finalSettlementPrice}`);
  lines.push(`  today: ${s.dayTrades} trade(s), volume ${s.dayVolume}`);
  return lines;
}

function pct(bps: number): string {
  return `${(bps / 100).toFixed(2)}%`;
}
