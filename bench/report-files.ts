import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BenchReport, BillingOnlyReport, CollectionsOnlyReport, DocumentsOnlyReport, InitOnlyReport, RatingOnlyReport, RevenueOnlyReport, SoakOnlyReport, WebOnlyReport } from './report.js';

/**
 * Writes <name>.json, <name>.md and a timestamped copy of the JSON; returns their paths. A run of
 * one section alone names its files after it, so latest.* stays a whole run's.
 */
export function writeReportFiles(directory: string, report: BenchReport | BillingOnlyReport | CollectionsOnlyReport | DocumentsOnlyReport | InitOnlyReport | RevenueOnlyReport | RatingOnlyReport | SoakOnlyReport | WebOnlyReport, markdown: string, name = 'latest'): string[] {
  mkdirSync(directory, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const stamp = `${name === 'latest' ? '' : `${name}-`}${report.generatedAt.replace(/[:.]/g, '-')}`;
  const files = [resolve(directory, `${name}.json`), resolve(directory, `${stamp}.json`), resolve(directory, `${name}.md`)];
  writeFileSync(files[0]!, json);
  writeFileSync(files[1]!, json);
  writeFileSync(files[2]!, markdown);
  return files;
}
