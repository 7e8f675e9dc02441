import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BenchReport } from './report.js';

/** Writes latest.json, latest.md and a timestamped copy of the JSON; returns their paths. */
export function writeReportFiles(directory: string, report: BenchReport, markdown: string): string[] {
  mkdirSync(directory, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const stamp = report.generatedAt.replace(/[:.]/g, '-');
  const files = [resolve(directory, 'latest.json'), resolve(directory, `${stamp}.json`), resolve(directory, 'latest.md')];
  writeFileSync(files[0]!, json);
  writeFileSync(files[1]!, json);
  writeFileSync(files[2]!, markdown);
  return files;
}
