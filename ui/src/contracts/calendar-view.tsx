/**
 * The listing calendar for the coming months (`GET /v1/calendar`): listings, last
 * trading days and final settlements, by date.
 */
import type { ReactNode } from 'react';
import { ErrorNote } from '../components/error-note.tsx';
import { addDaysUtc, todayUtc } from '../lib/format.ts';
import { useLoad } from '../lib/use-load.ts';
import { useSession } from '../session/session-context.tsx';

export const calendarDays = 180;

export function CalendarView(): ReactNode {
  const { client } = useSession();
  const from = todayUtc();
  const calendar = useLoad(() => client.calendar({ from, to: addDaysUtc(from, calendarDays) }), [client, from]);
  if (calendar.status === 'loading') return <p className="muted">Loading…</p>;
  if (calendar.status === 'error') return <ErrorNote error={calendar.error} />;
  const { events } = calendar.value;
  return (
    <table className="grid" data-testid="calendar">
      <thead>
        <tr>
          <th>date</th>
          <th>event</th>
          <th>contract</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={`${e.date}${e.kind}${e.symbol}`}>
            <td>{e.date}</td>
            <td>
              {e.kind.replace(/_/g, ' ')}
              {e.provisional && <span className="muted"> (provisional)</span>}
            </td>
            <td>{e.symbol}</td>
          </tr>
        ))}
        {events.length === 0 && (
          <tr>
            <td colSpan={3} className="muted">
              Nothing in the next {calendarDays} days.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
