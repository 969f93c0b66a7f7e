/** A titled box of the page grid. */
import type { ReactNode } from 'react';

export function Panel(props: {
  readonly title: ReactNode;
  readonly children: ReactNode;
  readonly className?: string;
  readonly testId?: string;
}): ReactNode {
  return (
    <section className={`panel ${props.className ?? ''}`} data-testid={props.testId}>
      <h2 className="panel-title">{props.title}</h2>
      <div className="panel-body">{props.children}</div>
    </section>
  );
}
