/**
 * The benchmarks: pick one, see its history chart (constituent changes marked), the
 * latest fixing (or the day clicked on the chart) with its inputs, weights and
 * exclusions, and the methodology document. Public data: no sign-in needed.
 */
import { useCallback, useState, type ReactNode } from 'react';
import type { BenchmarkListing } from '../../../src/client/index.ts';
import { ErrorNote } from '../components/error-note.tsx';
import { Panel } from '../components/panel.tsx';
import { Markdown } from '../lib/markdown.tsx';
import { useLoad, type Loaded } from '../lib/use-load.ts';
import { useSession } from '../session/session-context.tsx';
import { BenchmarkChart } from './benchmark-chart.tsx';
import { FixingView } from './fixing-view.tsx';

function Pending<T>({ state, children }: { readonly state: Loaded<T>; readonly children: (value: T) => ReactNode }): ReactNode {
  if (state.status === 'loading') return <p className="muted">Loading…</p>;
  if (state.status === 'error') return <ErrorNote error={state.error} />;
  return children(state.value);
}

function BenchmarkList(props: {
  readonly list: readonly BenchmarkListing[];
  readonly id: string;
  readonly onId: (id: string) => void;
}): ReactNode {
  return (
    <ul className="benchmark-list" data-testid="benchmark-list">
      {props.list.map((b) => (
        <li key={b.id}>
          <button type="button" className={b.id === props.id ? 'active' : ''} onClick={() => props.onId(b.id)} data-testid="benchmark-item">
            <strong>{b.id}</strong>
            <span className="muted small">{b.title}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function BenchmarkDetail({ listing }: { readonly listing: BenchmarkListing }): ReactNode {
  const { client } = useSession();
  const [date, setDate] = useState<string | null>(null);
  const history = useLoad(() => client.benchmarkHistory(listing.id), [client, listing.id]);
  const fixing = useLoad(() => client.benchmarkFixing(listing.id, date ?? undefined), [client, listing.id, date]);
  const methodology = useLoad(() => client.benchmarkMethodology(listing.id), [client, listing.id]);
  const onPickDate = useCallback((picked: string) => setDate(picked), []);
  return (
    <>
      <Panel title={`${listing.id} · ${listing.unit}`} className="area-history">
        <p className="muted small">
          {listing.title}. Methodology {listing.version}. Markers: constituent changes. Click a day to see its fixing.
        </p>
        <Pending state={history}>{(value) => <BenchmarkChart history={value} onPickDate={onPickDate} />}</Pending>
      </Panel>
      <Panel title={date === null ? 'latest fixing' : `fixing of ${date}`} className="area-fixing">
        {date !== null && (
          <button type="button" className="small" onClick={() => setDate(null)}>
            back to the latest
          </button>
        )}
        <Pending state={fixing}>{(value) => <FixingView fixing={value} />}</Pending>
      </Panel>
      <Panel title="methodology" className="area-methodology">
        <Pending state={methodology}>
          {(value) => (
            <>
              <Markdown text={value.markdown} />
              <details>
                <summary>Rules common to every benchmark</summary>
                <Markdown text={value.commonMarkdown} />
              </details>
            </>
          )}
        </Pending>
      </Panel>
    </>
  );
}

export function BenchmarksPage(): ReactNode {
  const { client } = useSession();
  const list = useLoad(() => client.benchmarks(), [client]);
  const [id, setId] = useState<string | null>(null);
  return (
    <div className="benchmarks-grid" data-testid="benchmarks-page">
      <Pending state={list}>
        {(benchmarks) => {
          const chosen = benchmarks.find((b) => b.id === id) ?? benchmarks[0];
          return (
            <>
              <Panel title="benchmarks" className="area-list">
                <BenchmarkList list={benchmarks} id={chosen?.id ?? ''} onId={setId} />
              </Panel>
              {chosen !== undefined && <BenchmarkDetail key={chosen.id} listing={chosen} />}
            </>
          );
        }}
      </Pending>
    </div>
  );
}
