/**
 * Writes a simulation report to a directory: `report.md`, `result.json` (the same bytes
 * as `tokex sim run --json`) and the charts as SVG, and as PNG too when asked. The
 * node-facing edge of the report (file I/O here only). Files are written in a fixed
 * order with fixed names, so the same result gives the same directory, byte for byte.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { svgToPng } from '../../reports/svg-to-png.ts';
import { formatResult } from '../run-scenario.ts';
import type { SimResult } from '../simulation.ts';
import { simCharts } from './charts.ts';
import { simReportMarkdown } from './markdown.ts';

export interface ReportOptions {
  /** The command line that reproduces the run, quoted in the report. */
  readonly command: string;
  /** Also write each chart as PNG (resvg). */
  readonly png: boolean;
}

/** Writes the report; returns the paths written, in order. */
export async function writeSimReport(result: SimResult, dir: string, options: ReportOptions): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const charts = simCharts(result);
  const written: string[] = [];
  const write = (name: string, bytes: string | Uint8Array): void => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    written.push(path);
  };
  write('report.md', simReportMarkdown(result, charts, options.command));
  write('result.json', formatResult(result, true));
  for (const chart of charts) {
    write(chart.name, chart.svg);
    if (options.png) write(chart.name.replace(/\.svg$/, '.png'), await svgToPng(chart.svg));
  }
  return written;
}
