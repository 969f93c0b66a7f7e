/**
 * The signing clock: Unix milliseconds that never repeat. The server accepts a signature
 * once, so two identical requests in the same millisecond (the same GET from two panels)
 * would otherwise be refused as replays; each call returns at least the previous value
 * plus one. Drift is bounded by the request rate (a few ms), well inside the server's
 * 30 s window.
 */

let lastMs = 0;

export function monotonicNowMs(): number {
  const now = Date.now();
  lastMs = now > lastMs ? now : lastMs + 1;
  return lastMs;
}
