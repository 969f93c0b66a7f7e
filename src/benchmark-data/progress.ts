/**
 * A progress bar for long benchmark jobs, drawn on stderr only when it is a terminal
 * (so redirected output and tests stay clean). Wraps cli-progress.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export function startProgress(label: string): Progress {
  if (process.stderr.isTTY !== true) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% {value}/{total} days`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number): void {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      if (done === total || done % 25 === 0) bar.update(done);
    },
    stop(): void {
      if (started) bar.stop();
    },
  };
}
