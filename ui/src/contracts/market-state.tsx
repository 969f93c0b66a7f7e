/**
 * Session and limit state of a contract: the live state the engine reports (`state`:
 * session, halt, reference price and prior settlement, today's limits and band, the
 * last settlement, the day's trades), today's calendar status and session times (UTC),
 * and the rules: the daily price limit and its escalation, the price band and the
 * circuit breaker.
 */
import type { ReactNode } from 'react';
import type { InstrumentDetail, InstrumentState } from '../../../src/client/index.ts';
import { bpsPercent, dateTimeUtc, durationLabel, timeUtc } from '../lib/format.ts';

function sessionText(state: InstrumentState): string {
  if (state.session === null) return 'no contract rules apply';
  const session = state.session.replace(/_/g, ' ');
  if (state.session !== 'halted') return session;
  const reason = state.haltReason === null ? '' : ` (${state.haltReason.replace(/_/g, ' ')})`;
  const resume = state.resumeAtMs === null ? '' : `, resumes ${dateTimeUtc(state.resumeAtMs)} UTC`;
  return `${session}${reason}${resume}`;
}

/** The engine's live state of the contract, one row per fact it reports. */
function LiveRows({ state }: { readonly state: InstrumentState }): ReactNode {
  const rows: [string, string][] = [['session', sessionText(state)]];
  if (state.reopenAtMs !== null) rows.push(['re-opening auction until', `${dateTimeUtc(state.reopenAtMs)} UTC`]);
  if (state.referencePrice !== null) rows.push(['reference price', state.referencePrice]);
  if (state.priorSettlement !== null) rows.push(['prior settlement', state.priorSettlement]);
  if (state.limits !== null) {
    const step = state.limits.step === 0 ? 'base limit' : `step ${state.limits.step} after ${state.limits.lockedDays} locked day(s)`;
    rows.push(['daily limits today', `${state.limits.lower} to ${state.limits.upper} (${step})`]);
  }
  if (state.band !== null) rows.push(['price band now', `${state.band.lower} to ${state.band.upper}`]);
  if (state.indicative !== null) {
    rows.push([
      'indicative auction',
      `${state.indicative.price ?? '—'} for ${state.indicative.qty}, imbalance ${state.indicative.imbalance}`,
    ]);
  }
  if (state.lastSettlement !== null) {
    const s = state.lastSettlement;
    rows.push(['last settlement', `${s.price} on ${s.date} (${s.cycle.replace(/_/g, ' ')}, ${s.tier.replace(/_/g, ' ')})`]);
  }
  if (state.finalSettlementPrice !== null) rows.push(['final settlement price', state.finalSettlementPrice]);
  rows.push(['traded today', `${state.dayTrades} trades, volume ${state.dayVolume}`]);
  return (
    <>
      {rows.map(([name, value]) => (
        <tr key={name} data-testid="state-field" className={name === 'session' ? 'emphasis' : ''}>
          <th>{name}</th>
          <td>{value}</td>
        </tr>
      ))}
    </>
  );
}

export function MarketState({ detail }: { readonly detail: InstrumentDetail }): ReactNode {
  const today = detail.today;
  const p = detail.product;
  return (
    <div data-testid="market-state">
      <table className="kv">
        <tbody>
          <LiveRows state={detail.state} />
          {today !== null && (
            <>
              <tr>
                <th>calendar ({today.date})</th>
                <td>
                  {today.calendarStatus.replace(/_/g, ' ')}
                  {today.tradingDay ? ', a trading day' : ', no trading'}
                </td>
              </tr>
              <tr>
                <th>product session (UTC)</th>
                <td>
                  {today.session === null
                    ? 'none today'
                    : `pre-open ${timeUtc(today.session.preOpenMs)}, open ${timeUtc(today.session.openMs)}, ` +
                      `closing window ${timeUtc(today.session.closingWindowStartMs)}, close ${timeUtc(today.session.closeMs)}`}
                </td>
              </tr>
            </>
          )}
          {p !== null && (
            <>
              <tr>
                <th>daily limit</th>
                <td>
                  ±{bpsPercent(p.dailyLimit.baseBps)} of the prior settlement
                  {p.dailyLimit.escalation.map((step, n) => ` → ±${bpsPercent(step.limitBps)} after ${n + 1} locked day(s)`).join('')}; halt
                  after {p.dailyLimit.haltAfterLockedDays} locked days
                </td>
              </tr>
              <tr>
                <th>price band</th>
                <td>±{bpsPercent(p.priceBand.bandBps)} around the reference price</td>
              </tr>
              <tr>
                <th>circuit breaker</th>
                <td>
                  a move of {bpsPercent(p.circuitBreaker.moveBps)} within {durationLabel(p.circuitBreaker.windowMs)} pauses trading for{' '}
                  {durationLabel(p.circuitBreaker.pauseMs)}, then a {durationLabel(p.circuitBreaker.reopenAuctionMs)} reopening auction
                </td>
              </tr>
            </>
          )}
        </tbody>
      </table>
    </div>
  );
}
